import * as tf from '@tensorflow/tfjs-core';

/** The forward of a {@link customGradient} op: its value, and its gradient given `dy` and the inputs. */
export type CustomGradientForward = (...inputs: tf.Tensor[]) => {
  value: tf.Tensor;
  gradFunc: (dy: tf.Tensor, inputs: tf.Tensor[]) => tf.Tensor | tf.Tensor[];
};

/**
 * `tf.customGrad` made fit for recurrent loops. Two costs of the plain one are removed:
 * - it clones every tensor it saves for the backward pass; an input that is a `tf.Variable`
 *   outlives the backward pass, so it is read by reference instead (in a loop over time, a
 *   weight-sized copy per step saved);
 * - it runs the gradient outside any `tidy`, so the gradient's temporaries would live until the
 *   whole backward pass ends; here they are freed as soon as the gradient is computed.
 *
 * @param forward computes the value from the inputs, and a `gradFunc(dy, inputs)` returning one
 *   gradient per input (in order)
 * @returns the op, `(...inputs) => value`
 * @example
 * const square = customGradient((x) => ({ value: tf.square(x), gradFunc: (dy, [a]) => tf.mul(dy, tf.mul(a!, 2)) }));
 */
export function customGradient(forward: CustomGradientForward): (...inputs: tf.Tensor[]) => tf.Tensor {
  const op = tf.customGrad(((...args: unknown[]) => {
    const save = args.pop() as tf.GradSaveFunc;
    const inputs = args as tf.Tensor[];
    save(inputs.filter((t) => !(t instanceof tf.Variable)));
    const { value, gradFunc } = forward(...inputs);
    return {
      value,
      gradFunc: (dy: tf.Tensor, saved: tf.Tensor[]) =>
        tf.tidy(() => {
          let j = 0;
          const restored = inputs.map((t) => (t instanceof tf.Variable ? t : saved[j++]!));
          return gradFunc(dy, restored);
        }),
    };
  }) as unknown as Parameters<typeof tf.customGrad>[0]);
  return (...inputs: tf.Tensor[]) => op(...inputs);
}
