import * as tf from '@tensorflow/tfjs-core';
import { GruCell, LstmCell, unroll } from '@rimjs/cells';
import { assertShape, ConfigCheck, ConfigError, Parameters, Rng, ShapeError, uniform, zeros } from '@rimjs/core';
import { Rim } from './rim.js';
import type { ParameterCount, SequenceModel, SequenceModelConfig, SequenceModelOutput } from './sequence-model-types.js';

/** Checks a {@link SequenceModelConfig}, naming every bad field. @throws ConfigError */
function validate(config: SequenceModelConfig): void {
  const c = new ConfigCheck('SequenceModelConfig');
  c.oneOf('kind', config.kind, ['rim', 'lstm', 'gru']);
  c.positiveInt('outputSize', config.outputSize);
  c.rate('dropout', config.dropout ?? 0);
  if (config.embeddingDropout !== undefined) c.rate('embeddingDropout', config.embeddingDropout);
  c.integer('seed', config.seed, 0, Number.MAX_SAFE_INTEGER);
  const input = config.input as { kind?: string; vocabSize?: number; embeddingSize?: number; size?: number; projectionSize?: number } | undefined;
  c.oneOf('input.kind', input?.kind, ['tokens', 'values']);
  if (input?.kind === 'tokens') c.positiveInt('input.vocabSize', input.vocabSize).positiveInt('input.embeddingSize', input.embeddingSize);
  if (input?.kind === 'values') {
    c.positiveInt('input.size', input.size);
    if (input.projectionSize !== undefined) c.positiveInt('input.projectionSize', input.projectionSize);
  }
  if (config.kind !== 'rim') c.positiveInt('hidden', config.hidden ?? 600);
  c.number('forgetBias', config.forgetBias ?? 0);
  c.require((config.forgetBias ?? 0) === 0 || config.kind === 'lstm', 'forgetBias', () => `is for the LSTM baseline (RIM layers take it per layer), got ${config.forgetBias} with kind '${config.kind}'`);
  c.throwIfAny();
}

/**
 * The official `RNNModel` (`event_based/rnn_models.py`) with RIM or dense baseline layers:
 * ```
 * e_t = dropout'(embed(x_t))           tokens: one-hot @ W_emb [vocab, emb]; values: x_t W_in + b (or x_t)
 * s_t = RIM layers (all units' h, concatenated) | LSTM | GRU
 * y_t = dropout(s_t) W_dec + b_dec     a decoder shared by all steps
 * ```
 * `dropout'` is `embeddingDropout` when given, else `dropout` (the official code's one rate).
 * The embedding is a one-hot matmul rather than a gather, so its gradient runs on every
 * backend (wasm has no UnsortedSegmentSum). Embedding and decoder are initialised
 * `U(-0.1, 0.1)` with a zero decoder bias, as the official code does.
 *
 * @throws ConfigError naming each bad field.
 * @example
 * const model = createSequenceModel({ kind: 'rim', input: { kind: 'tokens', vocabSize: 10, embeddingSize: 32 },
 *   outputSize: 10, layers: [{ numUnits: 6, topK: 4, hidden: 16 }], seed: 1 });
 * const { logits, masks } = model.forward(tokens); // tokens int32 [time, batch]
 */
