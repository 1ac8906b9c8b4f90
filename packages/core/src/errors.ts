/**
 * Typed errors of rimjs. Every error names the function, the argument or field, what was
 * expected and what came, so a caller can fix the call without reading the source.
 *
 * Tests match the class and the message: `expect(() => f()).toThrow(ShapeError)`.
 */

/** Base class of every error rimjs throws on purpose. */
export class RimjsError extends Error {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = new.target.name;
  }
}

/** A tensor argument has the wrong rank, shape or dtype. */
export class ShapeError extends RimjsError {}

/**
 * A configuration is invalid. `problems` lists every problem found, each starting with its
 * field (`RimConfig.topK: must be an integer in [1, numUnits = 6], got 8`).
 */
export class ConfigError extends RimjsError {
  readonly problems: readonly string[];
  constructor(problems: string | readonly string[]) {
    const list = typeof problems === 'string' ? [problems] : [...problems];
    super(list.length === 1 ? list[0]! : `${list.length} problems:\n  ${list.join('\n  ')}`);
    this.problems = list;
  }
}

/** A checkpoint or weight file is missing, truncated, malformed, hostile or does not fit the model. */
export class CheckpointError extends RimjsError {}

/** A TensorFlow.js backend was asked for and could not start. */
export class BackendError extends RimjsError {}

/** A training run produced a NaN or infinite loss or gradient. */
export class NumericError extends RimjsError {}
