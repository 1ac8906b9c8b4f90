import { ConfigError, ShapeError } from '@rimjs/core';

function check(where: string, arg: string, v: ArrayLike<number>): void {
  for (let i = 0; i < v.length; i++) {
    const x = v[i]!;
    if (!(Number.isInteger(x) && x >= 0)) {
      throw new ConfigError(`${where}: '${arg}' must hold non-negative integer labels, got ${JSON.stringify(x)} at index ${i}`);
    }
  }
}

/**
 * The mutual information of two discrete labelings of the same items, in bits, from counts
 * (the plug-in estimate):
 * `I(X; Y) = sum_{x,y} p(x, y) log2(p(x, y) / (p(x) p(y)))`, with `p` the empirical frequencies.
 * 0 when the labels are independent; `H(X)` when `y` determines `x` (1 bit at most for two equally
 * frequent sources). TIM's specialization score is `I(source; winning mechanism)`.
 *
 * @param x labels `[n]`, non-negative integers (e.g. each position's source)
 * @param y labels `[n]`, non-negative integers (e.g. each position's winning mechanism)
 * @returns bits, `>= 0`
 * @throws ShapeError when the lengths differ or are 0.
 * @throws ConfigError when a label is not a non-negative integer.
 * @example
 * mutualInformation([0, 0, 1, 1], [2, 2, 3, 3]); // 1
 * mutualInformation([0, 1, 0, 1], [0, 0, 1, 1]); // 0
 */
export function mutualInformation(x: ArrayLike<number>, y: ArrayLike<number>): number {
  const where = 'mutualInformation';
  if (x.length !== y.length || x.length === 0) {
    throw new ShapeError(`${where}: 'x' and 'y' must be [n] with the same n > 0, got [${x.length}] and [${y.length}]`);
  }
  check(where, 'x', x);
  check(where, 'y', y);
  const n = x.length;
  const joint = new Map<string, number>();
  const px = new Map<number, number>();
  const py = new Map<number, number>();
  for (let i = 0; i < n; i++) {
    const a = x[i]!;
    const b = y[i]!;
    const key = `${a},${b}`;
    joint.set(key, (joint.get(key) ?? 0) + 1);
    px.set(a, (px.get(a) ?? 0) + 1);
    py.set(b, (py.get(b) ?? 0) + 1);
  }
  let mi = 0;
  for (const [key, count] of joint) {
    const [a, b] = key.split(',').map(Number) as [number, number];
    // p(x,y) log2(p(x,y) / (p(x) p(y))) with p = count / n
    mi += (count / n) * Math.log2((count * n) / (px.get(a)! * py.get(b)!));
  }
  return Math.max(0, mi);
}
