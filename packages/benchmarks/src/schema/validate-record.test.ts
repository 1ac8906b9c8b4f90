import { describe, expect, it } from 'vitest';
import { makeRecord } from '../test-fixtures.js';
import { BENCH_RECORD_SCHEMA } from './record-schema.js';
import { validateRecord } from './validate-record.js';

describe('validateRecord', () => {
  it('accepts a good record, with and without the optional scaleAxis', () => {
    expect(validateRecord(makeRecord())).toEqual([]);
    expect(validateRecord(makeRecord({ scaleAxis: 'units' }))).toEqual([]);
  });

  it('rejects a bad field with a message naming it', () => {
    expect(validateRecord(makeRecord({ msMedian: 'fast' as unknown as number }))).toEqual([
      'BenchRecord.msMedian: must be a finite number >= 0, got "fast"',
    ]);
    expect(validateRecord(makeRecord({ model: 'cnn' as 'rim' }))).toEqual([
      'BenchRecord.model: must be one of rim | lstm | gru | tim | transformer, got "cnn"',
    ]);
    expect(validateRecord(makeRecord({ batch: 0 }))).toEqual(['BenchRecord.batch: must be >= 1, got 0']);
    expect(validateRecord(makeRecord({ steps: 2.5 }))).toEqual(['BenchRecord.steps: must be an integer >= 1, got 2.5']);
    expect(validateRecord(makeRecord({ gflops: Infinity }))).toEqual(['BenchRecord.gflops: must be a finite number >= 0, got Infinity']);
  });

  it('names missing, unknown and nested fields', () => {
    const { size: _size, ...noSize } = makeRecord();
    expect(validateRecord(noSize)).toEqual(['BenchRecord.size: is required']);
    expect(validateRecord({ ...makeRecord(), msMean: 3 })).toEqual(['BenchRecord.msMean: is not a known field']);
    expect(validateRecord(makeRecord({ params: { units: [6] as unknown as number } }))).toEqual([
      'BenchRecord.params.units: must be a string, a finite number or a boolean, got [6]',
    ]);
    expect(validateRecord(makeRecord({ msAll: [1, -1, 2] }))).toEqual(['BenchRecord.msAll[1]: must be >= 0, got -1']);
    expect(validateRecord(null)).toEqual(['BenchRecord: must be an object, got null']);
  });

  it('checks what the schema cannot say: min <= median <= max, one time per run, scaleAxis in params', () => {
    expect(validateRecord(makeRecord({ msMedian: 30 }))).toEqual(['BenchRecord.msMedian: must lie in [msMin, msMax] = [18, 25], got 30']);
    expect(validateRecord(makeRecord({ runs: 4 }))).toEqual(['BenchRecord.msAll: must hold one time per run (runs = 4), got 3']);
    expect(validateRecord(makeRecord({ scaleAxis: 'heads' }))).toEqual([
      'BenchRecord.scaleAxis: must name an entry of params (units, hidden), got "heads"',
    ]);
  });

  it('the schema requires every field the issue lists', () => {
    const listed = ['suite', 'model', 'preset', 'task', 'size', 'backend', 'mode', 'batch', 'steps', 'msMedian', 'msMin', 'msMax', 'seqPerSec', 'peakRssBytes', 'flopsPerStep', 'gflops'];
    for (const f of listed) expect(BENCH_RECORD_SCHEMA.required).toContain(f);
    expect(Object.keys(BENCH_RECORD_SCHEMA.properties).sort()).toEqual([...Object.keys(makeRecord()), 'scaleAxis'].sort());
  });
});
