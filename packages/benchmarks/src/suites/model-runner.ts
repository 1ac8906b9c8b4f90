import * as tf from '@tensorflow/tfjs-core';
import { Parameters, Rng } from '@rimjs/core';
import { createSequenceModel, type RimEngine, type SequenceModelConfig } from '@rimjs/rim';
import { TimEncoder, type TimEncoderConfig } from '@rimjs/tim';
import type { BenchMode } from '../schema/bench-record.js';
import type { BenchInstance } from '../suite/suite.js';
import type { TaskSize } from './task-sizes.js';

/** What a model case builds: a sequence model of @rimjs/rim, or a one-layer encoder of @rimjs/tim. */
export type ModelBuild = { kind: 'sequence'; config: SequenceModelConfig } | { kind: 'encoder'; config: TimEncoderConfig };

/** A model ready to run: logits of every step, and the variables to train. */
interface Runnable {
  /** Logits `[time, batch, outputSize]` (sequence models) or `[batch, time, outputSize]` (encoders). */
  forward(training: boolean, seed: number): tf.Tensor3D;
  /** Which axis of the logits is time. */
  timeAxis: 0 | 1;
  params: Parameters;
  dispose(): void;
}

function build(b: ModelBuild, tokens: tf.Tensor2D, seed: number, engine: RimEngine): Runnable {
  if (b.kind === 'sequence') {
    const model = createSequenceModel({ ...b.config, seed });
    return {
      // The masks are dropped by the caller's tidy (tf.variableGrads or tf.tidy).
      forward: (training, s) => model.forward(tokens, training ? { training, seed: s, engine } : { engine }).logits, // [time, batch, out]
      timeAxis: 0,
      params: model.params,
      dispose: () => model.dispose(),
    };
  }
  const params = new Parameters(new Rng(seed));
  const encoder = new TimEncoder(params, b.config);
  return {
    forward: (training, s) => encoder.forward(tokens, { causal: true, ...(training ? { training, seed: s } : {}) }).logits!, // [batch, time, out]
    timeAxis: 1,
    params,
    dispose: () => params.dispose(),
  };
}

/**
 * The loss of the speed cases: softmax cross-entropy against `targets`, over every step
 * (`all`, copying) or of the last step's class (`last`, MNIST). Inside a tidy.
 */
function lossOf(logits: tf.Tensor3D, targets: tf.Tensor, size: TaskSize, timeAxis: 0 | 1): tf.Scalar {
  if (size.loss === 'all') return tf.losses.softmaxCrossEntropy(targets, logits) as tf.Scalar;
  const [d0, d1, out] = logits.shape;
  const begin: [number, number, number] = timeAxis === 0 ? [d0 - 1, 0, 0] : [0, d1 - 1, 0];
  const last = tf.reshape(tf.slice(logits, begin, timeAxis === 0 ? [1, d1, out] : [d0, 1, out]), [size.batch, out]); // [batch, out]
  return tf.losses.softmaxCrossEntropy(targets, last) as tf.Scalar;
}

/** Backends whose process warm-up is done (see {@link setupModelRun}). */
const warmed = new Set<string>();

/** How long the first model case on a backend runs untimed before its first measurement. */
const PROCESS_WARMUP_MS = 4000;

/**
 * Sets up one model case on the active backend: the model, seeded random tokens (`[time, batch]`
 * for sequence models, `[batch, time]` for encoders) and one-hot targets, and an Adam optimizer
 * for `train` (its moments made in setup). `run()` is one training step (forward, loss,
 * backward, `applyGradients`; the loss and the last-updated variable read back) or one inference
 * pass (the logits read back); it disposes everything it makes. Dropout is on in training,
 * seeded per call. RIM layers run on `engine` (@rimjs/rim's `fused` or `composed`).
 *
 * The first model case on each backend in a process first runs its `run()` untimed for about
 * 4 s (at most 20 times): V8's JIT and the backend settle only after seconds of work, and
 * without this the first cases of a run measured up to 40% slower than the same case later.
 */
export async function setupModelRun(
  b: ModelBuild,
  size: TaskSize,
  mode: BenchMode,
  seed: number,
  backend: string,
  engine: RimEngine = 'fused',
): Promise<BenchInstance> {
  const rng = new Rng(seed).child('data');
  const { batch, steps: time, vocabSize, outputSize } = size;
  const ids = Int32Array.from({ length: time * batch }, () => rng.int(vocabSize));
  const shape: [number, number] = b.kind === 'sequence' ? [time, batch] : [batch, time];
  const tokens = tf.tensor2d(ids, shape, 'int32');
  const targetIds = Int32Array.from({ length: size.loss === 'all' ? time * batch : batch }, () => rng.int(outputSize));
  const targets = tf.tidy(() => {
    const t = size.loss === 'all' ? tf.tensor2d(targetIds, shape, 'int32') : tf.tensor1d(targetIds, 'int32');
    return tf.cast(tf.oneHot(t, outputSize), 'float32'); // [time, batch, out] | [batch, time, out] | [batch, out]
  });
  const model = build(b, tokens, new Rng(seed).child('weights').seed(), engine);
  const vars = model.params.trainable();
  const last = vars[vars.length - 1]!; // the decoder / head bias: Adam updates it last
  // Typed as tf.Optimizer: AdamOptimizer's own declaration of applyGradients is narrower.
  const optimizer: tf.Optimizer | null = mode === 'train' ? tf.train.adam(1e-3) : null;
  if (optimizer) {
    // Adam makes its moment variables on its first step. Make them here with a zero-gradient
    // step (m = v = 0, so no weight moves), so a timed run allocates nothing that outlives it.
    const zeroGrads: tf.NamedTensorMap = {};
    for (const v of vars) zeroGrads[v.name] = tf.zerosLike(v);
    optimizer.applyGradients(zeroGrads);
    tf.dispose(Object.values(zeroGrads));
  }
  const dropout = new Rng(seed).child('dropout');
  let call = 0;
  const run =
    optimizer === null
      ? async () => {
          const y = tf.tidy(() => model.forward(false, 0));
          await y.data();
          y.dispose();
        }
      : async () => {
          const s = dropout.child(call++).seed();
          const { value, grads } = tf.variableGrads(() => lossOf(model.forward(true, s), targets, size, model.timeAxis), vars);
          optimizer.applyGradients(grads);
          tf.dispose(Object.values(grads));
          await Promise.all([value.data(), last.data()]);
          value.dispose();
        };
  const dispose = (): void => {
    optimizer?.dispose();
    model.dispose();
    tf.dispose([tokens, targets]);
  };
  if (!warmed.has(backend)) {
    warmed.add(backend);
    const start = performance.now();
    try {
      for (let i = 0; i < 20 && performance.now() - start < PROCESS_WARMUP_MS; i++) await run();
    } catch (e) {
      dispose(); // the harness disposes only what a finished setup returns
      throw e;
    }
  }
  return { run, dispose, params: { parameters: model.params.count() } };
}
