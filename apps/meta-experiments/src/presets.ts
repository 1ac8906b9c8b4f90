import type { CoreKind, LearningScheme, PpoConfig, TaskSpec } from '@rimjs/meta';

/** The four agents the paper compares. */
export type ModelName = 'meta-rim' | 'rim' | 'reversed' | 'lstm';

/** Core and learning scheme of each agent. */
export const MODELS: Record<ModelName, { core: CoreKind; scheme: LearningScheme; what: string }> = {
  'meta-rim': { core: 'rim', scheme: 'meta', what: 'RIM, modules fast (inner loop), attention slow (outer loop)' },
  rim: { core: 'rim', scheme: 'joint', what: 'RIM, every parameter trained jointly' },
  reversed: { core: 'rim', scheme: 'reversed', what: 'RIM, attention fast, modules slow (ablation)' },
  lstm: { core: 'lstm', scheme: 'joint', what: 'LSTM baseline' },
};

/** An experiment: what to train, on which tasks, for how long. */
export interface Preset {
  description: string;
  models: ModelName[];
  seeds: number[];
  trainTasks: TaskSpec[];
  /** Evaluated with held-out object/colour combinations (split `test`). */
  evalTasks: TaskSpec[];
  numEnvs: number;
  rolloutLength: number;
  innerSteps: number;
  lrFast: number;
  lrSlow: number;
  ppo: PpoConfig;
  /** Training frames per run (rounded up to whole outer iterations). */
  frames: number;
  /** Evaluate every this many outer iterations. */
  evalEvery: number;
  evalEpisodes: number;
  /** Success rate on held-out tasks whose first crossing is reported. */
  threshold: number;
  /** Checkpoint every this many outer iterations. */
  checkpointEvery: number;
}

const LOCAL_S5: TaskSpec[] = [
  { level: 'GoToObj', roomSize: 5 },
  { level: 'GoToLocal', roomSize: 5, numDistractors: 2 },
  { level: 'PickupLocal', roomSize: 5, numDistractors: 2 },
];

const ONE_OBJECT_S5: TaskSpec[] = [
  { level: 'GoToObj', roomSize: 5 },
  { level: 'PickupLocal', roomSize: 5, numDistractors: 0 },
];

const common = { numEnvs: 16, rolloutLength: 32, innerSteps: 1, lrFast: 1e-3, lrSlow: 3e-4, ppo: { recurrence: 8, epochs: 4, numMinibatches: 4 }, evalEpisodes: 32, threshold: 0.8, checkpointEvery: 4 };

/** The four agents x 3 seeds on three 5x5 one-room tasks; `cpu-long` and `cpu-pickup` change its budget or tasks. */
const CPU_SMALL: Preset = {
  ...common,
  description: 'the four agents on three 5x5 one-room tasks (go to / pick up), 3 seeds, CPU-sized',
  models: ['meta-rim', 'rim', 'reversed', 'lstm'],
  seeds: [1, 2, 3],
  trainTasks: LOCAL_S5,
  evalTasks: LOCAL_S5,
  frames: 40_960,
  evalEvery: 2,
};

/** The presets (CPU-sized ones first; `paper` is the full-size command). */
export const PRESETS: Record<string, Preset> = {
  ci: {
    ...common,
    description: 'test-sized: two iterations of two models, one seed',
    models: ['meta-rim', 'lstm'],
    seeds: [1],
    trainTasks: [{ level: 'GoToObj', roomSize: 5 }],
    evalTasks: [{ level: 'GoToObj', roomSize: 5 }],
    numEnvs: 4,
    rolloutLength: 8,
    frames: 128,
    evalEvery: 1,
    evalEpisodes: 4,
    checkpointEvery: 1,
  },
  'ppo-sanity': {
    ...common,
    description: 'PPO sanity: an LSTM policy on the easiest object level (GoToObj, 5x5 room), held-out combinations',
    models: ['lstm'],
    seeds: [1],
    trainTasks: [{ level: 'GoToObj', roomSize: 5 }],
    evalTasks: [{ level: 'GoToObj', roomSize: 5 }],
    frames: 16_384,
    evalEvery: 1,
    evalEpisodes: 64,
  },
  'ppo-sanity-goal': {
    ...common,
    description: 'PPO sanity on the easiest level of all: an LSTM on GoToGoal (MiniGrid Empty, 5x5 room, random start)',
    models: ['lstm'],
    seeds: [1],
    trainTasks: [{ level: 'GoToGoal', roomSize: 5 }],
    evalTasks: [{ level: 'GoToGoal', roomSize: 5 }],
    frames: 8_192,
    evalEvery: 1,
    evalEpisodes: 64,
  },
  'cpu-small': CPU_SMALL,
  'cpu-long': {
    ...CPU_SMALL,
    description: 'cpu-small for 8x the frames (327,680 per run): the four agents on three 5x5 one-room tasks, 3 seeds, 64 episodes per held-out task',
    frames: 327_680,
    evalEvery: 10,
    evalEpisodes: 64,
    checkpointEvery: 10,
  },
  'cpu-pickup': {
    ...CPU_SMALL,
    description: 'one object per room, two verbs: GoToObj and PickupLocal without distractors (5x5), 122,880 frames per run, evaluated every 4,096, 3 seeds; a threshold every agent can reach: in cpu-long no RIM agent grounded the mission (GoToLocal near the random policy\'s 47%) or reached 80%',
    trainTasks: ONE_OBJECT_S5,
    evalTasks: ONE_OBJECT_S5,
    frames: 122_880,
    evalEvery: 4,
    evalEpisodes: 64,
    checkpointEvery: 4,
  },
  paper: {
    ...common,
    description: 'full size: BabyAI rooms (8x8), five local levels incl. doors and put-next, 3 seeds, 2M frames (days on CPU)',
    models: ['meta-rim', 'rim', 'reversed', 'lstm'],
    seeds: [1, 2, 3],
    trainTasks: [
      { level: 'GoToObj' },
      { level: 'GoToLocal' },
      { level: 'PickupLocal' },
      { level: 'OpenDoorLocal' },
      { level: 'PutNextLocal' },
    ],
    evalTasks: [{ level: 'GoToLocal' }, { level: 'PickupLocal' }, { level: 'OpenDoorLocal' }, { level: 'PutNextLocal' }],
    numEnvs: 64,
    rolloutLength: 40,
    innerSteps: 4,
    lrFast: 1e-4,
    lrSlow: 1e-5,
    ppo: { recurrence: 20, epochs: 4, numMinibatches: 4, lambda: 0.99, rewardScale: 20 },
    frames: 2_000_000,
    evalEvery: 10,
    evalEpisodes: 100,
  },
};

/** Outer iterations a preset runs: frames / ((innerSteps + 1) * rolloutLength * numEnvs), rounded up. */
export function iterationsOf(p: Preset): number {
  return Math.ceil(p.frames / ((p.innerSteps + 1) * p.rolloutLength * p.numEnvs));
}
