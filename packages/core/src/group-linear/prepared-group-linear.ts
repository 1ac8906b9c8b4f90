import * as tf from '@tensorflow/tfjs-core';
import { assertShape } from '../assert.js';
import { groupLinear } from './group-linear.js';
import { depthwiseContract, depthwiseFilter } from './strategy-depthwise.js';
import { perUnit, unitMatMulsWith } from './strategy-unit-loop.js';

/**
 * On wasm, products with at least this many multiply-adds per unit (`batch * in * out`) run as
 * per-unit 2-D matMuls; smaller ones as one depthwise convolution (fewer kernels, where the
 * per-kernel cost of the engine dominates). Measured on the RIM's shapes: the unit loop wins from
 * `[64, 400] x [400, 400]` (4.7 ms against 12) down to about `[64, 192] x [192, 100]`; at
 * `[16, 32] x [32, 192]` the convolution does (0.16 ms against 0.23).
 */
const UNIT_LOOP_MIN_MACS = 1_000_000;

/** A GroupLinear whose weight layout was made once, for many calls (see {@link prepareGroupLinear}). */
export interface PreparedGroupLinear {
  /** `x [batch, units, in]` -> `[batch, units, out]`, forward only (no gradient is recorded through the layout). */
  apply(x: tf.Tensor3D): tf.Tensor3D;
  /** Frees the layout (not the weight it was made from). */
  dispose(): void;
}

/**
 * {@link groupLinear} with the weight laid out once for many calls, as a fused recurrent kernel
 * needs: one layout per sequence, one product per step.
 *
 * On wasm the weight is split into one `[in, out]` matrix per unit, kept for every call, and each
 * call is one 2-D, non-transposed matMul per unit (XNNPACK's fast path): XNNPACK packs a weight
 * the first time it meets it and reuses the packing for the same tensor, so a weight made anew
 * every call (as a per-call split or transpose does) pays the packing every call. Measured on the
 * RIM's paper-size shapes (`[64, 6, 400] x [6, 400, 400]`): 4.7 ms per call against 12 ms for
 * `depthwiseConv` and 7.9 ms for the per-call unit loop. Small products (see `UNIT_LOOP_MIN_MACS`)
 * run as one depthwise convolution whose filter is laid out once. Elsewhere it is `groupLinear`.
 *
 * @param w `[units, in, out]`; not disposed, must outlive the prepared layout
 * @param options.batch the batch the calls will have (picks the wasm layout); default 64
 * @example
 * const g = prepareGroupLinear(w); // w [6, 400, 400]
 * const ys = xs.map((x) => g.apply(x)); // each x [64, 6, 400] -> [64, 6, 400]
 * g.dispose();
 */
export function prepareGroupLinear(w: tf.Tensor3D, { batch = 64 }: { batch?: number } = {}): PreparedGroupLinear {
  const [units, inSize, outSize] = w.shape;
  if (tf.getBackend() !== 'wasm') {
    return { apply: (x) => groupLinear(x, w), dispose: () => {} };
  }
  if (units > 1 && batch * inSize * outSize < UNIT_LOOP_MIN_MACS) {
    // One depthwise convolution per call (see strategy-depthwise.ts), its filter laid out once.
    const filter = depthwiseFilter(tf.transpose(w, [1, 0, 2]) as tf.Tensor3D); // [in, 1, units, out]
    return {
      apply(x: tf.Tensor3D): tf.Tensor3D {
        assertShape('PreparedGroupLinear.apply', 'x', x, [['batch', null], ['units', units], ['in', inSize]]);
        return tf.tidy(() => depthwiseContract(tf.transpose(x, [0, 2, 1]) as tf.Tensor3D, filter)); // [batch, units, out]
      },
      dispose: () => filter.dispose(),
    };
  }
  const ws = perUnit(w); // units x [in, out], split once
  return {
    apply(x: tf.Tensor3D): tf.Tensor3D {
      assertShape('PreparedGroupLinear.apply', 'x', x, [['batch', null], ['units', units], ['in', inSize]]);
      return tf.tidy(() => unitMatMulsWith(x, ws)); // [batch, units, out]
    },
    dispose: () => tf.dispose(ws),
  };
}
