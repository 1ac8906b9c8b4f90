import type { BenchRecord } from './bench-record.js';
import { checkSchema } from './check-schema.js';
import { BENCH_RECORD_SCHEMA } from './record-schema.js';

/**
 * Checks one record against {@link BENCH_RECORD_SCHEMA} plus the rules a schema cannot say
 * (`msMin <= msMedian <= msMax`, `msAll.length === runs`). Returns every problem found, each
 * starting with its field; an empty list means the record is valid.
 *
 * @param value anything (a parsed JSON object, a record under construction).
 * @param path the name problems start with; default `BenchRecord`.
 * @returns problems such as `BenchRecord.msMedian: must be a finite number >= 0, got "fast"`.
 * @example
 * const problems = validateRecord(JSON.parse(text));
 * if (problems.length > 0) throw new ConfigError(problems);
 */
export function validateRecord(value: unknown, path = 'BenchRecord'): string[] {
  const problems: string[] = [];
  checkSchema(BENCH_RECORD_SCHEMA, value, path, problems);
  if (problems.length === 0) {
    const r = value as BenchRecord;
    if (!(r.msMin <= r.msMedian && r.msMedian <= r.msMax)) {
      problems.push(`${path}.msMedian: must lie in [msMin, msMax] = [${r.msMin}, ${r.msMax}], got ${r.msMedian}`);
    }
    if (r.msAll.length !== r.runs) {
      problems.push(`${path}.msAll: must hold one time per run (runs = ${r.runs}), got ${r.msAll.length}`);
    }
    if (r.scaleAxis !== undefined && !(r.scaleAxis in r.params)) {
      problems.push(`${path}.scaleAxis: must name an entry of params (${Object.keys(r.params).join(', ')}), got ${JSON.stringify(r.scaleAxis)}`);
    }
  }
  return problems;
}
