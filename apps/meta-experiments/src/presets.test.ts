import { checkTrainerConfig } from '@rimjs/meta';
import { describe, expect, it } from 'vitest';
import { iterationsOf, MODELS, PRESETS } from './presets.js';
import { trainerConfig } from './run-model.js';

describe('presets', () => {
  it.each(Object.keys(PRESETS))('%s: every model and seed gives a valid trainer config', (name) => {
    const p = PRESETS[name]!;
    for (const model of p.models) for (const seed of p.seeds) expect(() => checkTrainerConfig(trainerConfig(p, model, seed))).not.toThrow();
    expect(iterationsOf(p)).toBeGreaterThan(0);
  });

  it('the four agents of the paper', () => {
    expect(MODELS['meta-rim']).toMatchObject({ core: 'rim', scheme: 'meta' });
    expect(MODELS.reversed).toMatchObject({ core: 'rim', scheme: 'reversed' });
    expect(MODELS.rim).toMatchObject({ core: 'rim', scheme: 'joint' });
    expect(MODELS.lstm).toMatchObject({ core: 'lstm', scheme: 'joint' });
    expect(iterationsOf(PRESETS['cpu-small']!)).toBe(40);
    expect(iterationsOf(PRESETS['cpu-long']!)).toBe(320);
    expect(iterationsOf(PRESETS['cpu-pickup']!)).toBe(120);
    expect(PRESETS['cpu-pickup']!.evalTasks.map((t) => t.level)).toEqual(['GoToObj', 'PickupLocal']);
  });
});
