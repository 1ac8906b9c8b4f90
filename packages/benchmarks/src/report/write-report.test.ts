import { mkdtemp, readFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { readResults } from '../schema/read-results.js';
import { makeRecord, makeResults } from '../test-fixtures.js';
import { writeReport } from './write-report.js';

describe('writeReport', () => {
  it('writes results.json, report.md, bar charts per suite/task and scaling charts per axis', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'rimjs-report-'));
    const records = [
      makeRecord({ caseId: 'rim' }),
      makeRecord({ caseId: 'lstm', model: 'lstm', msMedian: 30, msMax: 30, msAll: [18, 30, 30] }),
      ...[2, 6].map((units) => makeRecord({ suite: 'scaling', caseId: `u${units}`, params: { units }, scaleAxis: 'units' })),
    ];
    const old = makeResults([makeRecord({ caseId: 'lstm', model: 'lstm', msMedian: 10, msMin: 10, msMax: 10, msAll: [10, 10, 10] })]);
    const { files, markdown } = await writeReport(dir, makeResults(records), { compare: old });
    expect(files.map((f) => f.slice(dir.length + 1)).sort()).toEqual(['report.md', 'results.json', 'scaling-scaling-units.svg', 'speed-copying-bars.svg']);
    expect((await readResults(join(dir, 'results.json'))).records).toHaveLength(4);
    expect((await readFile(join(dir, 'speed-copying-bars.svg'), 'utf8')).startsWith('<svg')).toBe(true);
    expect((await readFile(join(dir, 'scaling-scaling-units.svg'), 'utf8')).startsWith('<svg')).toBe(true);
    const md = await readFile(join(dir, 'report.md'), 'utf8');
    expect(md).toBe(markdown);
    expect(md).toContain('![speed / copying: ms per step](speed-copying-bars.svg)');
    expect(md).toContain('![scaling: ms per step vs units](scaling-scaling-units.svg)');
    expect(md).toContain('| speed/lstm | cpu | train | 10 | 30 | 3.00x | **REGRESSION** |');
  });
});
