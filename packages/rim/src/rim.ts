import * as tf from '@tensorflow/tfjs-core';
import type { Parameters} from '@rimjs/core';
import { assertShape, ConfigCheck, ConfigError, Rng } from '@rimjs/core';
import { fusedRimSequence } from './fused/fused-rim-sequence.js';
import { fusedUnsupported } from './fused/fused-plan.js';
import { RimCell, type RimState } from './rim-cell.js';
import { resolveRimCellConfig } from './rim-config.js';
import type { RimLayerOptions } from './sequence-model-types.js';

/** Config of a {@link Rim} sequence layer. */
export interface RimConfig {
  /** Size of one input row at each step. */
  inputSize: number;
  /** The stacked layers, bottom first (per-layer numUnits, topK, hidden, ...). Default one `official` layer. */
  layers?: RimLayerOptions[];
  /** What a layer reads from the one below: its masked states (default) or all its states. */
  layerInput?: 'masked' | 'all';
  /** A second stack over reversed time; outputs are concatenated. Default false. */
  bidirectional?: boolean;
}

/** What {@link Rim.forward} returns; the caller disposes it all (`tf.dispose(result)`). */
export type RimOutput = {
  /** The top layer's states at every step, all units concatenated: `[time, batch, units * hidden]` (x2 when bidirectional). */
  outputs: tf.Tensor3D;
  /** Final state of each layer (forward stack, then the backward stack when bidirectional). */
  finalStates: RimState[];
  /** Each layer's active units at every step `[time, batch, numUnits]`, same order as `finalStates`. */
  masks: tf.Tensor3D[];
  /**
   * With `recordAttention`: each layer's input attention weights at every step
   * `[time, batch, inputHeads, numUnits, 1 + numInputs]` (slot 0 the null slot), same order as
   * `masks`; absent otherwise.
   */
  inputWeights?: tf.Tensor5D[];
};

/** Options of {@link Rim.forward}. */
export interface RimForwardOptions {
  training?: boolean;
  /** Seed of this call's dropout (required when training with dropout). */
  seed?: number;
  /** Initial states, one per layer (forward then backward); default zeros. Not disposed. */
  initialStates?: RimState[];
  /**
   * `fused` (default): each layer's whole sequence as one fused op with a hand-written backward
   * (see `fusedRimSequence`), for every layer it covers, the composed path for the others;
   * `composed`: {@link RimCell.stepSlots} at every step, the readable reference. Both give the
   * same values and gradients (to float rounding) and draw the same dropout masks.
   */
  engine?: RimEngine;
  /**
   * Also return every layer's input attention weights (`RimOutput.inputWeights`). The layers then
   * run on the composed engine, which computes the weights step by step (same values, slower).
   */
  recordAttention?: boolean;
}

/** How {@link Rim.forward} runs a layer: see {@link RimForwardOptions.engine}. */
export type RimEngine = 'fused' | 'composed';

/** The engines of {@link RimForwardOptions.engine}. */
export const RIM_ENGINES: readonly RimEngine[] = ['fused', 'composed'];

/**
 * A RIM sequence layer over `[time, batch, inputSize]`: layers of {@link RimCell} stacked, each
 * reading the (masked) states of the one below, optionally bidirectional. Initial states are
 * zeros unless given. Parameters: `layer0.*`, `layer1.*`, ... and `backward.layer0.*` when
 * bidirectional.
 *
 * @example
 * const rim = new Rim(params.scope('rim'), { inputSize: 16, layers: [{ numUnits: 6, topK: 4, hidden: 20 }] });
 * const { outputs, masks } = rim.forward(x); // x [time, batch, 16] -> [time, batch, 120], masks[0] [time, batch, 6]
 */
export class Rim {
  readonly config: Required<RimConfig>;
  readonly params: Parameters;
  /** Forward-direction cells, bottom first. */
  readonly cells: RimCell[];
  /** Backward-direction cells (empty unless bidirectional). */
  readonly backwardCells: RimCell[];

  /** @throws ConfigError naming the field (per layer: `RimConfig.layers[1].topK: ...`). */
  constructor(params: Parameters, config: RimConfig) {
    const layers = config.layers ?? [{}];
    const c = new ConfigCheck('RimConfig');
    c.positiveInt('inputSize', config.inputSize);
    c.require(Array.isArray(layers) && layers.length > 0, 'layers', () => 'must be a non-empty array');
    c.oneOf('layerInput', config.layerInput ?? 'masked', ['masked', 'all']);
    c.throwIfAny();
    this.config = { inputSize: config.inputSize, layers, layerInput: config.layerInput ?? 'masked', bidirectional: config.bidirectional ?? false };
    this.params = params;
    // Validate every layer before creating any variable, so a bad config leaves nothing behind.
    const inputSizes: number[] = [];
    let inputSize = config.inputSize;
    const problems: string[] = [];
    layers.forEach((layer, i) => {
      inputSizes.push(inputSize);
      try {
        const r = resolveRimCellConfig({ ...layer, inputSize });
        inputSize = r.numUnits * r.hidden;
      } catch (e) {
        if (!(e instanceof ConfigError)) throw e;
        problems.push(...e.problems.map((p) => p.replace('RimCellConfig.', `RimConfig.layers[${i}].`)));
      }
    });
    if (problems.length > 0) throw new ConfigError(problems);
    const build = (scope: Parameters): RimCell[] =>
      layers.map((layer, i) => new RimCell(scope.scope(`layer${i}`), { ...layer, inputSize: inputSizes[i]! }));
    this.cells = build(params);
    this.backwardCells = this.config.bidirectional ? build(params.scope('backward')) : [];
  }

