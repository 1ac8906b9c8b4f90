import { describe, it, expect } from 'vitest';
import { Rng } from '@rimjs/core';
import { frechetDistance, meanCov, symmetricEigen } from './frechet-distance.js';

describe('frechetDistance', () => {
  it('matches the closed form for diagonal Gaussians and is 0 for identical ones', () => {
    // N(0, diag(1, 4)) vs N((1, 0), diag(4, 1)): |dmu|^2 + sum (s1 + s2 - 2 sqrt(s1 s2)) = 1 + (1 + 4 - 4) + (4 + 1 - 4) = 3
    const d = frechetDistance(Float64Array.from([0, 0]), Float64Array.from([1, 0, 0, 4]), Float64Array.from([1, 0]), Float64Array.from([4, 0, 0, 1]));
    expect(d).toBeCloseTo(3, 10);
    const c = Float64Array.from([2, 0.5, 0.5, 1]);
    expect(frechetDistance(Float64Array.from([1, 2]), c, Float64Array.from([1, 2]), c)).toBeCloseTo(0, 8);
  });

  it('the eigen-solver reconstructs a random symmetric matrix; meanCov is the sample covariance', () => {
    const rng = new Rng(3);
    const n = 6;
    const m = new Float64Array(n * n);
    for (let i = 0; i < n; i++) for (let j = i; j < n; j++) m[i * n + j] = m[j * n + i] = rng.normal();
    const { values, vectors } = symmetricEigen(m, n);
    for (let i = 0; i < n; i++) for (let j = 0; j < n; j++) {
      let s = 0;
      for (let k = 0; k < n; k++) s += vectors[i * n + k]! * values[k]! * vectors[j * n + k]!;
      expect(s).toBeCloseTo(m[i * n + j]!, 8);
    }
    const { mean, cov } = meanCov([1, 2, 3, 6], 2, 2); // rows (1, 2), (3, 6)
    expect(Array.from(mean)).toEqual([2, 4]);
    expect(Array.from(cov)).toEqual([2, 4, 4, 8]);
  });
});