export function createSequenceModel(config: SequenceModelConfig): SequenceModel {
  validate(config);
  const params = new Parameters(new Rng(config.seed));
  const input = config.input;
  let inSize: number;
  if (input.kind === 'tokens') {
    params.add('embedding.weight', [input.vocabSize, input.embeddingSize], uniform({ min: -0.1, max: 0.1 }));
    inSize = input.embeddingSize;
  } else if (input.projectionSize !== undefined) {
    params.add('projection.weight', [input.size, input.projectionSize], uniform({ min: -0.1, max: 0.1 }));
    params.add('projection.bias', [input.projectionSize], zeros());
    inSize = input.projectionSize;
  } else {
    inSize = input.size;
  }
  const rim =
    config.kind === 'rim'
      ? new Rim(params.scope('rim'), {
          inputSize: inSize,
          layers: config.layers ?? [{}],
          layerInput: config.layerInput ?? 'masked',
          bidirectional: config.bidirectional ?? false,
        })
      : null;
  const hidden = config.hidden ?? 600;
  const dense = rim
    ? null
    : config.kind === 'lstm'
      ? new LstmCell(params.scope('lstm'), { inputSize: inSize, hiddenSize: hidden, forgetBias: config.forgetBias ?? 0 })
      : new GruCell(params.scope('gru'), { inputSize: inSize, hiddenSize: hidden });
  const stateSize = rim ? rim.outputSize : hidden;
  const decoderW = params.add('decoder.weight', [stateSize, config.outputSize], uniform({ min: -0.1, max: 0.1 }));
  const decoderB = params.add('decoder.bias', [config.outputSize], zeros());
  const rates = { embedding: config.embeddingDropout ?? config.dropout ?? 0, decoder: config.dropout ?? 0 };

  const embed = (inputs: tf.Tensor): tf.Tensor3D => {
    if (input.kind === 'tokens') {
      assertShape('SequenceModel.forward', 'inputs', inputs, [['time', null], ['batch', null]]);
      if (inputs.dtype !== 'int32') throw new ShapeError(`SequenceModel.forward: 'inputs' must be int32 tokens, got ${inputs.dtype}`);
      const [time, batch] = inputs.shape as [number, number];
      const hot = tf.oneHot(tf.reshape(inputs, [-1]) as tf.Tensor1D, input.vocabSize); // [time*batch, vocab]
      const e = tf.matMul(tf.cast(hot, 'float32'), params.get('embedding.weight') as tf.Tensor2D); // [time*batch, emb]
      return tf.reshape(e, [time, batch, inSize]);
    }
    const [time, batch] = assertShape('SequenceModel.forward', 'inputs', inputs, [['time', null], ['batch', null], ['size', input.size]]);
    if (input.projectionSize === undefined) return inputs as tf.Tensor3D;
    const flat = tf.reshape(inputs, [time! * batch!, input.size]) as tf.Tensor2D;
    const p = tf.add(tf.matMul(flat, params.get('projection.weight') as tf.Tensor2D), params.get('projection.bias'));
    return tf.reshape(p, [time!, batch!, inSize]);
  };

  const model: SequenceModel = {
    config,
    params,
    forward(inputs, options = {}): SequenceModelOutput {
      const training = options.training ?? false;
      if (training && (rates.embedding > 0 || rates.decoder > 0) && options.seed === undefined) {
        throw new ConfigError(`SequenceModel.forward: 'options.seed' is required when training with dropout, got undefined`);
      }
      const rng = options.seed === undefined ? null : new Rng(options.seed);
      const drop = (x: tf.Tensor3D, label: keyof typeof rates): tf.Tensor3D =>
        training && rates[label] > 0 ? (tf.dropout(x, rates[label], undefined, rng!.child(label).seed()) as tf.Tensor3D) : x;
      return tf.tidy((): tf.TensorContainer => {
        const e = drop(embed(inputs), 'embedding'); // [time, batch, inSize]
        const [time, batch] = e.shape;
        let states: tf.Tensor3D; // [time, batch, stateSize]
        let masks: tf.Tensor3D | null = null;
        let inputWeights: tf.Tensor5D | undefined;
        if (rim) {
          const seed = rng?.child('rim').seed();
          const out = rim.forward(e, {
            training,
            ...(seed === undefined ? {} : { seed }),
            ...(options.engine ? { engine: options.engine } : {}),
            ...(options.recordAttention ? { recordAttention: true } : {}),
          });
          states = out.outputs;
          masks = out.masks[0]!;
          if (out.inputWeights) inputWeights = out.inputWeights[0]!;
        } else {
          const run = unroll(dense!, e, dense!.initialState(batch), { returnSequences: true, training });
          states = run.outputs as tf.Tensor3D;
        }
        const d = drop(states, 'decoder');
        const flat = tf.reshape(d, [time * batch, stateSize]) as tf.Tensor2D;
        const logits = tf.reshape(tf.add(tf.matMul(flat, decoderW as tf.Tensor2D), decoderB), [time, batch, config.outputSize]);
        return { logits, masks, ...(inputWeights ? { inputWeights } : {}) } as unknown as tf.TensorContainer;
      }) as unknown as SequenceModelOutput;
    },
    parameterCount(): ParameterCount {
      const actual = params.count();
      let official = actual;
      for (const cell of rim ? [...rim.cells, ...rim.backwardCells] : []) {
        const { numUnits: K, hidden: hk, inputValueSize: v, cell: kind, communication } = cell.config;
        const G = kind === 'lstm' ? 4 : 3;
        const grouped = K * v * G * hk + K * hk * G * hk;
        const denseCount = G * K * hk * (K * v) + G * K * hk * (K * hk);
        // The official BlocksCore also holds modules its forward never uses: inp_att.gate_fc, inp_att.ln, mha.ln.
        const unused = v * v + v + 2 * v + (communication ? 2 * hk : 0);
        official += denseCount - grouped + unused;
      }
      return { actual, official };
    },
    dispose(): void {
      params.dispose();
    },
  };
  return model;
}
