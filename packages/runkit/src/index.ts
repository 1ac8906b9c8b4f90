// @rimjs/runkit: what every rimjs experiment app needs in Node: resumable checkpoints (parameters
// and Adam's state in one safetensors file), atomic files, a progress bar, vega-lite plots
// rendered to SVG, summaries over seeds, and a pool of jobs in child processes. This file is the
// package's only public door.
export { createAdam, applyWeightDecay, adamState, restoreAdamState } from './adam.js';
export { firstDifferentRate, learningRateAt, setLearningRate, LR_SCHEDULES, type LrSchedule, type LrScheduleConfig } from './lr-schedule.js';
export { writeCheckpoint, readCheckpoint, checkCheckpoint, loadCheckpoint, type Checkpoint, type CheckpointContent } from './checkpoint.js';
export { createProgress, type Progress } from './progress.js';
export { renderVegaLite } from './render-vega-lite.js';
export { writeFileAtomic, writeJson } from './write-atomic.js';
export { readJsonIfExists } from './read-json.js';
export { summarize, formatSummary, type Summary } from './summary-stats.js';
export { spawnNodePrefixed, SIGNAL_EXIT, type ChildRun } from './child-process.js';
export { JobPool } from './job-pool.js';
