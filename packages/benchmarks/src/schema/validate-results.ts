import { checkSchema } from './check-schema.js';
import { BENCH_RESULTS_SCHEMA } from './record-schema.js';
import { validateRecord } from './validate-record.js';

/**
 * Checks a whole results file `{ schemaVersion: 1, createdAt, machine, run?, records, failures? }`:
 * the file's fields against {@link BENCH_RESULTS_SCHEMA} and each record with {@link validateRecord}.
 *
 * @returns every problem found, each starting with its path (`BenchResults.records[3].batch: ...`);
 *   empty when valid.
 * @example
 * const problems = validateResults(JSON.parse(readFileSync('results.json', 'utf8')));
 */
export function validateResults(value: unknown): string[] {
  const problems: string[] = [];
  const { records: _records, ...fileSchema } = BENCH_RESULTS_SCHEMA.properties;
  checkSchema({ ...BENCH_RESULTS_SCHEMA, properties: { ...fileSchema, records: { type: 'array' } } }, value, 'BenchResults', problems);
  const records = (value as { records?: unknown } | null)?.records;
  if (Array.isArray(records)) {
    records.forEach((r, i) => problems.push(...validateRecord(r, `BenchResults.records[${i}]`)));
  }
  return problems;
}
