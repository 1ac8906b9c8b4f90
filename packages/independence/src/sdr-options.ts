import { ConfigError } from '@rimjs/core';

/** Options of {@link spectralDensityRatio} (every field optional; defaults in {@link SDR_DEFAULTS}). */
export interface SdrOptions {
  /** Taper applied to each detrended map before its DFT: `'hann'` (sin^2(pi (h + 1) / (H + 1)) per axis) or `'none'`. */
  readonly window?: 'hann' | 'none';
  /** Subtract each map's spatial mean before the DFT (Welch's constant detrending). The DC bin is always dropped. */
  readonly detrend?: boolean;
  /** DFT size `[sizeH, sizeW]`; default `nextPow2(H + kh - 1)`, `nextPow2(W + kw - 1)` (no circular aliasing). */
  readonly size?: readonly [number, number];
  /** An input channel whose mean detrended variance is below this is dead: its pairs get rho = 1 and `alive` 0. */
  readonly deadVariance?: number;
  /** `'both'`: gradients reach the kernel and the input; `'filter-only'`: the input spectrum is a constant. */
  readonly gradient?: 'both' | 'filter-only';
}

/** The resolved options (size stays undefined until the shapes are known). */
export interface ResolvedSdrOptions {
  readonly window: 'hann' | 'none';
  readonly detrend: boolean;
  readonly size: readonly [number, number] | undefined;
  readonly deadVariance: number;
  readonly gradient: 'both' | 'filter-only';
}

/** Defaults of {@link SdrOptions}. */
export const SDR_DEFAULTS: ResolvedSdrOptions = { window: 'hann', detrend: true, size: undefined, deadVariance: 1e-8, gradient: 'both' };

/**
 * Parses, resolves defaults and validates {@link SdrOptions}, collecting every problem.
 * @throws ConfigError listing each bad field.
 */
export function resolveSdrOptions(options: SdrOptions = {}, fn = 'spectralDensityRatio'): ResolvedSdrOptions {
  const r = { ...SDR_DEFAULTS, ...options };
  const problems: string[] = [];
  if (r.window !== 'hann' && r.window !== 'none') problems.push(`${fn}.window: must be 'hann' or 'none', got ${JSON.stringify(r.window)}`);
  if (typeof r.detrend !== 'boolean') problems.push(`${fn}.detrend: must be a boolean, got ${JSON.stringify(r.detrend)}`);
  if (!(r.deadVariance >= 0)) problems.push(`${fn}.deadVariance: must be a number >= 0, got ${r.deadVariance}`);
  if (r.gradient !== 'both' && r.gradient !== 'filter-only') problems.push(`${fn}.gradient: must be 'both' or 'filter-only', got ${JSON.stringify(r.gradient)}`);
  if (r.size !== undefined && !(r.size.length === 2 && r.size.every((d) => Number.isInteger(d) && d > 0))) {
    problems.push(`${fn}.size: must be two positive integers [sizeH, sizeW], got ${JSON.stringify(r.size)}`);
  }
  if (problems.length > 0) throw new ConfigError(problems);
  return r;
}
