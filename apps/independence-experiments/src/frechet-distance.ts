/**
 * Frechet distance between two Gaussians fitted to feature sets (the FID formula, on this
 * project's classifier features instead of Inception's):
 *   d^2 = |mu1 - mu2|^2 + tr(S1 + S2 - 2 (S1^1/2 S2 S1^1/2)^1/2),
 * with the symmetric square roots from a cyclic Jacobi eigen-solver (float64, plain loops: the
 * matrices are 32 x 32).
 */

/** Mean `[d]` and covariance `[d, d]` (row-major, 1/(n-1)) of `n` rows of `d` features. */
export function meanCov(x: ArrayLike<number>, n: number, d: number): { mean: Float64Array; cov: Float64Array } {
  const mean = new Float64Array(d);
  for (let i = 0; i < n; i++) for (let j = 0; j < d; j++) mean[j] = mean[j]! + x[i * d + j]! / n;
  const cov = new Float64Array(d * d);
  for (let i = 0; i < n; i++) {
    for (let a = 0; a < d; a++) {
      const da = x[i * d + a]! - mean[a]!;
      for (let b = a; b < d; b++) cov[a * d + b] = cov[a * d + b]! + (da * (x[i * d + b]! - mean[b]!)) / (n - 1);
    }
  }
  for (let a = 0; a < d; a++) for (let b = 0; b < a; b++) cov[a * d + b] = cov[b * d + a]!;
  return { mean, cov };
}

/** Eigenvalues and eigenvectors (columns of `vectors`, row-major `[d, d]`) of a symmetric matrix. */
export function symmetricEigen(m: ArrayLike<number>, d: number): { values: Float64Array; vectors: Float64Array } {
  const a = Float64Array.from(m);
  const v = new Float64Array(d * d);
  for (let i = 0; i < d; i++) v[i * d + i] = 1;
  for (let sweep = 0; sweep < 100; sweep++) {
    let off = 0;
    for (let p = 0; p < d; p++) for (let q = p + 1; q < d; q++) off += a[p * d + q]! ** 2;
    if (off < 1e-22) break;
    for (let p = 0; p < d; p++) {
      for (let q = p + 1; q < d; q++) {
        const apq = a[p * d + q]!;
        if (Math.abs(apq) < 1e-300) continue;
        const theta = (a[q * d + q]! - a[p * d + p]!) / (2 * apq);
        const t = Math.sign(theta || 1) / (Math.abs(theta) + Math.sqrt(theta * theta + 1));
        const c = 1 / Math.sqrt(t * t + 1);
        const s = t * c;
        for (let k = 0; k < d; k++) {
          const akp = a[k * d + p]!;
          const akq = a[k * d + q]!;
          a[k * d + p] = c * akp - s * akq;
          a[k * d + q] = s * akp + c * akq;
        }
        for (let k = 0; k < d; k++) {
          const apk = a[p * d + k]!;
          const aqk = a[q * d + k]!;
          a[p * d + k] = c * apk - s * aqk;
          a[q * d + k] = s * apk + c * aqk;
        }
        for (let k = 0; k < d; k++) {
          const vkp = v[k * d + p]!;
          const vkq = v[k * d + q]!;
          v[k * d + p] = c * vkp - s * vkq;
          v[k * d + q] = s * vkp + c * vkq;
        }
      }
    }
  }
  return { values: Float64Array.from({ length: d }, (_, i) => a[i * d + i]!), vectors: v };
}

function matMul(a: Float64Array, b: Float64Array, d: number): Float64Array {
  const out = new Float64Array(d * d);
  for (let i = 0; i < d; i++) for (let k = 0; k < d; k++) {
    const aik = a[i * d + k]!;
    for (let j = 0; j < d; j++) out[i * d + j] = out[i * d + j]! + aik * b[k * d + j]!;
  }
  return out;
}

/** The Frechet distance (squared, as FID reports it) between two fitted Gaussians. */
export function frechetDistance(m1: Float64Array, c1: Float64Array, m2: Float64Array, c2: Float64Array): number {
  const d = m1.length;
  const { values, vectors } = symmetricEigen(c1, d);
  const root = new Float64Array(d * d); // S1^1/2 = V diag(sqrt(l)) V^T
  for (let i = 0; i < d; i++) for (let j = 0; j < d; j++) {
    let s = 0;
    for (let k = 0; k < d; k++) s += vectors[i * d + k]! * Math.sqrt(Math.max(values[k]!, 0)) * vectors[j * d + k]!;
    root[i * d + j] = s;
  }
  const inner = matMul(matMul(root, c2, d), root, d);
  const sym = inner.map((_, idx) => (inner[idx]! + inner[(idx % d) * d + Math.floor(idx / d)]!) / 2);
  const trRoot = symmetricEigen(sym, d).values.reduce((s, l) => s + Math.sqrt(Math.max(l, 0)), 0);
  let dist = 0;
  for (let i = 0; i < d; i++) dist += (m1[i]! - m2[i]!) ** 2 + c1[i * d + i]! + c2[i * d + i]!;
  return dist - 2 * trRoot;
}
