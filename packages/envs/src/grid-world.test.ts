import { ConfigError } from '@rimjs/core';
import { describe, expect, it } from 'vitest';
import { ACTION } from './constants.js';
import { GridWorld } from './grid-world.js';
import { LEVEL_NAMES } from './levels.js';
import { makeObject, room } from './test-support/custom-level.js';

const goToBall = { kind: 'goTo', target: { type: 'ball', color: 'red' } } as const;

function world(place: Parameters<typeof room>[5], pos: [number, number] = [2, 2], dir = 0, mission: Parameters<typeof room>[4] = goToBall, maxSteps = 50) {
  const env = new GridWorld(room(7, 7, pos, dir, mission, place, maxSteps));
  env.reset();
  return env;
}

describe('GridWorld actions (MiniGrid dynamics)', () => {
  it('left and right turn without moving', () => {
    const env = world(() => {});
    env.step(ACTION.left);
    expect([env.agentDir, ...env.agentPos]).toEqual([3, 2, 2]);
    env.step(ACTION.right);
    env.step(ACTION.right);
    expect([env.agentDir, ...env.agentPos]).toEqual([1, 2, 2]);
    env.step(ACTION.left);
    env.step(ACTION.left);
    env.step(ACTION.left);
    expect(env.agentDir).toBe(2);
  });

  it('forward moves onto empty cells and open doors, not into walls, closed doors or objects', () => {
    const env = world((g) => {
      g.set(4, 2, makeObject('door', 'blue', { state: 'open' }));
      g.set(2, 3, makeObject('door', 'blue', { state: 'closed' }));
      g.set(2, 1, makeObject('key', 'green'));
    });
    env.step(ACTION.forward);
    expect(env.agentPos).toEqual([3, 2]);
    env.step(ACTION.forward); // onto the open door
    expect(env.agentPos).toEqual([4, 2]);
    env.step(ACTION.forward);
    env.step(ACTION.forward); // wall at x = 6
    expect(env.agentPos).toEqual([5, 2]);
    const e2 = world((g) => g.set(2, 3, makeObject('door', 'blue', { state: 'closed' })), [2, 2], 1);
    e2.step(ACTION.forward);
    expect(e2.agentPos).toEqual([2, 2]);
    const e3 = world((g) => g.set(2, 1, makeObject('key', 'green')), [2, 2], 3);
    e3.step(ACTION.forward);
    expect(e3.agentPos).toEqual([2, 2]);
  });

  it('stepping onto the goal ends the episode with 1 - 0.9 * steps / maxSteps', () => {
    const env = world((g) => g.set(4, 2, makeObject('goal', 'green')), [2, 2], 0, { kind: 'goToGoal' }, 40);
    expect(env.step(ACTION.forward).terminated).toBe(false);
    const r = env.step(ACTION.forward);
    expect(r.terminated).toBe(true);
    expect(r.info.success).toBe(true);
    expect(r.reward).toBeCloseTo(1 - (0.9 * 2) / 40, 12);
    expect(env.agentPos).toEqual([4, 2]);
  });

  it('pickup takes a key, ball or box in front only when carrying nothing; drop needs an empty cell', () => {
    const env = world((g) => {
      g.set(3, 2, makeObject('ball', 'blue'));
      g.set(2, 3, makeObject('key', 'red'));
      g.set(1, 2, makeObject('box', 'grey'));
    });
    env.step(ACTION.pickup);
    expect(env.carrying?.type).toBe('ball');
    expect(env.grid.get(3, 2)).toBeNull();
    env.step(ACTION.right); // face the key
    env.step(ACTION.pickup); // already carrying: nothing
    expect(env.carrying?.type).toBe('ball');
    expect(env.grid.get(2, 3)?.type).toBe('key');
    env.step(ACTION.drop); // cell occupied: nothing
    expect(env.carrying?.type).toBe('ball');
    env.step(ACTION.right); // face the box at (1, 2)
    env.step(ACTION.right); // face (2, 1), empty
    env.step(ACTION.drop);
    expect(env.carrying).toBeNull();
    expect(env.grid.get(2, 1)?.type).toBe('ball');
    expect(env.grid.get(2, 1)?.pos).toEqual([2, 1]);
    env.step(ACTION.left); // face the box (left)
    env.step(ACTION.pickup);
    expect(env.carrying?.type).toBe('box');
    const wall = world(() => {}, [1, 1], 3);
    wall.step(ACTION.pickup);
    expect(wall.carrying).toBeNull();
  });

  it('toggle opens and closes a door; a locked door opens only with a key of its colour', () => {
    const env = world((g) => {
      g.set(3, 2, makeObject('door', 'red', { state: 'closed' }));
      g.set(2, 3, makeObject('door', 'blue', { state: 'locked' }));
      g.set(1, 2, makeObject('key', 'red'));
      g.set(2, 1, makeObject('key', 'blue'));
    });
    env.step(ACTION.toggle);
    expect(env.grid.get(3, 2)?.state).toBe('open');
    env.step(ACTION.toggle);
    expect(env.grid.get(3, 2)?.state).toBe('closed');
    env.step(ACTION.right); // face the locked blue door
    env.step(ACTION.toggle);
    expect(env.grid.get(2, 3)?.state).toBe('locked');
    env.step(ACTION.right); // face the red key
    env.step(ACTION.pickup);
    env.step(ACTION.left);
    env.step(ACTION.toggle); // wrong key
    expect(env.grid.get(2, 3)?.state).toBe('locked');
    env.step(ACTION.right);
    env.step(ACTION.drop);
    env.step(ACTION.right); // face the blue key (up)
    env.step(ACTION.pickup);
    expect(env.carrying?.color).toBe('blue');
    env.step(ACTION.right);
    env.step(ACTION.right); // face the door (down)
    env.step(ACTION.toggle);
    expect(env.grid.get(2, 3)?.state).toBe('open');
    env.step(ACTION.toggle); // an unlocked door now closes normally
    expect(env.grid.get(2, 3)?.state).toBe('closed');
  });

  it('toggle on a box replaces it by its contents; done changes nothing', () => {
    const env = world((g) => g.set(3, 2, makeObject('box', 'green', { contains: makeObject('key', 'yellow') })));
    const before = Array.from(env.observe().image);
    env.step(ACTION.done);
    expect(Array.from(env.observe().image)).toEqual(before);
    expect([env.agentDir, ...env.agentPos]).toEqual([0, 2, 2]);
    env.step(ACTION.toggle);
    expect(env.grid.get(3, 2)?.type).toBe('key');
    expect(env.grid.get(3, 2)?.color).toBe('yellow');
  });

  it('truncates at maxSteps with reward 0, then refuses to step until reset', () => {
    const env = world(() => {}, [2, 2], 0, goToBall, 3);
    expect(env.step(ACTION.left).truncated).toBe(false);
    expect(env.step(ACTION.left).truncated).toBe(false);
    const r = env.step(ACTION.left);
    expect(r).toMatchObject({ truncated: true, terminated: false, reward: 0 });
    expect(() => env.step(ACTION.left)).toThrow(ConfigError);
    expect(() => env.step(ACTION.left)).toThrow(/call reset\(\) first/);
    env.reset();
    expect(env.step(ACTION.left).truncated).toBe(false);
  });

  it('refuses bad actions and bad configs with typed errors naming them', () => {
    const env = world(() => {});
    expect(() => env.step(7)).toThrow(ConfigError);
    expect(() => env.step(7)).toThrow("GridWorld.step: 'action' must be an integer in [0, 6], got 7");
    expect(() => env.step(1.5)).toThrow(/got 1.5/);
    expect(() => new GridWorld('NoSuchLevel')).toThrow(/'level' must be one of GoToGoal, GoToObj/);
    expect(() => new GridWorld('GoToLocal', { roomSize: 4, numDistractors: 7 })).toThrow(/GridWorldOptions.numDistractors: GoToLocal with roomSize 4 has 4 free cells/);
    expect(() => new GridWorld('GoToLocal', { split: 'dev' as never, roomSize: 2 })).toThrow(ConfigError);
    try {
      new GridWorld('GoToLocal', { split: 'dev' as never, roomSize: 2 });
    } catch (e) {
      expect((e as ConfigError).problems).toEqual([
        `GridWorldOptions.split: must be one of "train" | "test" | "all", got "dev"`,
        'GridWorldOptions.roomSize: must be an integer in [4, 32], got 2',
      ]);
    }
    expect(() => new GridWorld('GoToObj', { roomsize: 5 } as never)).toThrow(/GridWorldOptions.roomsize: unknown field/);
  });
});

