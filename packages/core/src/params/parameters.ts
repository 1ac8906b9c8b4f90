import * as tf from '@tensorflow/tfjs-core';
import { CheckpointError, ConfigError, ShapeError } from '../errors.js';
import type { Initializer } from '../init/initializers.js';
import type { Rng } from '../rng.js';

interface Entry {
  variable: tf.Variable;
  trainable: boolean;
}

/** Options of {@link Parameters.add}. */
export interface AddOptions {
  /** Whether optimizers update it. Default `true`. */
  trainable?: boolean;
}

/**
 * A named collection of variables with stable dotted names (`rim.layer0.input.query.weight`).
 *
 * Each parameter's initial value is drawn with the sub-seed `rng.child(fullName)`, so adding a
 * parameter never changes the values of the others, and the same seed gives the same weights.
 * `scope(name)` returns a view that prefixes names and shares the storage. The collection owns
 * its variables: `dispose()` frees them all.
 *
 * @example
 * const params = new Parameters(new Rng(1));
 * const w = params.add('proj.weight', [8, 4], normal({ std: 0.01 }));
 * params.count(); // 32
 */
export class Parameters {
  private readonly store: Map<string, Entry>;
  private readonly rng: Rng;
  private readonly prefix: string;

  constructor(rng: Rng, prefix = '', store?: Map<string, Entry>) {
    this.rng = rng;
    this.prefix = prefix;
    this.store = store ?? new Map();
  }

  private full(name: string): string {
    return this.prefix ? `${this.prefix}.${name}` : name;
  }

  /** A view whose names are prefixed by `name.`; it shares this collection's variables. */
  scope(name: string): Parameters {
    return new Parameters(this.rng, this.full(name), this.store);
  }

  /**
   * Creates a variable `name` of `shape` initialised by `init`.
   * @throws ConfigError when the name exists already or the shape is not positive integers.
   */
  add(name: string, shape: readonly number[], init: Initializer, { trainable = true }: AddOptions = {}): tf.Variable {
    const fullName = this.full(name);
    if (this.store.has(fullName)) throw new ConfigError(`Parameters.add: '${fullName}' exists already`);
    if (!shape.every((d) => Number.isInteger(d) && d > 0)) {
      throw new ConfigError(`Parameters.add: '${fullName}' shape must be positive integers, got [${shape.join(', ')}]`);
    }
    const value = tf.tidy(() => init(shape, this.rng.child(fullName).seed()));
    const variable = tf.variable(value, trainable);
    value.dispose();
    this.store.set(fullName, { variable, trainable });
    return variable;
  }

  /** Whether `name` (relative to this view) exists. */
  has(name: string): boolean {
    return this.store.has(this.full(name));
  }

  /** @throws ConfigError when there is no such parameter. */
  get(name: string): tf.Variable {
    const e = this.store.get(this.full(name));
    if (!e) throw new ConfigError(`Parameters.get: no parameter '${this.full(name)}' (have: ${this.names().join(', ')})`);
    return e.variable;
  }

  /**
   * Assigns a new value to `name`.
   * @throws ShapeError when the value's shape differs from the parameter's.
   */
  set(name: string, value: tf.Tensor): void {
    const v = this.get(name);
    if (v.shape.length !== value.shape.length || v.shape.some((d, i) => d !== value.shape[i])) {
      throw new ShapeError(
        `Parameters.set: '${this.full(name)}' must be [${v.shape.join(', ')}], got [${value.shape.join(', ')}]`,
      );
    }
    tf.tidy(() => v.assign(value.dtype === v.dtype ? value : tf.cast(value, v.dtype)));
  }

  /** Full names of this view's parameters, in creation order. */
  names(): string[] {
    const p = this.prefix ? `${this.prefix}.` : '';
    return [...this.store.keys()].filter((k) => k.startsWith(p));
  }

  /** `[fullName, variable]` pairs of this view, in creation order. */
  entries(): Array<[string, tf.Variable]> {
    return this.names().map((n) => [n, this.store.get(n)!.variable]);
  }

  /** The trainable variables of this view, for `optimizer.minimize(f, true, vars)`. */
  trainable(): tf.Variable[] {
    return this.names()
      .map((n) => this.store.get(n)!)
      .filter((e) => e.trainable)
      .map((e) => e.variable);
  }

  /** Number of scalar parameters (optionally trainable only). */
  count({ trainableOnly = false }: { trainableOnly?: boolean } = {}): number {
    return this.names()
      .map((n) => this.store.get(n)!)
      .filter((e) => !trainableOnly || e.trainable)
      .reduce((sum, e) => sum + e.variable.size, 0);
  }

  /** The variables by full name (not copies: do not dispose them). */
  toRecord(): Record<string, tf.Variable> {
    return Object.fromEntries(this.entries());
  }

  /**
   * Assigns every parameter from `record` (full names).
   * @param strict when true (default), missing or unexpected names are errors.
   * @throws CheckpointError naming the missing, unexpected or mis-shaped tensors.
   */
  load(record: Record<string, tf.Tensor>, { strict = true }: { strict?: boolean } = {}): void {
    const names = this.names();
    const problems: string[] = [];
    if (strict) {
      for (const n of names) if (!(n in record)) problems.push(`missing '${n}'`);
      for (const k of Object.keys(record)) if (!names.includes(k)) problems.push(`unexpected '${k}'`);
    }
    for (const n of names) {
      const t = record[n];
      if (!t) continue;
      const v = this.store.get(n)!.variable;
      if (v.shape.length !== t.shape.length || v.shape.some((d, i) => d !== t.shape[i])) {
        problems.push(`'${n}' must be [${v.shape.join(', ')}], got [${t.shape.join(', ')}]`);
      }
    }
    if (problems.length > 0) throw new CheckpointError(`Parameters.load: ${problems.join('; ')}`);
    for (const n of names) {
      const t = record[n];
      if (t) {
        const v = this.store.get(n)!.variable;
        tf.tidy(() => v.assign(t.dtype === v.dtype ? t : tf.cast(t, v.dtype)));
      }
    }
  }

  /** Frees every variable of this view and forgets them. */
  dispose(): void {
    for (const n of this.names()) {
      this.store.get(n)!.variable.dispose();
      this.store.delete(n);
    }
  }
}
