import * as tf from '@tensorflow/tfjs-core';
import { assertShape } from '../assert.js';
import { groupLinear } from './group-linear.js';

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
 * `depthwiseConv` and 7.9 ms for the per-call unit loop. Elsewhere it is `groupLinear` itself.
 *
 * @param w `[units, in, out]`; not disposed, must outlive the prepared layout
 * @example
 * const g = prepareGroupLinear(w); // w [6, 400, 400]
 * const ys = xs.map((x) => g.apply(x)); // each x [64, 6, 400] -> [64, 6, 400]
 * g.dispose();
 */
export function prepareGroupLinear(w: tf.Tensor3D): PreparedGroupLinear {
  const [units, inSize, outSize] = w.shape;
  if (tf.getBackend() !== 'wasm') {
    return { apply: (x) => groupLinear(x, w), dispose: () => {} };
  }
  const ws = (units === 1 ? [tf.reshape(w, [inSize, outSize])] : tf.unstack(w, 0)) as tf.Tensor2D[]; // units x [in, out]
  return {
    apply(x: tf.Tensor3D): tf.Tensor3D {
      const [batch] = assertShape('PreparedGroupLinear.apply', 'x', x, [['batch', null], ['units', units], ['in', inSize]]);
      return tf.tidy(() => {
        if (units === 1) return tf.reshape(tf.matMul(tf.reshape(x, [batch!, inSize]), ws[0]!), [batch!, 1, outSize]) as tf.Tensor3D;
        const xs = tf.unstack(tf.transpose(x, [1, 0, 2])) as tf.Tensor2D[]; // units x [batch, in]
        return tf.transpose(tf.stack(xs.map((xu, u) => tf.matMul(xu, ws[u]!))), [1, 0, 2]) as tf.Tensor3D; // [batch, units, out]
      });
    },
    dispose: () => tf.dispose(ws),
  };
}
