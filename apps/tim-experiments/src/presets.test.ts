import { describe, expect, it } from 'vitest';
import { parameterMatchedTransformer, resolveTimEncoderConfig } from '@rimjs/tim';
import { markovTask, modelConfig } from './markov-experiment.js';
import { MARKOV_PRESETS } from './presets.js';

describe('Markov presets', () => {
  it.each(Object.keys(MARKOV_PRESETS))('%s: a valid task, TIM and a Transformer within 0.5% of its parameters', (name) => {
    const p = MARKOV_PRESETS[name]!;
    const task = markovTask(p);
    expect(task.time).toBe(p.tim.maxLength);
    expect(p.tim.vocabSize).toBe(task.vocab);
    expect(p.tim.outputSize).toBe(task.vocab);
    expect(resolveTimEncoderConfig(modelConfig(p, 'tim')).kinds).toContain('tim');
    expect(resolveTimEncoderConfig(modelConfig(p, 'transformer')).kinds).not.toContain('tim');
    expect(Math.abs(parameterMatchedTransformer(p.tim).relativeGap)).toBeLessThan(0.005);
    expect(p.seeds.length).toBeGreaterThan(0);
    expect(p.curveEvery).toBeGreaterThan(0);
    expect(p.curveSize).toBeLessThanOrEqual(p.evalSize);
  });
});
