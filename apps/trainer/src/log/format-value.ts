/** A metric for a table: accuracies (`.acc`, `.accLast10`) as percentages, the rest to 4 digits; `-` when missing. */
export function formatValue(key: string, value: number | undefined): string {
  if (value === undefined || value === null) return '-';
  if (/\.acc(Last\d+)?$/.test(key)) return `${(100 * value).toFixed(1)} %`;
  const a = Math.abs(value);
  return (a >= 0.001 && a < 1e5) || value === 0 ? value.toFixed(4) : value.toExponential(3);
}
