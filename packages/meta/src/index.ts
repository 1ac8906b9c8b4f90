// @rimjs/meta: PPO with recurrent (LSTM / RIM) policies and fast and slow learning of RIMs. This file is the package's only public door.
export { resolvePolicyConfig, type PolicyConfig, type ResolvedPolicyConfig, type CoreKind } from './policy-config.js';
export { RecurrentPolicy, type PolicyState, type PolicyStepResult, type SequenceResult, type ParameterGroups } from './recurrent-policy.js';
export { computeGae, type GaeResult } from './gae.js';
export { ppoLoss, type PpoBatch, type PpoLossConfig, type PpoLossResult } from './ppo-loss.js';
export { resolvePpoConfig, PPO_DEFAULTS, type PpoConfig, type ResolvedPpoConfig } from './ppo-config.js';
export { RolloutCollector, type Rollout, type ActionMode } from './rollout.js';
export { ppoUpdate, type UpdateGroup, type UpdateStats } from './ppo-update.js';
export { restoreInactiveUnits } from './active-units.js';
export { splitParameters, LEARNING_SCHEMES, type LearningScheme, type ParameterSplit } from './fast-slow.js';
export { AgentTrainer, checkTrainerConfig, runEpisodes, type TaskSpec, type TrainerConfig, type IterationLog, type EvalLog } from './agent-trainer.js';
export { conv2x2, maxPool2x2 } from './conv2x2.js';
