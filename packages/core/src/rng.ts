import { ConfigError } from './errors.js';

/** The four 32-bit words of an {@link Rng}'s state, for checkpoints. */
export type RngState = readonly [number, number, number, number];

/** splitmix32: a fast, well-mixed 32-bit hash step. */
function splitmix32(x: number): number {
  x = (x + 0x9e3779b9) | 0;
  let z = x;
  z = Math.imul(z ^ (z >>> 16), 0x85ebca6b);
  z = Math.imul(z ^ (z >>> 13), 0xc2b2ae35);
  return (z ^ (z >>> 16)) >>> 0;
}

/** Mixes a list of 32-bit words and a string into a new 4-word key. */
function mixKey(words: readonly number[], label: string): [number, number, number, number] {
  let h = 0x6a09e667;
  for (const w of words) h = splitmix32(h ^ w);
  for (let i = 0; i < label.length; i++) h = splitmix32(h ^ label.charCodeAt(i));
  const a = splitmix32(h ^ 0x1);
  const b = splitmix32(a ^ 0x2);
  const c = splitmix32(b ^ 0x3);
  const d = splitmix32(c ^ 0x4);
  return [a, b, c, d];
}

/**
 * A seeded, splittable pseudo-random generator (sfc32 over a splitmix-hashed key).
 * All randomness in rimjs comes from one of these: the same seed gives the same weights,
 * dropout masks and data.
 *
 * - {@link Rng.child} derives an independent generator from a label *without* advancing this
 *   one, so a parameter named `rim.layer0.query` gets the same sub-seed whatever else is created.
 * - {@link Rng.seed} returns a fresh, non-zero integer seed for a tfjs random op (tfjs treats 0
 *   as "no seed", and reusing one seed gives identical tensors).
 * - {@link Rng.state} / {@link Rng.fromState} save and restore the exact stream position.
 *
 * @example
 * const rng = new Rng(42);
 * const w = tf.randomNormal([4, 4], 0, 1, 'float32', rng.child('w').seed());
 */
export class Rng {
  private a: number;
  private b: number;
  private c: number;
  private d: number;

  /** @throws ConfigError when the seed is not a finite integer or a string. */
  constructor(seed: number | string) {
    if (typeof seed === 'number' && !Number.isSafeInteger(seed)) {
      throw new ConfigError(`Rng: 'seed' must be a safe integer or a string, got ${seed}`);
    }
    const words =
      typeof seed === 'number' ? [seed >>> 0, Math.floor(seed / 2 ** 32) >>> 0] : [0x5eed];
    [this.a, this.b, this.c, this.d] = mixKey(words, typeof seed === 'string' ? seed : '');
    for (let i = 0; i < 12; i++) this.uint32();
  }

  /** Restores a generator at a saved stream position. */
  static fromState(state: RngState): Rng {
    const r = new Rng(0);
    [r.a, r.b, r.c, r.d] = state.map((w) => w >>> 0) as unknown as [number, number, number, number];
    return r;
  }

  /** The current stream position; {@link Rng.fromState} continues from exactly here. */
  state(): RngState {
    return [this.a >>> 0, this.b >>> 0, this.c >>> 0, this.d >>> 0];
  }

  /** An independent generator derived from this one's state and `label`; does not advance this one. */
  child(label: string | number): Rng {
    return Rng.fromState(mixKey(this.state(), `child:${label}`));
  }

  /** A uniform 32-bit unsigned integer. */
  uint32(): number {
    const t = (((this.a + this.b) | 0) + this.d) | 0;
    this.d = (this.d + 1) | 0;
    this.a = this.b ^ (this.b >>> 9);
    this.b = (this.c + (this.c << 3)) | 0;
    this.c = (this.c << 21) | (this.c >>> 11);
    this.c = (this.c + t) | 0;
    return t >>> 0;
  }

  /** A uniform float in [0, 1) with 32 bits of randomness. */
  float(): number {
    return this.uint32() / 4294967296;
  }

  /** A uniform float in [lo, hi). */
  uniform(lo: number, hi: number): number {
    return lo + (hi - lo) * this.float();
  }

  /** A uniform integer in [0, n), without modulo bias. */
  int(n: number): number {
    if (!Number.isInteger(n) || n <= 0 || n > 2 ** 32) {
      throw new ConfigError(`Rng.int: 'n' must be an integer in [1, 2^32], got ${n}`);
    }
    const limit = Math.floor(4294967296 / n) * n;
    let x = this.uint32();
    while (x >= limit) x = this.uint32();
    return x % n;
  }

  /** A standard normal sample (Box-Muller). */
  normal(): number {
    let u = this.float();
    while (u === 0) u = this.float();
    return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * this.float());
  }

  /** A fresh integer seed in [1, 2^31 - 1] for a tfjs random op; never 0. */
  seed(): number {
    return (this.uint32() % 2147483646) + 1;
  }

  /** Shuffles `items` in place (Fisher-Yates) and returns it. */
  shuffle<T>(items: T[]): T[] {
    for (let i = items.length - 1; i > 0; i--) {
      const j = this.int(i + 1);
      [items[i], items[j]] = [items[j]!, items[i]!];
    }
    return items;
  }
}
