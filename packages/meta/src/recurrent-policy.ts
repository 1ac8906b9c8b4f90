import * as tf from '@tensorflow/tfjs-core';
import { LstmCell } from '@rimjs/cells';
import { assertShape, glorotUniform, normal, type Parameters, zeros } from '@rimjs/core';
import { CELL_CHANNELS, MAX_MISSION_TOKENS, NUM_ACTIONS, OBJECT_CODES, VIEW_SIZE, VOCAB_SIZE } from '@rimjs/envs';
import { RimCell } from '@rimjs/rim';
import { conv2x2, maxPool2x2 } from './conv2x2.js';
import { addDense, type Dense, dense } from './dense.js';
import { type PolicyConfig, type ResolvedPolicyConfig, resolvePolicyConfig } from './policy-config.js';

/** The policy's recurrent state: LSTM `h`, `c` `[batch, memory]`, or RIM `h`, `c` `[batch, numUnits, unitHidden]`. */
export type PolicyState = {
  h: tf.Tensor;
  c: tf.Tensor;
};

/** One step's outputs; the caller owns (disposes) every tensor. */
export type PolicyStepResult = {
  /** Action logits `[batch, 7]`. */
  logits: tf.Tensor2D;
  /** State values `[batch]`. */
  value: tf.Tensor1D;
  state: PolicyState;
  /** RIM: which units were active `[batch, numUnits]`; LSTM: null. */
  mask: tf.Tensor2D | null;
};

/** What {@link RecurrentPolicy.forwardSequence} returns (caller disposes). */
export interface SequenceResult {
  /** `[time * batch, 7]`, time-major. */
  logits: tf.Tensor2D;
  /** `[time * batch]`. */
  values: tf.Tensor1D;
  /** RIM: steps each unit was active, summed over time and batch `[numUnits]`; LSTM: null. */
  activeCounts: tf.Tensor1D | null;
}

/** The named parameter groups of a policy (full parameter names). */
export interface ParameterGroups {
  /** The image encoder's convolutions. */
  encoder: string[];
  /** The mission embedding. */
  mission: string[];
  /** Each RIM unit's own cell weights (`core.cell.*`, leading `units` axis); the whole LSTM for the baseline. */
  modules: string[];
  /** RIM input attention and communication (`core.inputAttention.*`, `core.communication.*`); empty for the LSTM. */
  attention: string[];
  /** Actor and critic heads. */
  heads: string[];
}

const OBJECTS = OBJECT_CODES.agent + 1; // 11 object codes
const COLOURS = 6;
const STATES = 3;
const ONE_HOT = OBJECTS + COLOURS + STATES; // 20 channels per cell

/**
 * An actor-critic policy for the grid worlds (the BabyAI agent's shape, CPU-sized):
 * ```
 * v = conv2x2(16) relu, maxpool2, conv2x2(32) relu, conv2x2(64) relu (onehot(image))   [batch, 64]
 * m = sum of the mission words' embeddings (bag of words, padding excluded)          [batch, missionEmbed]
 * h, state = core([v, m], state)        an LSTM, or a RIM (RimCell, h of all units)   [batch, memory]
 * logits = W2 tanh(W1 h + b1) + b2      value = U2 tanh(U1 h + c1) + c2
 * ```
 * The image enters one-hot per channel (object 11, colour 6, state 3). Parameters: `encoder.*`,
 * `mission.*`, `core.*` (LstmCell, or RimCell with no dropout), `actor.*`, `critic.*`.
 *
 * @example
 * const policy = new RecurrentPolicy(new Parameters(new Rng(1)), { core: 'rim' });
 * let state = policy.initialState(16);
 * const out = policy.step(observationTensors(obs), state); // logits [16, 7], value [16]
 */
export class RecurrentPolicy {
  readonly config: ResolvedPolicyConfig;
  readonly params: Parameters;
  readonly core: LstmCell | RimCell;
  private readonly conv: { filter: tf.Variable; bias: tf.Variable }[];
  private readonly embedding: tf.Variable;
  private readonly actor: [Dense, Dense];
  private readonly critic: [Dense, Dense];

