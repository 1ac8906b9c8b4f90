import { ConfigError } from '@rimjs/core';
import { resolveRimCellConfig } from '@rimjs/rim';
import { describe, expect, it } from 'vitest';
import { rimStepFlops } from './rim-step-flops.js';

// A small cell, counted by hand: batch B = 2, vocabulary V = 3, outputs O = 3, embedding E = 4,
// K = 2 units of H = 3, S = 2 slots (null + input), input key dk = 2, value dv = 5,
// communication 2 heads of key 2 and value 2.
const small = { inputSize: 4, numUnits: 2, topK: 1, hidden: 3, inputKeySize: 2, inputValueSize: 5, commHeads: 2, commKeySize: 2, commValueSize: 2 };

describe('rimStepFlops', () => {
  it('counts every part of an official (gated, 1 input head, LSTM) step by hand', () => {
    const f = rimStepFlops({ batch: 2, vocabSize: 3, outputSize: 3, cell: resolveRimCellConfig(small) });
    // embedding: one-hot [2, 3] @ [3, 4] = 2*2*3*4
    expect(f.embedding).toBe(48);
    // query 2 units x 2*2*3*2 = 48; keys 2 slots x 2*2*4*2 = 64; values 2 slots x 2*2*4*5 = 160;
    // attention B*heads*(scores 2*K*dk*S + scale K*S + softmax 3*K*S + sum 2*K*S*dv) = 2*(16 + 4 + 12 + 40) = 144
    expect(f.inputAttention).toBe(48 + 64 + 160 + 144);
    // LSTM: K * (2*B*dv*4H + 2*B*H*4H + 21*B*H) = 2 * (240 + 144 + 126)
    expect(f.cell).toBe(1020);
    // q, k: 2 x (2 units x 2*2*3*4) = 192; v 96; attention 2*2*(16 + 4 + 12 + 16) = 192;
    // gated output: fc and gate each 2*(B*K)*4*3 + (B*K)*3 = 108, sigmoid + tanh + product 3*12; residual add 12
    expect(f.communication).toBe(192 + 96 + 192 + (2 * 108 + 36) + 12);
    // h and c: 3 per element each (6 * B*K*H = 72), plus 1 - m (B*K = 4)
    expect(f.update).toBe(76);
    // decoder [2, 6] @ [6, 3] + bias = 72 + 6
    expect(f.decoder).toBe(78);
    expect(f.total).toBe(48 + 416 + 1020 + 744 + 76 + 78);
  });

  it('counts the paper variant: 2 input heads (mean over heads), residual output, GRU units', () => {
    const cell = resolveRimCellConfig({ ...small, preset: 'paper', cell: 'gru', inputHeads: 2 });
    expect(cell.commOutput).toBe('residual');
    const f = rimStepFlops({ batch: 2, vocabSize: 3, outputSize: 3, cell });
    // query 2 x 2*2*3*4 = 96; keys 2 x 2*2*4*4 = 128; values 2 x 2*2*4*10 = 320; attention 2*2*72 = 288; mean 2*2*2*5 = 40
    expect(f.inputAttention).toBe(96 + 128 + 320 + 288 + 40);
    // GRU: K * (2*B*dv*3H + 2*B*H*3H + 17*B*H) = 2 * (180 + 108 + 102)
    expect(f.cell).toBe(780);
    // as above, with one output map (108) instead of the gated pair
    expect(f.communication).toBe(192 + 96 + 192 + 108 + 12);
    // only h is carried for GRU units: 3 * 12 + 4
    expect(f.update).toBe(40);
    expect(f.total).toBe(48 + 872 + 780 + 600 + 40 + 78);
  });

  it('counts no communication for the ablation, and scales with the batch', () => {
    const cell = resolveRimCellConfig({ ...small, communication: false });
    const one = rimStepFlops({ batch: 1, vocabSize: 3, outputSize: 3, cell });
    expect(one.communication).toBe(0);
    expect(rimStepFlops({ batch: 4, vocabSize: 3, outputSize: 3, cell }).total).toBe(4 * one.total);
  });

  it('rejects a bad size naming it', () => {
    const cell = resolveRimCellConfig(small);
    expect(() => rimStepFlops({ batch: 1.5, vocabSize: 3, outputSize: 3, cell })).toThrow(ConfigError);
    expect(() => rimStepFlops({ batch: 1.5, vocabSize: 3, outputSize: 3, cell })).toThrow('rimStepFlops.batch: must be an integer');
  });
});
