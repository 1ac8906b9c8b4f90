import { ConfigError } from '@rimjs/core';

/** Mean, sample standard deviation and a 95% confidence half-width of a list of results. */
export interface Summary {
  n: number;
  mean: number;
  /** Sample standard deviation (n - 1); 0 for one value. */
  std: number;
  /** Half-width of the 95% confidence interval of the mean (Student t for small n); 0 for one value. */
  ci95: number;
  min: number;
  max: number;
}

// Two-sided 97.5% quantiles of Student's t for 1..30 degrees of freedom; 1.96 beyond.
const T975 = [12.706, 4.303, 3.182, 2.776, 2.571, 2.447, 2.365, 2.306, 2.262, 2.228, 2.201, 2.179, 2.16, 2.145, 2.131, 2.12, 2.11, 2.101, 2.093, 2.086, 2.08, 2.074, 2.069, 2.064, 2.06, 2.056, 2.052, 2.048, 2.045, 2.042];

/**
 * Summarises results over seeds or episodes.
 * @throws ConfigError when `values` is empty or holds a non-finite number.
 * @example
 * summarize([0.61, 0.64, 0.6]); // { n: 3, mean: 0.6167, std: 0.0208, ci95: 0.0517, ... }
 */
export function summarize(values: readonly number[]): Summary {
  if (values.length === 0) throw new ConfigError('summarize: values must hold at least one number, got none');
  const bad = values.findIndex((v) => !Number.isFinite(v));
  if (bad >= 0) throw new ConfigError(`summarize: values[${bad}] must be finite, got ${values[bad]}`);
  const n = values.length;
  const mean = values.reduce((a, b) => a + b, 0) / n;
  const std = n > 1 ? Math.sqrt(values.reduce((a, v) => a + (v - mean) ** 2, 0) / (n - 1)) : 0;
  const t = n > 1 ? (T975[n - 2] ?? 1.96) : 0;
  return { n, mean, std, ci95: n > 1 ? (t * std) / Math.sqrt(n) : 0, min: Math.min(...values), max: Math.max(...values) };
}

/** `mean ± std` with `digits` decimals, e.g. `0.617 ± 0.021 (n=3)`. */
export function formatSummary(s: Summary, digits = 3): string {
  return `${s.mean.toFixed(digits)} ± ${s.std.toFixed(digits)} (n=${s.n})`;
}
