import { ConfigCheck } from '@rimjs/core';
import { resolveTimEncoderConfig, type TimEncoderConfig, timEncoderParamCount } from './tim-encoder-config.js';

/** Result of {@link parameterMatchedTransformer}. */
export interface ParameterMatch {
  /** An all-standard encoder config: same width, layers, heads, input, positions and head; `dFF` chosen. */
  config: TimEncoderConfig;
  /** Parameters of `config`. */
  parameters: number;
  /** Parameters of the TIM encoder it matches. */
  target: number;
  /** `(parameters - target) / target`. */
  relativeGap: number;
}

/**
 * The Transformer baseline of a TIM encoder with (as nearly as an integer `dFF` allows) the same
 * number of parameters, as in the paper's comparisons: every layer standard, the same `dModel`,
 * `layers`, `heads`, input, positional encoding and head, and the feed-forward width `dFF` that
 * brings the count closest to the TIM encoder's. A TIM layer has about `1 / ns` of a standard
 * layer's attention and feed-forward weights, so the baseline's `dFF` is smaller.
 *
 * @param tim the TIM encoder's config
 * @returns the baseline config and both counts
 * @throws ConfigError when `tim` is invalid, or `heads` (default `ns`) does not divide `dModel`.
 * @example
 * const { config, parameters, target } = parameterMatchedTransformer({ vocabSize: 3, dModel: 64, ns: 4 });
 */
export function parameterMatchedTransformer(tim: TimEncoderConfig): ParameterMatch {
  const r = resolveTimEncoderConfig(tim);
  const target = timEncoderParamCount(tim);
  const layers = r.kinds.length;
  const base: TimEncoderConfig = { ...tim, heads: tim.heads ?? tim.ns, standardFirst: layers, standardLast: 0 };
  new ConfigCheck('parameterMatchedTransformer').require(r.dModel % (base.heads as number) === 0, 'heads', () =>
    `must divide dModel = ${r.dModel} for the standard baseline, got ${base.heads}`).throwIfAny();
  const count = (dFF: number) => timEncoderParamCount({ ...base, dFF });
  // The count is affine in dFF: solve, then take the better integer neighbour.
  const c1 = count(1);
  const slope = count(2) - c1;
  const guess = Math.max(1, Math.round(1 + (target - c1) / slope));
  let best = guess;
  for (const d of [guess - 1, guess + 1]) if (d >= 1 && Math.abs(count(d) - target) < Math.abs(count(best) - target)) best = d;
  const parameters = count(best);
  return { config: { ...base, dFF: best }, parameters, target, relativeGap: (parameters - target) / target };
}
