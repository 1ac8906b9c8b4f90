import { formatTable } from '../log/format-table.js';
import { formatValue } from '../log/format-value.js';
import type { TaskSpec } from '../presets/preset-types.js';
import { PAPER_NUMBERS } from './paper-numbers.js';

/**
 * A table with one row per metric key and one column per trained model, then the paper's
 * models (blank where the paper has no number for that key).
 *
 * @param results metrics by model name (`{ rim: { 'test.T200.ceLast10': 0.01 }, lstm: ... }`)
 */
export function comparisonTable(spec: TaskSpec, keys: readonly string[], results: Readonly<Record<string, Record<string, number>>>): string {
  const models = Object.keys(results);
  const paper = PAPER_NUMBERS[spec.kind].filter((row) => keys.some((k) => k in row.values));
  const header = ['metric', ...models, ...paper.map((p) => p.model)];
  const rows = keys.map((k) => [
    k,
    ...models.map((m) => formatValue(k, results[m]![k])),
    ...paper.map((p) => (k in p.values ? formatValue(k, p.values[k]) : '')),
  ]);
  return formatTable(header, rows);
}
