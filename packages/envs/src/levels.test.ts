import { describe, expect, it } from 'vitest';
import { bfsAction } from './bfs-agent.js';
import { GridWorld } from './grid-world.js';
import { HELD_OUT, isHeldOut } from './level-support.js';
import { LEVELS, LEVEL_NAMES } from './levels.js';
import type { Mission, ObjectDesc } from './mission.js';
import { tokenizeMission } from './vocabulary.js';

const SEEDS = 100;

function targets(m: Mission): ObjectDesc[] {
  if (m.kind === 'putNext') return [m.move, m.fixed];
  return m.kind === 'goToGoal' ? [] : [m.target];
}

describe('levels', () => {
  it('are listed easiest first', () => {
    expect(LEVELS.map((l) => l.difficulty)).toEqual([0, 1, 2, 3, 4, 5, 6, 7]);
  });

  for (const split of ['train', 'test'] as const) {
    it.each(LEVEL_NAMES)(`%s (${split}): the breadth-first agent solves ${SEEDS} seeds within maxSteps`, (name) => {
      let solved = 0;
      for (let seed = 0; seed < SEEDS; seed++) {
        const env = new GridWorld(name, { seed, split });
        env.reset();
        let r;
        do r = env.step(bfsAction(env));
        while (!r.terminated && !r.truncated);
        if (r.info.success && r.reward > 0) solved++;
      }
      expect(solved).toBe(SEEDS);
    });
  }

  it('train never shows a held-out combination; test always targets one', () => {
    for (const name of LEVEL_NAMES.filter((n) => n !== 'GoToGoal')) {
      for (let seed = 0; seed < 40; seed++) {
        const train = new GridWorld(name, { seed, split: 'train' });
        train.reset();
        for (let y = 0; y < train.grid.height; y++) {
          for (let x = 0; x < train.grid.width; x++) {
            const o = train.grid.get(x, y);
            if (o && o.type !== 'wall' && o.type !== 'floor' && o.type !== 'goal') expect(isHeldOut({ type: o.type as 'key', color: o.color })).toBe(false);
          }
        }
        const test = new GridWorld(name, { seed, split: 'test' });
        test.reset();
        expect(targets(test.mission).some(isHeldOut)).toBe(true);
      }
    }
    expect(HELD_OUT.length).toBe(4);
  });

  it('every mission word is in the vocabulary', () => {
    for (const name of LEVEL_NAMES) {
      for (let seed = 0; seed < 20; seed++) {
        const env = new GridWorld(name, { seed, split: 'all' });
        const mission = env.reset().observation.mission;
        const ids = tokenizeMission(mission);
        expect(Array.from(ids).filter((i) => i > 0).length).toBe(mission.split(' ').length);
      }
    }
  });

  it('smaller rooms work (the CPU presets) and maxSteps scales with the room', () => {
    const env = new GridWorld('GoToLocal', { roomSize: 5, numDistractors: 2, seed: 3 });
    env.reset();
    expect([env.grid.width, env.maxSteps]).toEqual([5, 25]);
    const put = new GridWorld('PutNextLocal', { roomSize: 6, numDistractors: 2 });
    put.reset();
    expect(put.maxSteps).toBe(72);
  });
});
