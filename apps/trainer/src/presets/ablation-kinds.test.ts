import { existsSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as tf from '@tensorflow/tfjs-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { createSequenceModel, type SequenceModel } from '@rimjs/rim';
import { runCli } from '../cli/run-cli.js';
import type { UnitActivity } from '../report/unit-activity.js';
import { captureIo } from '../testing/capture-io.js';
import type { RunSummary } from '../train/train-run.js';
import { buildModelConfig } from './build-model-config.js';
import { PRESETS } from './presets.js';

const copying = PRESETS['copying-cpu']!;
const build = (kind: 'rim' | 'rim-no-comm' | 'rim-all-active'): SequenceModel => createSequenceModel(buildModelConfig(kind, copying.task, copying.sizes, 1));

describe('the RIM ablation kinds', () => {
  beforeAll(async () => {
    await tf.setBackend('cpu');
  });

  it('rim-no-comm has no communication parameters; rim-all-active has every unit active; both start from the rim weights', () => {
    const rim = build('rim');
    const noComm = build('rim-no-comm');
    const allActive = build('rim-all-active');
    try {
      expect(buildModelConfig('rim-no-comm', copying.task, copying.sizes, 1).layers![0]).toMatchObject({ communication: false, topK: 4, numUnits: 6 });
      expect(buildModelConfig('rim-all-active', copying.task, copying.sizes, 1).layers![0]).toMatchObject({ topK: 6, numUnits: 6 });
      expect(buildModelConfig('rim-all-active', copying.task, copying.sizes, 1).layers![0]).not.toHaveProperty('communication');
      const commNames = rim.params.names().filter((n) => n.includes('communication'));
      expect(commNames.length).toBeGreaterThan(0);
      expect(noComm.params.names().filter((n) => n.includes('communication'))).toEqual([]);
      expect(noComm.params.names()).toEqual(rim.params.names().filter((n) => !n.includes('communication')));
      const commCount = commNames.reduce((s, n) => s + rim.params.get(n).size, 0);
      expect(noComm.parameterCount().actual).toBe(rim.parameterCount().actual - commCount);
      expect(allActive.parameterCount()).toEqual(rim.parameterCount());
      // the same initial weights as the RIM, name by name
      for (const n of allActive.params.names()) expect(allActive.params.get(n).dataSync()).toEqual(rim.params.get(n).dataSync());

      const inputs = tf.tensor2d([[1, 2], [3, 0], [9, 9], [0, 4], [0, 0]], [5, 2], 'int32'); // [time, batch]
      const all = allActive.forward(inputs);
      const some = rim.forward(inputs);
      expect(Array.from(all.masks!.dataSync())).toEqual(new Array(5 * 2 * 6).fill(1));
      expect(some.masks!.sum().dataSync()[0]).toBe(5 * 2 * 4);
      // the fused engine runs both ablations, equal to the composed reference
      for (const m of [noComm, allActive]) {
        const fused = m.forward(inputs, { engine: 'fused' });
        const composed = m.forward(inputs, { engine: 'composed' });
        expect(Array.from(fused.logits.dataSync()).map((v, i) => Math.abs(v - composed.logits.dataSync()[i]!))).toSatisfy((d: number[]) => Math.max(...d) < 1e-5);
        tf.dispose([fused.logits, fused.masks!, composed.logits, composed.masks!]);
      }
      tf.dispose([inputs, all.logits, all.masks!, some.logits, some.masks!]);
    } finally {
      [rim, noComm, allActive].forEach((m) => m.dispose());
    }
  });

  it('trains side by side in one run with heat maps and parameter counts (tiny)', async () => {
    const dir = join(mkdtempSync(join(tmpdir(), 'trainer-ablation-')), 'run');
    const io = captureIo();
    expect(await runCli(['tiny', '--model', 'rim,rim-no-comm,rim-all-active', '--steps', '4', '--eval-every', '0', '--quiet', '--out', dir], io)).toBe(0);
    const summary = JSON.parse(readFileSync(join(dir, 'summary.json'), 'utf8')) as RunSummary;
    expect(Object.keys(summary.models)).toEqual(['rim', 'rim-no-comm', 'rim-all-active']);
    expect(summary.models['rim-no-comm']!.parameterCount.actual).toBeLessThan(summary.models.rim!.parameterCount.actual);
    expect(summary.models['rim-all-active']!.parameterCount).toEqual(summary.models.rim!.parameterCount);
    const activity = JSON.parse(readFileSync(join(dir, 'rim-all-active', 'activity-test.json'), 'utf8')) as UnitActivity;
    expect(activity.active.flat()).toEqual(new Array(activity.time * 3).fill(1));
    const report = readFileSync(join(dir, 'report.md'), 'utf8');
    for (const m of ['rim', 'rim-no-comm', 'rim-all-active']) expect(existsSync(join(dir, `activity-${m}-test.svg`))).toBe(true);
    expect(readFileSync(join(dir, 'activity-rim-all-active-test.svg'), 'utf8')).toContain('rim-all-active: active units (top 3 of 3)');
    expect(report).toContain('![rim-no-comm test](activity-rim-no-comm-test.svg)');
    expect(io.text().out).toMatch(/test\.T12\.ceLast3: rim \d\.\d{4}, rim-no-comm \d\.\d{4}, rim-all-active \d\.\d{4}/);
  });
});
