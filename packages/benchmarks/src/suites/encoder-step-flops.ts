import { attentionFlops } from '../flops/attention-flops.js';
import { checkSizes } from '../flops/check-sizes.js';
import { groupLinearFlops, matmulFlops } from '../flops/matmul-flops.js';

/** Shape of a one-layer token encoder (`TimEncoder` with one TIM or one standard layer) over `time` positions. */
export interface EncoderStepShape {
  /** `tim`: one TIM layer of `ns` mechanisms; `transformer`: one standard post-norm layer. */
  kind: 'tim' | 'transformer';
  batch: number;
  /** Positions per sequence `T`: the self-attention is `T x T`. */
  time: number;
  /** Token vocabulary: the one-hot width of the embedding matmul. */
  vocabSize: number;
  dModel: number;
  /** Self-attention heads of the layer (a TIM layer splits them over its mechanisms). */
  heads: number;
  /** Feed-forward width of the layer. */
  dFF: number;
  /** Outputs of the head per position. */
  outputSize: number;
  /** `tim`: mechanisms. */
  ns?: number;
  /** `tim`: communication heads and key size per head (the resolved `commHeads`, `commKeyDim`). */
  commHeads?: number;
  commKeyDim?: number;
  /** Whether the causal mask is added to the scores (1 FLOP per score). Default `true`. */
  causal?: boolean;
}

/** Layer norm over `width`-wide slices of `rows * slices` rows: 7 per element, 4 per slice. */
function layerNormFlops(rows: number, slices: number, width: number): number {
  return 7 * rows * slices * width + 4 * rows * slices;
}

/**
 * FLOPs of one position (one "step") of a one-layer token encoder, whole batch: the forward pass
 * over `T` positions divided by `T`. The self-attention's `T x T` scores are all computed (a
 * causal mask hides half of them but saves nothing), so the cost per position grows with `T`.
 * With `R = B T` rows, `D = dModel`, `h` heads, `F = dFF`, `ns` mechanisms of `dm = D / ns`:
 *
 * | part | counted |
 * | --- | --- |
 * | embedding | one-hot `[R, V] @ [V, D]` `2 R V D`, positional add `R D` |
 * | self-attention | q, k, v, output maps with bias (`ns x [R, dm] @ [dm, dm]`; standard: `ns = 1`), `attentionFlops` over `T x T` with `h` heads of `D / h`, the causal mask `B h T T` |
 * | feed-forward | `ns x ([R, dm] @ [dm, F / ns] + bias)`, ReLU `R F`, back to `dm` + bias |
 * | norms, residuals | each layer norm `7 R D + 4 R ns` (mean, centre, square, mean, normalise, gain, bias; per slice the divides, epsilon and rsqrt), each residual add `R D` |
 * | TIM only | competition `ns x ([R, dm] @ [dm, 1] + bias)`, its softmax `3 R ns`, the scaling of the update `R D`; communication q, k, v `ns x [R, dm] @ [dm, c]` (`c = commHeads * commKeyDim`) with bias, `attentionFlops` over `ns x ns` per position, output `ns x [R, c] @ [c, dm]` + bias, residual and norm |
 * | head | `[R, D] @ [D, O]` + bias |
 *
 * Not counted: dropout, reshapes, transposes and copies.
 *
 * @throws ConfigError when a size is not a non-negative integer (or `ns` does not divide `dModel`).
 * @example
 * encoderStepFlops({ kind: 'transformer', batch: 64, time: 70, vocabSize: 10, dModel: 600, heads: 6, dFF: 2400, outputSize: 10 });
 */
export function encoderStepFlops(shape: EncoderStepShape): number {
  const { kind, batch: B, time: T, vocabSize: V, dModel: D, heads: h, dFF: F, outputSize: O, causal = true } = shape;
  const ns = kind === 'tim' ? (shape.ns ?? 1) : 1;
  const commHeads = shape.commHeads ?? 2;
  const commKeyDim = shape.commKeyDim ?? D / ns / commHeads;
  const dm = D / ns;
  checkSizes('encoderStepFlops', { batch: B, time: T, vocabSize: V, dModel: D, heads: h, dFF: F, outputSize: O, ns, dm, dFFPerMechanism: F / ns, commHeads, commKeyDim });
  const R = B * T;
  const embedding = matmulFlops(R, V, D) + R * D;
  const selfAttention =
    4 * groupLinearFlops({ batch: R, units: ns, inSize: dm, outSize: dm }) +
    attentionFlops({ batch: B, queries: T, keys: T, heads: h, keySize: D / h, valueSize: D / h }) +
    (causal ? B * h * T * T : 0);
  const feedForward = groupLinearFlops({ batch: R, units: ns, inSize: dm, outSize: F / ns }) + R * F + groupLinearFlops({ batch: R, units: ns, inSize: F / ns, outSize: dm });
  const normsAndResiduals = 2 * (layerNormFlops(R, ns, dm) + R * D);
  let mechanisms = 0;
  if (kind === 'tim') {
    const c = commHeads * commKeyDim;
    const competition = groupLinearFlops({ batch: R, units: ns, inSize: dm, outSize: 1 }) + 3 * R * ns + R * D;
    const communication =
      3 * groupLinearFlops({ batch: R, units: ns, inSize: dm, outSize: c }) +
      attentionFlops({ batch: R, queries: ns, keys: ns, heads: commHeads, keySize: commKeyDim, valueSize: commKeyDim }) +
      groupLinearFlops({ batch: R, units: ns, inSize: c, outSize: dm }) +
      layerNormFlops(R, ns, dm) +
      R * D;
    mechanisms = competition + communication;
  }
  const head = groupLinearFlops({ batch: R, inSize: D, outSize: O });
  return (embedding + selfAttention + feedForward + normsAndResiduals + mechanisms + head) / T;
}
