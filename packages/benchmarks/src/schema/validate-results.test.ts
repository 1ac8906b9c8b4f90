import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ConfigError } from '@rimjs/core';
import { describe, expect, it } from 'vitest';
import { makeRecord, makeResults } from '../test-fixtures.js';
import { machineInfo } from './machine-info.js';
import { readResults } from './read-results.js';
import { validateResults } from './validate-results.js';

describe('validateResults', () => {
  it('accepts a good file and one without the optional run and failures', () => {
    expect(validateResults(makeResults([makeRecord()]))).toEqual([]);
    const { run: _run, ...bare } = makeResults([]);
    expect(validateResults(bare)).toEqual([]);
    expect(validateResults({ ...bare, failures: [{ suite: 's', caseId: '*', backend: 'webgpu', message: 'no GPU' }] })).toEqual([]);
  });

  it('names the bad file field and the bad record by index', () => {
    const bad = { ...makeResults([makeRecord(), makeRecord({ batch: -1 })]), schemaVersion: 2 };
    expect(validateResults(bad)).toEqual(['BenchResults.schemaVersion: must be 1, got 2', 'BenchResults.records[1].batch: must be >= 1, got -1']);
    expect(validateResults({ ...makeResults([]), createdAt: 'yesterday' })).toEqual([
      'BenchResults.createdAt: must be an ISO 8601 date-time, got "yesterday"',
    ]);
  });

  it('a machineInfo() fits the schema', () => {
    const machine = machineInfo('cpu');
    expect(machine.cpuCount).toBeGreaterThan(0);
    expect(machine.tfjs).toBe('4.22.0');
    expect(machine.node).toBe(process.version);
    expect(validateResults({ ...makeResults([]), machine })).toEqual([]);
  });
});

describe('readResults', () => {
  it('reads a valid file and throws a ConfigError listing the problems of a bad one', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'rimjs-bench-'));
    const good = join(dir, 'good.json');
    const bad = join(dir, 'bad.json');
    await writeFile(good, JSON.stringify(makeResults([makeRecord()])));
    await writeFile(bad, JSON.stringify(makeResults([makeRecord({ mode: 'fit' as 'train' })])));
    expect((await readResults(good)).records).toHaveLength(1);
    await expect(readResults(bad)).rejects.toThrow(ConfigError);
    await expect(readResults(bad)).rejects.toThrow('BenchResults.records[0].mode: must be one of train | infer, got "fit"');
    await writeFile(bad, '{ not json');
    await expect(readResults(bad)).rejects.toThrow(`readResults: '${bad}' is not JSON`);
  });
});
