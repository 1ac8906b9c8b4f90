import { describe, it, expect } from 'vitest';
import { parameterMatchedTransformer } from './parameter-matched-transformer.js';
import { resolveTimEncoderConfig, timEncoderParamCount, type TimEncoderConfig } from './tim-encoder-config.js';

describe('parameterMatchedTransformer', () => {
  it('finds the all-standard encoder whose dFF brings the count closest to the TIM encoder', () => {
    const tim: TimEncoderConfig = { vocabSize: 3, dModel: 64, ns: 4, layers: 4, outputSize: 2 };
    const m = parameterMatchedTransformer(tim);
    expect(resolveTimEncoderConfig(m.config).kinds).toEqual(['standard', 'standard', 'standard', 'standard']);
    expect(m.target).toBe(timEncoderParamCount(tim));
    expect(m.parameters).toBe(timEncoderParamCount(m.config));
    const dFF = m.config.dFF!;
    // every other dFF is at least as far from the target (the count grows by 4 * (2 * 64 + 1) per unit of dFF)
    for (const d of [dFF - 1, dFF + 1]) {
      expect(Math.abs(timEncoderParamCount({ ...m.config, dFF: d }) - m.target)).toBeGreaterThanOrEqual(Math.abs(m.parameters - m.target));
    }
    expect(Math.abs(m.relativeGap)).toBeLessThan(0.01);
    expect(dFF).toBeLessThan(256); // the TIM layers have fewer weights than standard layers of the same width
    expect({ dModel: m.config.dModel, heads: m.config.heads, vocab: m.config.vocabSize }).toEqual({ dModel: 64, heads: 4, vocab: 3 });
  });
});
