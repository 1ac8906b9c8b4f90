/** One published result, under the trainer's metric keys. */
export interface PaperRow {
  /** The paper's model name. */
  model: string;
  values: Readonly<Record<string, number>>;
}

/**
 * The RIM paper's Table 1 (Goyal et al., arXiv 1909.10893; SPEC-RIM.md) under the trainer's
 * keys: copying test cross-entropy over the copied symbols at T = 200 after training at T = 50
 * (RIMs 0.00 in and out of distribution, LSTM-600 3.56 out); sequential-MNIST accuracy at 16,
 * 19 and 24 pixels after training at 14 (as fractions). The paper trains 6 units of 100, top 4,
 * against an LSTM of 600.
 */
export const PAPER_NUMBERS: Readonly<Record<'copying' | 'mnist', readonly PaperRow[]>> = {
  copying: [
    { model: 'RIMs (paper)', values: { 'train.T50.ceLast10': 0.0, 'test.T200.ceLast10': 0.0 } },
    { model: 'LSTM-600 (paper)', values: { 'train.T50.ceLast10': 0.0, 'test.T200.ceLast10': 3.56 } },
  ],
  mnist: [
    { model: 'RIMs (paper)', values: { 'test.px16.acc': 0.9, 'test.px19.acc': 0.734, 'test.px24.acc': 0.381 } },
    { model: 'LSTM-600 (paper)', values: { 'test.px16.acc': 0.845, 'test.px19.acc': 0.522, 'test.px24.acc': 0.219 } },
  ],
};
