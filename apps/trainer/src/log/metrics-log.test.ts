import { appendFileSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { METRICS_CSV, METRICS_JSONL, MetricsLog, readMetrics } from './metrics-log.js';

describe('MetricsLog', () => {
  it('writes JSON lines and long-form CSV', () => {
    const dir = mkdtempSync(join(tmpdir(), 'trainer-log-'));
    const log = MetricsLog.open(dir, 0);
    log.append({ type: 'train', step: 1, loss: 0.5, gradNorm: 2, elapsedSec: 0.1 });
    log.append({ type: 'eval', step: 1, phase: 'periodic', metrics: { 'test.T200.ceLast10': 1.25 }, elapsedSec: 0.2 });
    expect(readFileSync(join(dir, METRICS_JSONL), 'utf8').trim().split('\n').map((l) => JSON.parse(l).type)).toEqual(['train', 'eval']);
    expect(readFileSync(join(dir, METRICS_CSV), 'utf8')).toBe('type,step,name,value\ntrain,1,loss,0.5\ntrain,1,gradNorm,2\neval,1,test.T200.ceLast10,1.25\n');
  });

  it('on resume keeps what the checkpoint covers and drops later and torn lines', () => {
    const dir = mkdtempSync(join(tmpdir(), 'trainer-log-'));
    const log = MetricsLog.open(dir, 0);
    for (let s = 1; s <= 6; s++) log.append({ type: 'train', step: s, loss: 1 / s, gradNorm: 1, elapsedSec: s });
    log.append({ type: 'eval', step: 4, phase: 'periodic', metrics: { m: 1 }, elapsedSec: 4 });
    appendFileSync(join(dir, METRICS_JSONL), '{"type":"train","st'); // a kill mid-line
    MetricsLog.open(dir, 4);
    const kept = readMetrics(dir);
    expect(kept.map((e) => `${e.type}${e.step}`)).toEqual(['train1', 'train2', 'train3', 'train4', 'eval4']);
    expect(readFileSync(join(dir, METRICS_CSV), 'utf8').split('\n').filter((l) => l.startsWith('train,')).length).toBe(8);
    MetricsLog.open(dir, 0);
    expect(readMetrics(dir)).toEqual([]);
  });
});
