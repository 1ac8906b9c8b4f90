/** Metrics as `key value | key value`, 4 significant digits, for log lines. */
export function formatMetrics(metrics: Record<string, number>): string {
  return Object.entries(metrics)
    .map(([k, v]) => `${k} ${Number(v.toPrecision(4))}`)
    .join(' | ');
}
