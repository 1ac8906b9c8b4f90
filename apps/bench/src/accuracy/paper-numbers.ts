/** One published result, by column role (see `AccuracyColumn.role`). */
export interface PaperRow {
  /** The paper's model name. */
  model: string;
  values: Readonly<Record<string, number>>;
}

/**
 * The RIM paper's Table 1 (Goyal et al., arXiv 1909.10893) by column role: copying, the
 * cross-entropy on the copied symbols after training at T = 50, at 50 (`in`) and 200 (`4x`): RIMs
 * 0.00 / 0.00, LSTM-600 0.00 / 3.56; sequential MNIST, accuracy at 16, 19 and 24 pixels after
 * training at 14 (`ood1`..`ood3`): RIMs 90.0 / 73.4 / 38.1 %, LSTM-600 84.5 / 52.2 / 21.9 %;
 * adding, train 50, test 200: RIMs 0.0 / 0.0. The paper trains 6 units of 100 (top 4) against an
 * LSTM of 600; our CPU presets scale lengths, sides and sizes down at the same ratios.
 */
export const PAPER_NUMBERS: Readonly<Record<'copying' | 'adding' | 'mnist', readonly PaperRow[]>> = {
  copying: [
    { model: 'RIMs (paper, T 50 -> 200)', values: { in: 0.0, '4x': 0.0 } },
    { model: 'LSTM-600 (paper, T 50 -> 200)', values: { in: 0.0, '4x': 3.56 } },
  ],
  adding: [{ model: 'RIMs (paper, 50 -> 200)', values: { in: 0.0, '4x': 0.0 } }],
  mnist: [
    { model: 'RIMs (paper, 14 -> 16 / 19 / 24)', values: { ood1: 0.9, ood2: 0.734, ood3: 0.381 } },
    { model: 'LSTM-600 (paper, 14 -> 16 / 19 / 24)', values: { ood1: 0.845, ood2: 0.522, ood3: 0.219 } },
  ],
};