  /** @throws ConfigError listing every problem of `config`. */
  constructor(params: Parameters, config: PolicyConfig = {}) {
    const c = resolvePolicyConfig(config);
    this.config = c;
    this.params = params;
    const enc = params.scope('encoder');
    let inCh = ONE_HOT;
    this.conv = c.convChannels.map((out, i) => {
      const layer = { filter: enc.add(`conv${i}.filter`, [2, 2, inCh, out], glorotUniform()), bias: enc.add(`conv${i}.bias`, [out], zeros()) };
      inCh = out;
      return layer;
    });
    this.embedding = params.add('mission.embedding', [VOCAB_SIZE, c.missionEmbed], normal({ std: 0.3 }));
    const inputSize = c.convChannels[2] + c.missionEmbed;
    this.core =
      c.core === 'lstm'
        ? new LstmCell(params.scope('core'), { inputSize, hiddenSize: c.memory })
        : new RimCell(params.scope('core'), { inputSize, numUnits: c.numUnits, topK: c.topK, hidden: c.unitHidden, inputDropout: 0, commDropout: 0 });
    const mem = this.memorySize;
    this.actor = [addDense(params, 'actor.fc1', mem, c.headHidden), addDense(params, 'actor.fc2', c.headHidden, NUM_ACTIONS, normal({ std: 0.01 }))];
    this.critic = [addDense(params, 'critic.fc1', mem, c.headHidden), addDense(params, 'critic.fc2', c.headHidden, 1)];
  }

  /** Size of the core's readout: `memory`, or `numUnits * unitHidden`. */
  get memorySize(): number {
    return this.config.core === 'lstm' ? this.config.memory : this.config.numUnits * this.config.unitHidden;
  }

  /** A zero state for `batch` environments (caller disposes). */
  initialState(batch: number): PolicyState {
    const s = this.core.initialState(batch);
    return { h: s.h, c: s.c! };
  }

  /** The parameter names of each group (see {@link ParameterGroups}). */
  parameterGroups(): ParameterGroups {
    const names = this.params.names();
    const pre = (p: string) => names.filter((n) => n.startsWith(p));
    const rim = this.config.core === 'rim';
    return {
      encoder: pre('encoder.'),
      mission: pre('mission.'),
      modules: rim ? pre('core.cell.') : pre('core.'),
      attention: rim ? [...pre('core.inputAttention.'), ...pre('core.communication.')] : [],
      heads: [...pre('actor.'), ...pre('critic.')],
    };
  }

  /**
   * The core's input for every row: image features and mission embedding concatenated.
   * @param image `[rows, 7, 7, 3]` int32 codes; @param tokens `[rows, 9]` int32 ids
   * @returns `[rows, convChannels[2] + missionEmbed]`. Call inside a tidy.
   */
  encode(image: tf.Tensor4D, tokens: tf.Tensor2D): tf.Tensor2D {
    const rows = image.shape[0];
    const codes = tf.unstack(image, 3) as tf.Tensor3D[]; // 3 x [rows, 7, 7]
    let x: tf.Tensor4D = tf.concat([tf.oneHot(codes[0]!, OBJECTS), tf.oneHot(codes[1]!, COLOURS), tf.oneHot(codes[2]!, STATES)], 3).toFloat() as tf.Tensor4D; // [rows, 7, 7, 20]
    this.conv.forEach(({ filter, bias }, i) => {
      x = tf.relu(conv2x2(x, filter as tf.Tensor4D, bias as tf.Tensor1D)); // [rows, 6, 6, 16] | [rows, 2, 2, 32] | [rows, 1, 1, 64]
      if (i === 0) x = maxPool2x2(x); // [rows, 3, 3, 16]
    });
    const v = tf.reshape(x, [rows, this.config.convChannels[2]]) as tf.Tensor2D; // [rows, 64]
    // Bag of words as counts x table (a matMul: tfjs's gather gradient has no wasm kernel).
    const counts = tf.sum(tf.oneHot(tokens, VOCAB_SIZE), 1); // [rows, vocab]
    const words = tf.concat([tf.zeros([rows, 1]), tf.slice(counts, [0, 1], [rows, VOCAB_SIZE - 1])], 1) as tf.Tensor2D; // padding (id 0) dropped
    const m = tf.matMul(words, this.embedding as tf.Tensor2D); // [rows, missionEmbed]
    return tf.concat([v, m], 1) as tf.Tensor2D; // [rows, 64 + missionEmbed]
  }