describe('GridWorld missions', () => {
  it('go to: succeeds when a matching object is in front (turning to face it counts)', () => {
    const env = world((g) => g.set(2, 3, makeObject('ball', 'red')));
    expect(env.missionText).toBe('go to the red ball');
    const r = env.step(ACTION.right);
    expect(r.terminated && r.info.success).toBe(true);
    expect(r.reward).toBeCloseTo(1 - 0.9 / 50, 12);
  });

  it('go to: a matching type of another colour is not success', () => {
    const env = world((g) => g.set(3, 2, makeObject('ball', 'blue')));
    expect(env.step(ACTION.done).terminated).toBe(false);
  });

  it('pick up: only the pickup of a matching object succeeds', () => {
    const m = { kind: 'pickup', target: { type: 'key', color: 'green' } } as const;
    const env = world((g) => {
      g.set(3, 2, makeObject('key', 'green'));
      g.set(2, 3, makeObject('key', 'blue'));
      g.set(2, 1, makeObject('key', 'green'));
    }, [2, 2], 1, m);
    expect(env.missionText).toBe('pick up a green key');
    expect(env.step(ACTION.pickup).info.success).toBe(false); // blue key
    env.step(ACTION.drop); // cell (2, 3) is now empty: drop it back
    env.step(ACTION.left); // face the green key at (3, 2)
    const r = env.step(ACTION.pickup);
    expect(r.info.success).toBe(true);
  });

  it('open: a toggle that leaves a matching door open', () => {
    const m = { kind: 'open', target: { type: 'door', color: 'purple' } } as const;
    const env = world((g) => {
      g.set(3, 2, makeObject('door', 'purple', { state: 'closed' }));
      g.set(2, 3, makeObject('door', 'red', { state: 'closed' }));
    }, [2, 2], 1, m);
    expect(env.missionText).toBe('open the purple door');
    expect(env.step(ACTION.toggle).info.success).toBe(false); // red door
    env.step(ACTION.left);
    expect(env.step(ACTION.toggle).info.success).toBe(true);
  });

  it('put next to: the drop must land the moved object at Manhattan distance 1 from the fixed one', () => {
    const m = { kind: 'putNext', move: { type: 'ball', color: 'blue' }, fixed: { type: 'box', color: 'red' } } as const;
    const env = world((g) => {
      g.set(3, 2, makeObject('ball', 'blue'));
      g.set(4, 4, makeObject('box', 'red'));
    }, [2, 2], 0, m);
    expect(env.missionText).toBe('put the blue ball next to the red box');
    env.step(ACTION.pickup);
    env.step(ACTION.right); // facing (2, 3): distance to (4, 4) is 3
    expect(env.step(ACTION.drop).info.success).toBe(false);
    env.step(ACTION.pickup);
    env.step(ACTION.left);
    env.step(ACTION.forward); // (3, 2)
    env.step(ACTION.right); // facing (3, 3): distance 2
    env.step(ACTION.left);
    env.step(ACTION.forward); // (4, 2) facing (5, 2)
    env.step(ACTION.right); // facing (4, 3): next to the box
    const r = env.step(ACTION.drop);
    expect(r.info.success).toBe(true);
    expect(r.terminated).toBe(true);
  });
});

describe('GridWorld seeding', () => {
  const trace = (name: string, seed: number) => {
    const env = new GridWorld(name, { seed });
    const out: string[] = [];
    for (let ep = 0; ep < 3; ep++) {
      const { observation } = env.reset();
      out.push(observation.mission, Array.from(observation.image).join(','));
      for (let t = 0; t < 10; t++) {
        const r = env.step((t * 5 + ep) % 7);
        out.push(Array.from(r.observation.image).join(','), String(r.reward));
        if (r.terminated || r.truncated) break;
      }
    }
    return out.join('|');
  };

  it.each(LEVEL_NAMES)('%s: same seed, same episodes; another seed, others', (name) => {
    expect(trace(name, 11)).toBe(trace(name, 11));
    expect(trace(name, 11)).not.toBe(trace(name, 12));
  });

  it('reset(seed) restarts the stream', () => {
    const env = new GridWorld('GoToLocal', { seed: 1 });
    const a = env.reset(5).observation.mission + env.reset().observation.mission;
    const b = env.reset(5).observation.mission + env.reset().observation.mission;
    expect(a).toBe(b);
  });
});
