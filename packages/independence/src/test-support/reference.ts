/**
 * Slow, obvious references (plain loops in float64) for the tests: the zero-padded 2-D DFT, the
 * conv-layer SDR written straight from its equations, and the linearly interpolated kernel.
 */

/** DFT of one real map `x` `[h, w]` zero-padded to `[nh, nw]`: `{ re, im }` each `[nh, nw]`. */
export function dft2dReference(x: ArrayLike<number>, h: number, w: number, nh: number, nw: number): { re: Float64Array; im: Float64Array } {
  const re = new Float64Array(nh * nw);
  const im = new Float64Array(nh * nw);
  for (let u = 0; u < nh; u++) {
    for (let v = 0; v < nw; v++) {
      let sr = 0;
      let si = 0;
      for (let a = 0; a < h; a++) {
        for (let b = 0; b < w; b++) {
          const angle = -2 * Math.PI * ((u * a) / nh + (v * b) / nw);
          sr += x[a * w + b]! * Math.cos(angle);
          si += x[a * w + b]! * Math.sin(angle);
        }
      }
      re[u * nw + v] = sr;
      im[u * nw + v] = si;
    }
  }
  return { re, im };
}

function power(x: ArrayLike<number>, h: number, w: number, nh: number, nw: number): Float64Array {
  const { re, im } = dft2dReference(x, h, w, nh, nw);
  return re.map((r, f) => r * r + im[f]! * im[f]!);
}

/**
 * The SDR per pair from its equations: `input` `[B, H, W, C]`, `kernel` `[kh, kw, C, O]` row-major;
 * detrend, Hann taper sin^2(pi (n + 1) / (N + 1)), P_i = mean_b |DFT|^2, G_ij = |DFT(K_ij)|^2,
 * rho_ij = mean(G P) / (mean G mean P) over the grid without DC. Returns `[C, O]`.
 */
export function sdrReference(
  input: ArrayLike<number>,
  [batch, h, w, c]: readonly number[],
  kernel: ArrayLike<number>,
  [kh, kw, , o]: readonly number[],
  [nh, nw]: readonly [number, number],
  hann = true,
): Float64Array {
  const win = (n: number, i: number): number => (hann ? Math.sin((Math.PI * (i + 1)) / (n + 1)) ** 2 : 1);
  const f = nh * nw;
  const rho = new Float64Array(c! * o!);
  for (let i = 0; i < c!; i++) {
    const p = new Float64Array(f);
    for (let b = 0; b < batch!; b++) {
      const map = new Float64Array(h! * w!);
      for (let y = 0; y < h!; y++) for (let x = 0; x < w!; x++) map[y * w! + x] = input[((b * h! + y) * w! + x) * c! + i]!;
      const mean = map.reduce((s, v) => s + v, 0) / map.length;
      for (let y = 0; y < h!; y++) for (let x = 0; x < w!; x++) map[y * w! + x] = (map[y * w! + x]! - mean) * win(h!, y) * win(w!, x);
      power(map, h!, w!, nh, nw).forEach((v, k) => (p[k] = p[k]! + v / batch!));
    }
    for (let j = 0; j < o!; j++) {
      const slice = new Float64Array(kh! * kw!);
      for (let y = 0; y < kh!; y++) for (let x = 0; x < kw!; x++) slice[y * kw! + x] = kernel[((y * kw! + x) * c! + i) * o! + j]!;
      const g = power(slice, kh!, kw!, nh, nw);
      let gp = 0;
      let sg = 0;
      let sp = 0;
      for (let k = 1; k < f; k++) {
        gp += g[k]! * p[k]!;
        sg += g[k]!;
        sp += p[k]!;
      }
      rho[i * o! + j] = (gp / (f - 1)) / ((sg / (f - 1)) * (sp / (f - 1)));
    }
  }
  return rho;
}

/**
 * One `[k, k]` kernel slice linearly interpolated at positions `p / s` (zero outside the kernel),
 * divided by s^2: `[s (k + 1) - 1]^2`, the output index p shifted by s - 1.
 */
export function stretchLinearReference(k: ArrayLike<number>, size: number, s: number): Float64Array {
  const n = s * (size + 1) - 1;
  const at = (y: number, x: number): number => (y >= 0 && y < size && x >= 0 && x < size ? k[y * size + x]! : 0);
  const out = new Float64Array(n * n);
  for (let py = 0; py < n; py++) {
    for (let px = 0; px < n; px++) {
      const y = (py - (s - 1)) / s;
      const x = (px - (s - 1)) / s;
      const y0 = Math.floor(y);
      const x0 = Math.floor(x);
      const fy = y - y0;
      const fx = x - x0;
      const v = (1 - fy) * (1 - fx) * at(y0, x0) + (1 - fy) * fx * at(y0, x0 + 1) + fy * (1 - fx) * at(y0 + 1, x0) + fy * fx * at(y0 + 1, x0 + 1);
      out[py * n + px] = v / (s * s);
    }
  }
  return out;
}
