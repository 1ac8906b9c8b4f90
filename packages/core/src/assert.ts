import type * as tf from '@tensorflow/tfjs-core';
import { ConfigError, ShapeError } from './errors.js';

/**
 * One expected dimension: its name and its required size, or `null` for "any size".
 * `['batch', null]` accepts any batch; `['inputDim', 32]` requires 32.
 */
export type Dim = readonly [name: string, size: number | null];

/** JSON for messages, but `NaN` and `Infinity` as themselves (JSON.stringify says `null`). */
function show(v: unknown): string {
  return typeof v === 'number' && !Number.isFinite(v) ? String(v) : JSON.stringify(v);
}

function formatExpected(dims: readonly Dim[]): string {
  const names = dims.map(([n]) => n).join(', ');
  const sizes = dims.map(([, s]) => (s === null ? '?' : String(s))).join(', ');
  return `[${names}] = [${sizes}]`;
}

/**
 * Checks a tensor's shape against named dimensions; throws a {@link ShapeError} naming the
 * function, the argument, the expected shape and what came:
 * `RimCell.step: 'input' must be [batch, inputDim] = [?, 32], got [8, 16]`.
 * Returns the tensor's shape so callers can unpack it.
 *
 * @throws ShapeError when the rank or a fixed dimension differs.
 */
export function assertShape(
  where: string,
  arg: string,
  x: tf.Tensor | { shape: readonly number[] },
  dims: readonly Dim[],
): number[] {
  const shape = [...x.shape];
  const ok = shape.length === dims.length && dims.every(([, size], i) => size === null || shape[i] === size);
  if (!ok) {
    throw new ShapeError(`${where}: '${arg}' must be ${formatExpected(dims)}, got [${shape.join(', ')}]`);
  }
  return shape;
}

/**
 * Checks that two tensors have the same shape.
 * @throws ShapeError naming both arguments.
 */
export function assertSameShape(where: string, a: [string, tf.Tensor], b: [string, tf.Tensor]): void {
  const [na, ta] = a;
  const [nb, tb] = b;
  if (ta.shape.length !== tb.shape.length || ta.shape.some((d, i) => d !== tb.shape[i])) {
    throw new ShapeError(
      `${where}: '${nb}' must have the shape of '${na}' [${ta.shape.join(', ')}], got [${tb.shape.join(', ')}]`,
    );
  }
}

/**
 * Collects every problem of a config before throwing, each starting with its field.
 *
 * ```ts
 * const c = new ConfigCheck('RimConfig');
 * c.integer('topK', cfg.topK, 1, cfg.numUnits, 'numUnits');
 * c.throwIfAny();
 * ```
 */
export class ConfigCheck {
  private readonly problems: string[] = [];
  constructor(private readonly configName: string) {}

  /** Records a problem for `field` unless `ok`. The message is built only when needed. */
  require(ok: boolean, field: string, message: () => string): this {
    if (!ok) this.problems.push(`${this.configName}.${field}: ${message()}`);
    return this;
  }

  /** Requires an integer in `[min, max]` (`max` may be named, e.g. `numUnits = 6`). */
  integer(field: string, value: unknown, min: number, max = Infinity, maxName?: string): this {
    const range = `[${min}, ${maxName ? `${maxName} = ${max}` : max === Infinity ? '∞' : max}]`;
    return this.require(
      typeof value === 'number' && Number.isInteger(value) && value >= min && value <= max,
      field,
      () => `must be an integer in ${range}, got ${show(value)}`,
    );
  }

  /** Requires a positive integer. */
  positiveInt(field: string, value: unknown): this {
    return this.integer(field, value, 1);
  }

  /** Requires a finite number in `[min, max]`. */
  number(field: string, value: unknown, min = -Infinity, max = Infinity): this {
    return this.require(
      typeof value === 'number' && Number.isFinite(value) && value >= min && value <= max,
      field,
      () => `must be a number in [${min}, ${max}], got ${show(value)}`,
    );
  }

  /** Requires a probability in `[0, 1)`, e.g. a dropout rate. */
  rate(field: string, value: unknown): this {
    return this.require(
      typeof value === 'number' && value >= 0 && value < 1,
      field,
      () => `must be a number in [0, 1), got ${show(value)}`,
    );
  }

  /** Requires one of the listed values. */
  oneOf<T>(field: string, value: unknown, allowed: readonly T[]): this {
    return this.require(
      allowed.includes(value as T),
      field,
      () => `must be one of ${allowed.map((a) => JSON.stringify(a)).join(' | ')}, got ${show(value)}`,
    );
  }

  /** Throws a {@link ConfigError} listing every problem found, if any. */
  throwIfAny(): void {
    if (this.problems.length > 0) throw new ConfigError(this.problems);
  }
}

/**
 * Rejects unknown keys of a user config (a typo must not be silently ignored).
 * @throws ConfigError naming each unknown key and the known ones.
 */
export function assertKnownKeys(configName: string, config: object, known: readonly string[]): void {
  const unknown = Object.keys(config).filter((k) => !known.includes(k));
  if (unknown.length > 0) {
    throw new ConfigError(
      unknown.map((k) => `${configName}.${k}: unknown field (known: ${known.join(', ')})`),
    );
  }
}
