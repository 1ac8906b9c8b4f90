import { describe, expect, it } from 'vitest';
import { ConfigError } from '@rimjs/core';
import { withOverrides } from './preset-overrides.js';
import { MARKOV_PRESETS } from './presets.js';

describe('withOverrides', () => {
  it('sets dotted fields from JSON values and leaves the preset untouched', () => {
    const p = MARKOV_PRESETS['markov']!;
    const q = withOverrides(p, ['tim.competitionTemperature=0.25', 'task.switchProbability=0.02', 'learningRate=3e-3', 'seeds=[4,5]']);
    expect(q.tim.competitionTemperature).toBe(0.25);
    expect(q.task.switchProbability).toBe(0.02);
    expect(q.learningRate).toBe(0.003);
    expect(q.seeds).toEqual([4, 5]);
    expect(q.tim.ns).toBe(p.tim.ns);
    expect(p.tim.competitionTemperature).toBeUndefined();
    expect(p.task.switchProbability).toBeUndefined();
  });

  it('rejects an override without = or with a missing parent as ConfigError', () => {
    expect(() => withOverrides({ a: 1 }, ['a'])).toThrow(ConfigError);
    expect(() => withOverrides({ a: 1 }, ['a'])).toThrow('--set: must be path=value, got "a"');
    expect(() => withOverrides({ a: 1 }, ['b.c=2'])).toThrow("--set b.c=2: 'b' is not an object field of the preset");
  });
});