  /** One core step: `x [batch, in]` -> readout `[batch, memory]`, new state, RIM mask. Call inside a tidy. */
  private coreStep(x: tf.Tensor2D, state: PolicyState): { out: tf.Tensor2D; state: PolicyState; mask: tf.Tensor2D | null } {
    if (this.core instanceof LstmCell) {
      const r = this.core.step(x, { h: state.h, c: state.c });
      return { out: r.output as tf.Tensor2D, state: { h: r.state.h, c: r.state.c! }, mask: null };
    }
    const r = this.core.step(x, { h: state.h as tf.Tensor3D, c: state.c as tf.Tensor3D });
    const batch = x.shape[0];
    return { out: tf.reshape(r.output, [batch, this.memorySize]), state: { h: r.state.h, c: r.state.c! }, mask: r.mask };
  }

  private heads(h: tf.Tensor2D): { logits: tf.Tensor2D; value: tf.Tensor1D } {
    const logits = dense(this.actor[1], tf.tanh(dense(this.actor[0], h))); // [rows, 7]
    const value = tf.reshape(dense(this.critic[1], tf.tanh(dense(this.critic[0], h))), [-1]) as tf.Tensor1D; // [rows]
    return { logits, value };
  }

  private checkObs(where: string, image: tf.Tensor, tokens: tf.Tensor): number {
    const [rows] = assertShape(where, 'image', image, [['rows', null], ['7', VIEW_SIZE], ['7', VIEW_SIZE], ['3', CELL_CHANNELS]]);
    assertShape(where, 'tokens', tokens, [['rows', rows!], ['tokens', MAX_MISSION_TOKENS]]);
    return rows!;
  }

  /**
   * One step for every environment (rollouts).
   * @param obs `image [batch, 7, 7, 3]`, `missionTokens [batch, 9]` int32 (not disposed)
   * @param state from {@link initialState} or the previous step (not disposed)
   * @throws ShapeError naming a wrong shape.
   */
  step(obs: { image: tf.Tensor4D; missionTokens: tf.Tensor2D }, state: PolicyState): PolicyStepResult {
    this.checkObs('RecurrentPolicy.step', obs.image, obs.missionTokens);
    return tf.tidy((): tf.TensorContainer => {
      const r = this.coreStep(this.encode(obs.image, obs.missionTokens), state);
      return { ...this.heads(r.out), state: r.state, mask: r.mask } as unknown as tf.TensorContainer;
    }) as unknown as PolicyStepResult;
  }

  /**
   * The policy over `time` steps of `batch` sequences (PPO's recurrent chunks): the encoder and
   * heads over all rows at once, the core step by step. Before step `t > 0` the state is
   * multiplied by `keep[t]` (0 where an episode ended at `t - 1`), so episodes never leak into
   * each other. Call inside `tf.variableGrads` / a tidy.
   *
   * @param image `[time * batch, 7, 7, 3]` int32, time-major; @param tokens `[time * batch, 9]`
   * @param initial the state before step 0 `[batch, ...]`; @param keep `[time, batch]` float 0/1
   */
  forwardSequence(image: tf.Tensor4D, tokens: tf.Tensor2D, initial: PolicyState, keep: tf.Tensor2D): SequenceResult {
    const where = 'RecurrentPolicy.forwardSequence';
    const rows = this.checkObs(where, image, tokens);
    const [time, batch] = keep.shape;
    if (time * batch !== rows) assertShape(where, 'keep', keep, [['time', rows / batch], ['batch', batch]]);
    const x = tf.reshape(this.encode(image, tokens), [time, batch, -1]) as tf.Tensor3D; // [time, batch, in]
    const xs = tf.unstack(x) as tf.Tensor2D[];
    const keeps = tf.unstack(keep) as tf.Tensor1D[];
    let state = initial;
    const outs: tf.Tensor2D[] = [];
    let active: tf.Tensor1D | null = null;
    for (let t = 0; t < time; t++) {
      if (t > 0) {
        const k = keeps[t]!;
        const shape = [batch, ...state.h.shape.slice(1).map(() => 1)];
        const kb = tf.reshape(k, shape);
        state = { h: tf.mul(state.h, kb), c: tf.mul(state.c, kb) };
      }
      const r = this.coreStep(xs[t]!, state);
      outs.push(r.out);
      state = r.state;
      if (r.mask) {
        const m = tf.sum(r.mask, 0) as tf.Tensor1D; // [numUnits]
        active = active ? (tf.add(active, m) as tf.Tensor1D) : m;
      }
    }
    const { logits, value } = this.heads(tf.concat(outs, 0));
    return { logits, values: value, activeCounts: active };
  }

  /** Frees the policy's variables (those in its Parameters scope). */
  dispose(): void {
    this.params.dispose();
  }
}
