import { ConfigError } from '@rimjs/core';
import { BouncingBalls, type BouncingBallsConfig } from './bouncing-balls.js';

/**
 * The paper's bouncing-balls variants (RIMs section 4, after R-NEM):
 * - `balls4`: 4 balls;
 * - `balls678`: 6, 7 or 8 balls, the count drawn per sequence;
 * - `curtain`: 4 balls, the columns in the middle quarter of the frame (`[0.375, 0.625)` of the
 *   width, 24..39 at side 64) hidden in the inputs, not in the targets.
 * "Train on one count, test on another" is two presets: train on `balls4`, test on `balls678`
 * (or the reverse).
 */
export const BOUNCING_BALLS_PRESETS = {
  balls4: { balls: 4 },
  balls678: { balls: [6, 7, 8] },
  curtain: { balls: 4, curtain: { from: 0.375, to: 0.625 } },
} as const satisfies Record<string, BouncingBallsConfig>;

/** The name of a bouncing-balls preset. */
export type BouncingBallsPreset = keyof typeof BOUNCING_BALLS_PRESETS;

/**
 * A preset of {@link BOUNCING_BALLS_PRESETS} with optional overrides (`side`, `render`, ...).
 * @throws ConfigError when the preset is unknown or an override is invalid.
 * @example
 * const train = bouncingBalls('balls4', { side: 32 });
 * const test = bouncingBalls('balls678', { side: 32 });
 */
export function bouncingBalls(preset: BouncingBallsPreset, overrides: BouncingBallsConfig = {}): BouncingBalls {
  if (!Object.hasOwn(BOUNCING_BALLS_PRESETS, preset)) {
    throw new ConfigError(`bouncingBalls: 'preset' must be one of ${Object.keys(BOUNCING_BALLS_PRESETS).join(' | ')}, got ${JSON.stringify(preset)}`);
  }
  const config: BouncingBallsConfig = { ...BOUNCING_BALLS_PRESETS[preset], ...overrides };
  return new BouncingBalls(config, `${preset}-${config.side ?? 64}`);
}
