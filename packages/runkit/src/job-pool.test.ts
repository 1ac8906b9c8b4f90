import { tmpdir } from 'node:os';
import { Writable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { JobPool, spawnNodePrefixed } from './index.js';

const quiet = new Writable({ write(_c, _e, done) { done(); } });
const later = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

describe('JobPool', () => {
  it('runs the jobs in order, never more than `parallel` at once, and gives every exit code', async () => {
    let running = 0;
    let most = 0;
    const started: number[] = [];
    const pool = new JobPool(async (job: number) => {
      started.push(job);
      most = Math.max(most, ++running);
      await later(job % 2 === 0 ? 30 : 5);
      running--;
      return job === 3 ? 1 : 0;
    });
    const codes = await pool.run([1, 2, 3, 4, 5], 2);
    expect(started).toEqual([1, 2, 3, 4, 5]);
    expect(most).toBe(2);
    expect([...codes].sort()).toEqual([0, 0, 0, 0, 1]);
    expect(pool.stopped).toBeNull();
    expect(await new JobPool(async () => 0).run([], 4)).toEqual([]);
  });

  it('stop() signals every running child and starts no further job', async () => {
    const started: number[] = [];
    const pool = new JobPool((job: number) => {
      started.push(job);
      return spawnNodePrefixed(['-e', 'setInterval(() => {}, 1000)'], { cwd: tmpdir(), prefix: `[${job}]`, out: quiet });
    });
    const run = pool.run([1, 2, 3, 4], 2);
    await later(300);
    pool.stop('SIGTERM');
    expect(await run).toEqual([143, 143]);
    expect(started).toEqual([1, 2]);
    expect(pool.stopped).toBe('SIGTERM');
  });

  it('stops after a job that exits 130 (SIGINT): the jobs queued behind it do not start', async () => {
    const started: number[] = [];
    const pool = new JobPool(async (job: number) => {
      started.push(job);
      return job === 1 ? 130 : 0;
    });
    expect(await pool.run([1, 2, 3], 1)).toEqual([130]);
    expect(started).toEqual([1]);
    expect(pool.stopped).toBe('SIGINT');
  });
});
