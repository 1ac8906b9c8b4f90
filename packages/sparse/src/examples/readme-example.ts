import * as tf from '@tensorflow/tfjs-core';
import { initBackend, Parameters, Rng } from '@rimjs/core';
import { LstmCell } from '@rimjs/cells';
import { BlockPruner, MaskedCell, bsrMatMul, decodeBlockSparse, encodeBlockSparse, prepareBsr } from '@rimjs/sparse';

await initBackend('auto'); // native TensorFlow if installed, else wasm, else cpu

export async function readmeExample(): Promise<string[]> {
  const params = new Parameters(new Rng(1));
  const cell = new LstmCell(params.scope('lstm'), { inputSize: 16, hiddenSize: 32 }); // wIh [16, 128], wHh [32, 128]
  const pruner = new BlockPruner(
    params.scope('sparse'), // the masks live here, so checkpoints carry them
    [{ name: 'lstm.weightHh', weight: cell.weights.wHh as tf.Variable, block: [8, 8] }],
    { schedule: { startItr: 10, rampItr: 30, endItr: 50, freq: 5 }, q: { kind: 'blockSparsity', sparsity: 0.8, track: true }, groupLasso: { lambda: 1e-3 } },
  );
  const masked = new MaskedCell(cell, pruner, { wHh: 'lstm.weightHh' });
  const x = tf.randomNormal([4, 16], 0, 1, 'float32', 2);
  const target = tf.randomNormal([4, 32], 0, 1, 'float32', 3);
  const optimizer = tf.train.adam(5e-2);
  for (let t = 0; t < 60; t++) {
    const loss = pruner.minimize(optimizer, () => tf.tidy(() => {
      const s = masked.step(x, masked.initialState(4)).state;
      return tf.losses.meanSquaredError(target, s.h) as tf.Scalar;
    }), t, params.trainable());
    loss.dispose();
  }
  const [row] = pruner.report();
  const bytes = await encodeBlockSparse({ 'lstm.weightHh': cell.weights.wHh }, { 'lstm.weightHh': [8, 8] });
  const { tensors, bsr } = decodeBlockSparse(bytes);
  const prepared = prepareBsr(bsr['lstm.weightHh']!);
  const h = tf.ones([1, 32]) as tf.Tensor2D;
  const diff = tf.tidy(() => tf.max(tf.abs(tf.sub(bsrMatMul(h, prepared), tf.matMul(h, tensors['lstm.weightHh'] as tf.Tensor2D)))).dataSync()[0]!);
  const log = [
    `${row!.name}: ${row!.prunedBlocks}/${row!.blocks} blocks pruned (${(100 * row!.blockSparsity).toFixed(1)} %), ${row!.keptParams} weights kept`,
    `file ${bytes.length} bytes, bsrMatMul vs dense max |diff| < 1e-5: ${diff < 1e-5}`,
  ];
  tf.dispose([x, target, h, ...Object.values(tensors)]);
  prepared.dispose();
  optimizer.dispose();
  pruner.dispose();
  params.dispose();
  return log;
}
