import { formatValue } from '../log/format-value.js';
import { finalLineKeys } from '../tasks/metric-keys.js';
import type { SeedMetric, SeedsFile } from './seeds-file.js';

/** `mean ± std` of one metric as its single-run values are shown (`0.0500 ± 0.0200`, `91.2 % ± 1.0 %`); the mean alone for one seed. */
export function formatSeedMetric(key: string, m: SeedMetric | undefined): string {
  if (!m) return '-';
  return m.n > 1 ? `${formatValue(key, m.mean)} ± ${formatValue(key, m.std)}` : formatValue(key, m.mean);
}

/**
 * The closing lines of a seeds run, one per headline metric (the keys a single run prints):
 * `test.T40.ceLast10: rim 0.0500 ± 0.0200, lstm 1.9000 ± 0.1000 (3 seeds)`. A model that
 * finished on fewer seeds than the others says how many (`rim 0.0500 (n = 1)`).
 *
 * @example
 * seedLines(readSeedsFile('runs/copying-cpu-x')).forEach((l) => console.log(l));
 */
export function seedLines(file: SeedsFile): string[] {
  const names = Object.keys(file.models);
  return finalLineKeys(file.task).map((key) => {
    const ns = names.map((m) => file.models[m]![key]?.n ?? 0);
    const same = ns.every((n) => n === ns[0]);
    const parts = names.map((m, i) => `${m} ${formatSeedMetric(key, file.models[m]![key])}${same ? '' : ` (n = ${ns[i]})`}`);
    const n = ns[0] ?? 0;
    return `${key}: ${parts.join(', ')}${same ? ` (${n} seed${n === 1 ? '' : 's'})` : ` (of ${file.seeds.length} seeds)`}`;
  });
}
