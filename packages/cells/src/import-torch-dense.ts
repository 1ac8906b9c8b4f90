// Private: shared by importTorchLstmCell and importTorchGruCell.
import * as tf from '@tensorflow/tfjs-core';
import { CheckpointError } from '@rimjs/core';
import type { CellWeights, TorchCellWeights } from './weights.js';

const NAMES = ['weight_ih', 'weight_hh', 'bias_ih', 'bias_hh'] as const;

/**
 * Checks a PyTorch cell's tensors against `[G*hidden, inputSize]`, `[G*hidden, hidden]`,
 * `[G*hidden]` and returns them in rimjs' layout (transposed, float32), new tensors.
 * @throws CheckpointError naming every missing or mis-shaped tensor.
 */
export function torchToCellWeights(
  where: string,
  torch: TorchCellWeights,
  inputSize: number,
  hidden: number,
  gates: number,
): CellWeights {
  const g = gates * hidden;
  const gName = `${gates}*hidden`;
  const expected: Record<(typeof NAMES)[number], [string, number[]]> = {
    weight_ih: [`[${gName}, inputSize] = [${g}, ${inputSize}]`, [g, inputSize]],
    weight_hh: [`[${gName}, hidden] = [${g}, ${hidden}]`, [g, hidden]],
    bias_ih: [`[${gName}] = [${g}]`, [g]],
    bias_hh: [`[${gName}] = [${g}]`, [g]],
  };
  const problems: string[] = [];
  for (const name of NAMES) {
    const t = (torch as unknown as Record<string, tf.Tensor | undefined>)[name];
    const [text, shape] = expected[name];
    if (!(t instanceof tf.Tensor)) problems.push(`'${name}' is missing`);
    else if (t.shape.length !== shape.length || t.shape.some((d, i) => d !== shape[i])) {
      problems.push(`'${name}' must be ${text}, got [${t.shape.join(', ')}]`);
    }
  }
  if (problems.length > 0) throw new CheckpointError(`${where}: ${problems.join('; ')}`);
  return tf.tidy(() => ({
    wIh: tf.transpose(tf.cast(torch.weight_ih, 'float32')) as tf.Tensor2D, // [inputSize, G*hidden]
    wHh: tf.transpose(tf.cast(torch.weight_hh, 'float32')) as tf.Tensor2D, // [hidden, G*hidden]
    bIh: tf.cast(torch.bias_ih, 'float32') as tf.Tensor1D, // [G*hidden]
    bHh: tf.cast(torch.bias_hh, 'float32') as tf.Tensor1D, // [G*hidden]
  }));
}
