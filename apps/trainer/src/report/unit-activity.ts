import * as tf from '@tensorflow/tfjs-core';
import type { SequenceModel } from '@rimjs/rim';
import type { Example } from '../tasks/task-runner.js';

/** Which RIM units were active at each step of one example (`forward(...).masks`). */
export interface UnitActivity {
  caption: string;
  time: number;
  units: number;
  /** `[time][unit]`: 1 active, 0 inactive. */
  active: number[][];
}

/**
 * Runs `model` (no dropout) on one example and reads its first layer's active mask
 * `[time, 1, units]`. Returns null for a model without masks (LSTM, GRU). Disposes the example.
 */
export function unitActivity(model: SequenceModel, example: Example): UnitActivity | null {
  try {
    const out = model.forward(example.inputs, { training: false });
    out.logits.dispose();
    if (!out.masks) return null;
    const masks = tf.tidy(() => tf.squeeze(out.masks!, [1]) as tf.Tensor2D); // [time, 1, units] -> [time, units]
    out.masks.dispose();
    const active = (masks.arraySync() as number[][]).map((row) => row.map((v) => (v > 0.5 ? 1 : 0)));
    const [time, units] = masks.shape as [number, number];
    masks.dispose();
    return { caption: example.caption, time, units, active };
  } finally {
    example.inputs.dispose();
  }
}
