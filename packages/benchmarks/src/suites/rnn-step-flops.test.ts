import { describe, expect, it } from 'vitest';
import { rnnStepFlops } from './rnn-step-flops.js';

describe('rnnStepFlops', () => {
  // batch 2, vocabulary 3, embedding 4, hidden 5, outputs 3
  const shape = { batch: 2, vocabSize: 3, embeddingSize: 4, hidden: 5, outputSize: 3 };
  it('counts embedding, LSTM cell and decoder by hand', () => {
    // embedding 2*2*3*4 = 48; LSTM 2*2*4*20 + 2*2*5*20 + 21*2*5 = 930; decoder 2*2*5*3 + 2*3 = 66
    expect(rnnStepFlops({ ...shape, kind: 'lstm' })).toBe(48 + 930 + 66);
  });
  it('counts the GRU cell', () => {
    // GRU 2*2*4*15 + 2*2*5*15 + 17*2*5 = 710
    expect(rnnStepFlops({ ...shape, kind: 'gru' })).toBe(48 + 710 + 66);
  });
  it('rejects a bad size naming it', () => {
    expect(() => rnnStepFlops({ ...shape, kind: 'gru', hidden: -1 })).toThrow('rnnStepFlops.hidden: must be an integer');
  });
});
