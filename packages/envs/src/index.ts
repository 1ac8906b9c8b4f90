// @rimjs/envs: grid worlds with MiniGrid semantics and BabyAI-style missions. This file is the package's only public door.
export {
  OBJECT_CODES,
  COLORS,
  COLOR_CODES,
  SORTED_COLORS,
  DOOR_STATES,
  ACTIONS,
  ACTION,
  NUM_ACTIONS,
  DIR_TO_VEC,
  VIEW_SIZE,
  CELL_CHANNELS,
  type ObjectType,
  type Color,
  type DoorState,
  type ActionName,
} from './constants.js';
export { makeObject, canOverlap, canPickup, seeBehind, encodeObject, type WorldObject } from './world-object.js';
export { Grid } from './grid.js';
export { missionText, verifyMission, findMatching, matches, describe, type Mission, type ObjectDesc, type VerifyContext } from './mission.js';
export { HELD_OUT, isHeldOut, type Split } from './level-support.js';
export { LEVELS, LEVEL_NAMES, resolveLevel, type Level, type LevelLayout, type LevelOptions } from './levels.js';
export { GridWorld, type Observation, type StepInfo, type StepResult, type GridWorldOptions } from './grid-world.js';
export { VecGridEnv, type VecObservation, type VecStepResult, type VecGridEnvOptions, type EpisodeRecord } from './vec-grid-env.js';
export { observationTensors } from './observation-tensors.js';
export { MISSION_WORDS, VOCAB_SIZE, MAX_MISSION_TOKENS, tokenizeMission } from './vocabulary.js';
export { renderAscii, renderSvg, visibleCells } from './render.js';
export { bfsAction, planToFace } from './bfs-agent.js';
