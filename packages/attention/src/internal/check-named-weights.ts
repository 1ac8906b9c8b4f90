import type * as tf from '@tensorflow/tfjs-core';
import { ShapeError } from '@rimjs/core';

/**
 * Checks that `weights` holds exactly the tensors named in `shapes`, each of its shape.
 * @throws ShapeError naming the missing, unexpected or mis-shaped weight.
 */
export function checkNamedWeights(where: string, shapes: Record<string, number[]>, weights: object): void {
  const given = weights as Record<string, tf.Tensor | undefined>;
  for (const [name, shape] of Object.entries(shapes)) {
    const t = given[name];
    if (!t) throw new ShapeError(`${where}: 'weights' is missing '${name}' [${shape.join(', ')}]`);
    if (t.shape.length !== shape.length || t.shape.some((d, i) => d !== shape[i])) {
      throw new ShapeError(`${where}: 'weights.${name}' must be [${shape.join(', ')}], got [${t.shape.join(', ')}]`);
    }
  }
  for (const name of Object.keys(given)) {
    if (given[name] !== undefined && !(name in shapes)) {
      throw new ShapeError(`${where}: 'weights' has '${name}', which this config does not use (uses: ${Object.keys(shapes).join(', ')})`);
    }
  }
}
