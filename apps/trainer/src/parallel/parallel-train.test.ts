import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCli } from '../cli/run-cli.js';
import { readMetrics } from '../log/metrics-log.js';
import { captureIo } from '../testing/capture-io.js';

/** The training losses of a `tiny` RIM run with the given extra options (`dir`: its folder). */
async function losses(extra: string[], dir = join(mkdtempSync(join(tmpdir(), 'trainer-threads-')), 'run')): Promise<number[]> {
  const io = captureIo();
  expect(await runCli(['tiny', '--model', 'rim', '--quiet', '--out', dir, ...extra], io), io.text().err).toBe(0);
  return trainLosses(dir);
}

function trainLosses(dir: string): number[] {
  return readMetrics(join(dir, 'rim'))
    .filter((m) => m.type === 'train')
    .map((m) => (m as { loss: number }).loss);
}

describe('--threads 2 (data parallelism over a worker thread)', () => {
  it('without dropout gives the losses of one thread (to float rounding)', async () => {
    const one = await losses(['--attention-dropout', '0']);
    const two = await losses(['--attention-dropout', '0', '--threads', '2']);
    expect(two).toHaveLength(12);
    two.forEach((l, i) => expect(Math.abs(l - one[i]!)).toBeLessThan(1e-5 * Math.max(1, Math.abs(one[i]!))));
  }, 60_000);

  it('with dropout is deterministic: the same losses twice, other masks than one thread', async () => {
    const a = await losses(['--threads', '2']);
    const b = await losses(['--threads', '2']);
    const one = await losses([]);
    expect(b).toEqual(a);
    expect(a).not.toEqual(one);
    expect(a[a.length - 1]!).toBeLessThan(a[0]!); // it trains
  }, 60_000);

  it('resumes to the losses of a straight run (the run keeps its thread count)', async () => {
    const straight = await losses(['--threads', '2']);
    const dir = join(mkdtempSync(join(tmpdir(), 'trainer-threads-resume-')), 'run');
    await losses(['--threads', '2', '--steps', '6'], dir);
    const io = captureIo();
    expect(await runCli(['--resume', dir, '--steps', '12', '--quiet'], io), io.text().err).toBe(0);
    expect(trainLosses(dir)).toEqual(straight);
    expect(await runCli(['--resume', dir, '--threads', '1', '--quiet'], captureIo())).toBe(2); // it would change the losses
  }, 60_000);
});