  /** Size of `outputs`' last axis. */
  get outputSize(): number {
    const top = this.cells[this.cells.length - 1]!.outputSize;
    return this.config.bidirectional ? 2 * top : top;
  }

  private runStack(
    cells: RimCell[],
    x: tf.Tensor3D,
    direction: string,
    options: RimForwardOptions,
    initial: (RimState | undefined)[],
  ): { top: tf.Tensor3D; finals: RimState[]; masks: tf.Tensor3D[]; weights: tf.Tensor5D[] } {
    const [time, batch] = x.shape;
    const weights: tf.Tensor5D[] = [];
    const record = options.recordAttention ?? false;
    const rng = options.seed === undefined ? null : new Rng(options.seed);
    let layerIn: tf.Tensor3D = x; // [time, batch, in]
    const finals: RimState[] = [];
    const masks: tf.Tensor3D[] = [];
    const training = options.training ?? false;
    cells.forEach((cell, l) => {
      const state: RimState = initial[l] ?? cell.initialState(batch);
      const seedOf = (t: number) => rng?.child(`${direction}:${l}:${t}`).seed();
      const masked = this.config.layerInput === 'masked' && l < cells.length - 1;
      const { numUnits, hidden, inputDropout, commDropout } = cell.config;
      const fused = !record && (options.engine ?? 'fused') === 'fused' && fusedUnsupported(cell) === null;
      if (fused) {
        if (training && rng === null && (inputDropout > 0 || (cell.communication !== null && commDropout > 0))) {
          throw new ConfigError(`Rim.forward: 'options.seed' is required when training with dropout, got undefined`);
        }
        const stepSeeds = rng ? Array.from({ length: time }, (_, t) => seedOf(t)!) : undefined;
        const r = fusedRimSequence(cell, layerIn, state, { training, ...(stepSeeds ? { stepSeeds } : {}) });
        finals.push(r.finalState);
        masks.push(r.masks);
        layerIn = masked
          ? (tf.mul(r.outputs, tf.reshape(tf.tile(tf.expandDims(r.masks, 3), [1, 1, 1, hidden]), [time, batch, numUnits * hidden])) as tf.Tensor3D)
          : r.outputs;
        return;
      }
      let st = state;
      // The input attention's keys and values depend on the input only: all steps in one op.
      const slots = cell.projectInputs(layerIn); // time x { keys, values }
      const outs: tf.Tensor2D[] = [];
      const ms: tf.Tensor2D[] = [];
      const ws: tf.Tensor4D[] = [];
      for (let t = 0; t < time; t++) {
        const seed = seedOf(t);
        const r = cell.stepSlots(slots[t]!, st, { training, ...(seed === undefined ? {} : { seed }) });
        if (record) ws.push(r.inputWeights);
        else r.inputWeights.dispose();
        r.commWeights?.dispose();
        st = r.state;
        const flat = tf.reshape(r.output, [batch, cell.outputSize]) as tf.Tensor2D; // [batch, units*hidden]
        outs.push(
          masked
            ? (tf.tidy(() => tf.mul(flat, tf.reshape(tf.tile(tf.expandDims(r.mask, 2), [1, 1, hidden]), [batch, numUnits * hidden]))) as tf.Tensor2D)
            : flat,
        );
        ms.push(r.mask);
      }
      finals.push(st);
      masks.push(tf.stack(ms) as tf.Tensor3D); // [time, batch, units]
      if (record) weights.push(tf.stack(ws) as tf.Tensor5D); // [time, batch, heads, units, 1 + inputs]
      layerIn = tf.stack(outs) as tf.Tensor3D; // [time, batch, units*hidden]
    });
    return { top: layerIn, finals, masks, weights };
  }

  /**
   * @param inputs `[time, batch, inputSize]`
   * @returns outputs `[time, batch, outputSize]`, final states and per-layer masks (caller disposes)
   * @throws ShapeError when `inputs` is not `[time, batch, inputSize]`.
   */
  forward(inputs: tf.Tensor3D, options: RimForwardOptions = {}): RimOutput {
    assertShape('Rim.forward', 'inputs', inputs, [['time', null], ['batch', null], ['inputSize', this.config.inputSize]]);
    const n = this.cells.length;
    const init = options.initialStates ?? [];
    return tf.tidy((): tf.TensorContainer => {
      const fwd = this.runStack(this.cells, inputs, 'f', options, init.slice(0, n));
      const rec = options.recordAttention ?? false;
      if (!this.config.bidirectional) {
        return { outputs: fwd.top, finalStates: fwd.finals, masks: fwd.masks, ...(rec ? { inputWeights: fwd.weights } : {}) } as unknown as tf.TensorContainer;
      }
      const bwd = this.runStack(this.backwardCells, tf.reverse(inputs, 0), 'b', options, init.slice(n));
      const outputs = tf.concat([fwd.top, tf.reverse(bwd.top, 0)], 2); // [time, batch, 2 * units * hidden]
      const bMasks = bwd.masks.map((m) => tf.reverse(m, 0));
      const bWeights = bwd.weights.map((w) => tf.reverse(w, 0));
      return {
        outputs,
        finalStates: [...fwd.finals, ...bwd.finals],
        masks: [...fwd.masks, ...bMasks],
        ...(rec ? { inputWeights: [...fwd.weights, ...bWeights] } : {}),
      } as unknown as tf.TensorContainer;
    }) as unknown as RimOutput;
  }

  /** Frees every variable of the layer. */
  dispose(): void {
    this.params.dispose();
  }
}
