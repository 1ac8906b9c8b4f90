import { describe, expect, it } from 'vitest';
import { attentionFlops } from './attention-flops.js';

describe('attentionFlops', () => {
  it('counts scores, scaling, softmax (3 per score) and the weighted sum', () => {
    // Lq 2, Lk 3, dk 4, dv 5: scores 2*2*4*3 = 48; 6 scores: scale 6, softmax 18; sum 2*2*3*5 = 60.
    expect(attentionFlops({ batch: 1, queries: 2, keys: 3, keySize: 4, valueSize: 5 })).toBe(48 + 6 + 18 + 60);
  });

  it('scales with batch and heads, and adds the projections that are given', () => {
    const core = 2 * 3 * (48 + 6 + 18 + 60); // batch 2, heads 3
    expect(attentionFlops({ batch: 2, heads: 3, queries: 2, keys: 3, keySize: 4, valueSize: 5 })).toBe(core);
    const q = 2 * (2 * 2) * 7 * (3 * 4); // [B*Lq, Dq=7] @ [7, h*dk]
    const kv = 2 * (2 * 3) * 8 * (3 * (4 + 5)); // [B*Lk, Dk=8] @ [8, h*(dk+dv)]
    const o = 2 * (2 * 2) * (3 * 5) * 9; // [B*Lq, h*dv] @ [h*dv, Do=9]
    expect(attentionFlops({ batch: 2, heads: 3, queries: 2, keys: 3, keySize: 4, valueSize: 5, queryInput: 7, keyInput: 8, outputSize: 9 })).toBe(core + q + kv + o);
  });
});
