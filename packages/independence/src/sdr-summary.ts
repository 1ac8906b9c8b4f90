import type { SdrResult } from './spectral-density-ratio.js';

/** Host-side statistics of one layer's per-pair SDRs (live input channels only). */
export interface SdrSummary {
  /** Pairs counted (live input channel x output channel). */
  readonly count: number;
  /** Median of log10 rho_ij. */
  readonly medianLog10: number;
  /** 25th and 75th percentiles of log10 rho_ij. */
  readonly q25Log10: number;
  readonly q75Log10: number;
  /** sum_ij w_ij |log10 rho_ij| with w the normalised filter energy: the layer's distance from independence. */
  readonly weightedAbsLog10: number;
  /** Share of pairs with |log10 rho_ij| > 0.1 (rho outside [0.79, 1.26]). */
  readonly fractionFar: number;
  /** Every live pair's log10 rho_ij, for histograms. */
  readonly log10: number[];
}

function quantile(sorted: number[], q: number): number {
  if (sorted.length === 0) return Number.NaN;
  const pos = (sorted.length - 1) * q;
  const lo = Math.floor(pos);
  const hi = Math.ceil(pos);
  return sorted[lo]! + (sorted[hi]! - sorted[lo]!) * (pos - lo);
}

/**
 * Reads an {@link SdrResult} (does not dispose it) and summarises its live pairs.
 * @example
 * const s = summarizeSdr(spectralDensityRatio(x, k)); // s.medianLog10, s.weightedAbsLog10
 */
export function summarizeSdr(r: SdrResult): SdrSummary {
  const [cin, cout] = r.pairs.shape;
  const rho = r.pairs.dataSync();
  const energy = r.energy.dataSync();
  const alive = r.alive.dataSync();
  const log10: number[] = [];
  let wSum = 0;
  let wAbs = 0;
  let far = 0;
  for (let i = 0; i < cin; i++) {
    if (alive[i]! <= 0) continue;
    for (let j = 0; j < cout; j++) {
      const l = Math.log10(rho[i * cout + j]!);
      log10.push(l);
      wSum += energy[i * cout + j]!;
      wAbs += energy[i * cout + j]! * Math.abs(l);
      if (Math.abs(l) > 0.1) far++;
    }
  }
  const sorted = [...log10].sort((a, b) => a - b);
  return {
    count: log10.length,
    medianLog10: quantile(sorted, 0.5),
    q25Log10: quantile(sorted, 0.25),
    q75Log10: quantile(sorted, 0.75),
    weightedAbsLog10: wSum > 0 ? wAbs / wSum : Number.NaN,
    fractionFar: log10.length > 0 ? far / log10.length : Number.NaN,
    log10,
  };
}
