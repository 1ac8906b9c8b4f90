import { describe, expect, it } from 'vitest';
import { encoderStepFlops } from './encoder-step-flops.js';

// batch 1, T = 2 positions (R = 2 rows), vocabulary 3, dModel 4, 2 heads of 2, dFF 8, outputs 3.
const shape = { batch: 1, time: 2, vocabSize: 3, dModel: 4, heads: 2, dFF: 8, outputSize: 3 };

describe('encoderStepFlops', () => {
  it('counts a standard layer by hand, per position', () => {
    const embedding = 2 * 2 * 3 * 4 + 2 * 4; // one-hot matmul + positions = 56
    // q, k, v, out: 4 x (2*2*4*4 + 2*4) = 288; attention 1*2*(2*2*2*2 + 4 + 3*4 + 2*2*2*2) = 96; causal mask 2*2*2 = 8
    const attention = 288 + 96 + 8;
    const ffn = 2 * 2 * 4 * 8 + 2 * 8 + 2 * 8 + (2 * 2 * 8 * 4 + 2 * 4); // 144 + relu 16 + 136 = 296
    const norms = 2 * (7 * 2 * 4 + 4 * 2 + 2 * 4); // two layer norms and two residual adds = 144
    const head = 2 * 2 * 4 * 3 + 2 * 3; // 54
    expect(encoderStepFlops({ ...shape, kind: 'transformer' })).toBe((embedding + attention + ffn + norms + head) / 2);
    expect(encoderStepFlops({ ...shape, kind: 'transformer', causal: false })).toBe((embedding + attention - 8 + ffn + norms + head) / 2);
  });

  it('counts a TIM layer by hand: 2 mechanisms of 2, communication 2 heads of 1', () => {
    const embedding = 56;
    const attention = 4 * 2 * (2 * 2 * 2 * 2 + 2 * 2) + 96 + 8; // per-mechanism maps 160, same attention and mask
    const ffn = 2 * (2 * 2 * 2 * 4 + 2 * 4) + 2 * 8 + 2 * (2 * 2 * 4 * 2 + 2 * 2); // 80 + 16 + 72
    const norms = 2 * (7 * 2 * 4 + 4 * 2 * 2 + 2 * 4); // 160
    const competition = 2 * (2 * 2 * 2 * 1 + 2 * 1) + 3 * 2 * 2 + 2 * 4; // map 20, softmax 12, scaling 8
    // q, k, v 3 x 2 x (2*2*2*2 + 2*2) = 120; attention over 2 mechanisms per row: 2*2*(2*2*1*2 + 4 + 12 + 2*2*2*1) = 128;
    // output 2 x (2*2*2*2 + 2*2) = 40; norm 7*2*4 + 4*2*2 = 72; residual 8
    const communication = 120 + 128 + 40 + 72 + 8;
    const head = 54;
    const total = embedding + attention + ffn + norms + competition + communication + head;
    expect(total).toBe(1110);
    expect(encoderStepFlops({ ...shape, kind: 'tim', ns: 2, commHeads: 2, commKeyDim: 1 })).toBe(total / 2);
    // commKeyDim defaults to dMech / commHeads
    expect(encoderStepFlops({ ...shape, kind: 'tim', ns: 2 })).toBe(total / 2);
  });

  it('rejects sizes that do not split, naming them', () => {
    expect(() => encoderStepFlops({ ...shape, kind: 'tim', ns: 3 })).toThrow('encoderStepFlops.dm: must be an integer');
  });
});
