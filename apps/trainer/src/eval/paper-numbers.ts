import type { TaskKind } from '../presets/preset-types.js';

/** One published model's numbers, under the trainer's metric keys. */
export interface PaperRow {
  model: string;
  values: Record<string, number>;
}

/**
 * The paper's Table 1 (Goyal et al., arXiv 1909.10893; SPEC-RIM.md), keyed as the trainer's
 * metrics at the paper's lengths: copying cross-entropy over the last 10 steps at T = 50
 * (train) and T = 200 (test); sequential-MNIST accuracy at 16, 19, 24 (as fractions); adding
 * error at length 200 (the paper gives RIMs only).
 */
export const PAPER_NUMBERS: Readonly<Record<TaskKind, readonly PaperRow[]>> = {
  copying: [
    { model: 'paper RIMs', values: { 'train.T50.ceLast10': 0.0, 'test.T200.ceLast10': 0.0 } },
    { model: 'paper LSTM-600', values: { 'train.T50.ceLast10': 0.0, 'test.T200.ceLast10': 3.56 } },
    { model: 'paper LSTM-300', values: { 'train.T50.ceLast10': 0.0, 'test.T200.ceLast10': 4.32 } },
  ],
  mnist: [
    { model: 'paper RIMs', values: { 'test.px16.acc': 0.9, 'test.px19.acc': 0.734, 'test.px24.acc': 0.381 } },
    { model: 'paper LSTM-600', values: { 'test.px16.acc': 0.845, 'test.px19.acc': 0.522, 'test.px24.acc': 0.219 } },
    { model: 'paper LSTM-300', values: { 'test.px16.acc': 0.868, 'test.px19.acc': 0.423, 'test.px24.acc': 0.252 } },
  ],
  adding: [{ model: 'paper RIMs', values: { 'train.L50.mse': 0.0, 'test.L200.mse': 0.0 } }],
};
