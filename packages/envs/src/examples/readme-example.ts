import { ACTION, GridWorld, VecGridEnv, bfsAction, renderAscii } from '@rimjs/envs';

// One world: a seeded episode of the easiest object level, solved by the scripted agent.
const env = new GridWorld('GoToObj', { seed: 7, roomSize: 5 });
const { observation } = env.reset(); // image: [7, 7, 3] codes, MiniGrid's [x][y][channel]
console.log(observation.mission);
console.log(renderAscii(env));
let r = env.step(bfsAction(env));
while (!r.terminated && !r.truncated) r = env.step(bfsAction(env));
console.log(`success ${r.info.success} after ${r.info.stepCount} steps, reward ${r.reward.toFixed(3)}`);

// Sixteen worlds at once, held-out object/colour combinations as targets.
const envs = new VecGridEnv('PickupLocal', { numEnvs: 16, seed: 1, split: 'test', roomSize: 6, numDistractors: 3 });
envs.reset();
const step = envs.step(new Int32Array(16).fill(ACTION.forward));
console.log(step.observation.image.length, step.reward.length, step.observation.mission[0]);
