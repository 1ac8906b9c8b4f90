import * as tf from '@tensorflow/tfjs-core';
import { ConfigCheck, ConfigError, ShapeError, assertKnownKeys, constant, zeros, type Parameters } from '@rimjs/core';
import { checkBlockShape, type BlockShape } from './block-shape.js';
import { blockMaxAbs, expandBlockMask } from './block-reduce.js';
import { groupLasso } from './group-lasso.js';
import { isPruneStep, resolveSchedule, thresholdAt, type ResolvedSchedule, type ScheduleConfig } from './threshold-schedule.js';
import { measureQ, qSourceProblems, type QSource } from './threshold-scale.js';

/** One weight matrix to prune. */
export interface PrunedMatrix {
  /** A stable name (used for the mask's parameter name and in reports), e.g. `lstm.weightHh`. */
  readonly name: string;
  /**
   * The weight `[R, C]`, or a per-unit weight `[units, R, C]` (GroupLinear, a RIM's cell weights):
   * its blocks then tile each unit's matrix and never straddle two units. The variable itself: the
   * pruner zeroes its pruned blocks in place, so any layer that reads it computes with the pruned
   * weight even without {@link BlockPruner.masked}.
   */
  readonly weight: tf.Variable;
  /** `[bh, bw]`, tiling the weight exactly. */
  readonly block: BlockShape;
  /** Overrides {@link BlockPrunerConfig.q} for this matrix. */
  readonly q?: QSource;
}

/** Group lasso settings (one group per block). */
export interface GroupLassoConfig {
  /** Strength `lambda_g` (the penalty is `lambda_g * sum of block L2 norms`). */
  readonly lambda: number;
  /** `always` (group lasso alone) or `pruning` (only in `[startItr, endItr)`, as in GLP). Default `pruning`. */
  readonly during?: 'always' | 'pruning';
}

/** Configuration of {@link BlockPruner}. */
export interface BlockPrunerConfig {
  /** The threshold schedule (iterations). */
  readonly schedule: ScheduleConfig;
  /** Whether to prune (default true). `false` with `groupLasso` is group lasso alone. */
  readonly prune?: boolean;
  /** Where `q` comes from (default `{ kind: 'percentile', percentile: 90 }`, the paper's). */
  readonly q?: QSource;
  /** Multiply the threshold by `N_b^(1/4)` for `percentile` / `fixed` q (default true, BSR). */
  readonly blockSlopeScale?: boolean;
  /** Group lasso, or `null` (default) for none. */
  readonly groupLasso?: GroupLassoConfig | null;
}

/** One row of {@link BlockPruner.report}. */
export interface SparsityRow {
  name: string;
  /** `[R, C]`; a per-unit weight `[units, R, C]` as `[units * R, C]`. */
  shape: [number, number];
  block: [number, number];
  blocks: number;
  prunedBlocks: number;
  /** `prunedBlocks / blocks`. */
  blockSparsity: number;
  params: number;
  /** Parameters in kept blocks. */
  keptParams: number;
  /** The scale measured at the first pruning step (0 before). */
  q: number;
  /** The threshold of the last pruning step (0 before). */
  threshold: number;
}

interface Entry {
  spec: PrunedMatrix;
  /** The weight seen as one matrix: `[R, C]`, or `[units * R, C]` for a per-unit weight. */
  flat: [number, number];
  grid: [number, number];
  blockMask: tf.Variable; // [R / bh, C / bw], a non-trainable parameter (checkpointed)
  stats: tf.Variable; // [3]: q, scale, last threshold (q = 0: not measured yet); a non-trainable parameter
  elementMask: tf.Variable; // [R, C], derived from blockMask (see sync)
}

const KNOWN = ['schedule', 'prune', 'q', 'blockSlopeScale', 'groupLasso'];

/**
 * A weight as one matrix for block work: `[R, C]` as is, a per-unit `[units, R, C]` as
 * `[units * R, C]` (blocks then tile each unit, since `bh` must divide `R`).
 * @throws ShapeError for other ranks, or blocks that would straddle two units.
 */
function flatShape(where: string, shape: readonly number[], block: BlockShape): [number, number] {
  if (shape.length === 2) return [shape[0]!, shape[1]!];
  if (shape.length === 3) {
    const [units, r, c] = shape as [number, number, number];
    if (Array.isArray(block) && Number.isInteger(block[0]) && r % block[0] !== 0) {
      throw new ShapeError(`${where}: 'block' [${block[0]}, ${block[1]}] must tile each unit's [${r}, ${c}] of the per-unit weight [${units}, ${r}, ${c}] (rows % ${block[0]} = ${r % block[0]})`);
    }
    return [units * r, c];
  }
  throw new ShapeError(`${where}: 'weight' must be [rows, cols] or per-unit [units, rows, cols], got [${shape.join(', ')}]`);
}

/**
 * Block pruning (Narang et al., BSR sections 3.1-3.2) over any number of weight matrices, with
 * optional group lasso (GLP). Per matrix a block mask `[R / bh, C / bw]` lives in `params` as a
 * non-trainable parameter `<name>.mask` (so checkpoints carry it), with `<name>.stats` holding
 * `q`, the block factor and the last threshold.
 *
 * Per training iteration `t` ({@link BlockPruner.minimize} does all of it):
 * 1. loss on the masked weights `w * M` (+ group lasso while active), gradients;
 * 2. the gradients of pruned matrices multiplied by the mask, optimizer step;
 * 3. `w <- w * M` (Adam's momentum would otherwise move pruned weights: they stay exactly zero);
 * 4. on a pruning step, `eps = thresholdAt(t)`; a block is kept while `max |w_b| > eps`;
 *    `M <- M AND keep` (masks only ever remove blocks), then step 3 again.
 *
 * After loading a checkpoint into `params`, call {@link BlockPruner.sync}.
 *
 * @example
 * const pruner = new BlockPruner(params.scope('sparse'), [{ name: 'hh', weight: cell.weights.wHh as tf.Variable, block: [8, 8] }],
 *   { schedule: { startItr: 100, rampItr: 500, endItr: 800, freq: 10 } });
 * const loss = pruner.minimize(optimizer, () => lossOf(model), step, params.trainable());
 */
export class BlockPruner {
  readonly schedule: ResolvedSchedule;
  readonly config: Required<Omit<BlockPrunerConfig, 'schedule' | 'groupLasso'>> & { groupLasso: GroupLassoConfig | null };
  private readonly entries = new Map<string, Entry>();

  /** @throws ConfigError listing every bad field; ConfigError / ShapeError naming a bad block shape. */
  constructor(params: Parameters, matrices: readonly PrunedMatrix[], config: BlockPrunerConfig) {
    assertKnownKeys('BlockPrunerConfig', config, KNOWN);
    this.schedule = resolveSchedule(config.schedule);
    this.config = {
      prune: config.prune ?? true,
      q: config.q ?? { kind: 'percentile', percentile: 90 },
      blockSlopeScale: config.blockSlopeScale ?? true,
      groupLasso: config.groupLasso ?? null,
    };
    const c = new ConfigCheck('BlockPrunerConfig');
    c.require(typeof this.config.prune === 'boolean', 'prune', () => `must be a boolean, got ${JSON.stringify(config.prune)}`);
    c.require(typeof this.config.blockSlopeScale === 'boolean', 'blockSlopeScale', () => `must be a boolean, got ${JSON.stringify(config.blockSlopeScale)}`);
    for (const p of qSourceProblems('q', this.config.q)) c.require(false, p.split(':')[0]!, () => p.slice(p.indexOf(':') + 2));
    const gl = this.config.groupLasso;
    if (gl !== null) {
      c.number('groupLasso.lambda', gl.lambda, 0);
      c.oneOf('groupLasso.during', gl.during ?? 'pruning', ['always', 'pruning']);
    }
    c.require(matrices.length > 0, 'matrices', () => 'must name at least one weight matrix');
    c.throwIfAny();
    for (const spec of matrices) {
      if (this.entries.has(spec.name)) throw new ConfigError(`BlockPruner: matrix name '${spec.name}' appears twice`);
      const where = `BlockPruner(${spec.name})`;
      const flat = flatShape(where, spec.weight.shape, spec.block);
      const grid = checkBlockShape(where, 'block', spec.block, flat);
      if (spec.q) {
        const problems = qSourceProblems(`${where}.q`, spec.q);
        if (problems.length > 0) throw new ConfigError(problems);
      }
      const blockMask = params.add(`${spec.name}.mask`, grid, constant(1), { trainable: false });
      const stats = params.add(`${spec.name}.stats`, [3], zeros(), { trainable: false });
      const ones = tf.ones(spec.weight.shape);
      const elementMask = tf.variable(ones, false);
      ones.dispose();
      this.entries.set(spec.name, { spec, flat, grid, blockMask, stats, elementMask });
    }
  }

  /** The names of the pruned matrices, in order. */
  get names(): string[] {
    return [...this.entries.keys()];
  }

  private entry(name: string): Entry {
    const e = this.entries.get(name);
    if (!e) throw new ConfigError(`BlockPruner: no pruned matrix '${name}' (have: ${this.names.join(', ')})`);
    return e;
  }

  /** The weight registered as `name` (the variable itself). */
  weight(name: string): tf.Variable {
    return this.entry(name).spec.weight;
  }

  /** The block mask `[R / bh, C / bw]` of `name` (the variable itself: do not dispose). */
  blockMask(name: string): tf.Variable {
    return this.entry(name).blockMask;
  }

  /**
   * `w * M` of matrix `name` for the forward pass (gradients reach kept weights only).
   * @returns the weight's shape, a new tensor (dispose it, or call inside `tf.tidy`)
   */
  masked(name: string): tf.Tensor2D {
    const e = this.entry(name);
    return tf.mul(e.spec.weight, e.elementMask) as tf.Tensor2D;
  }

  /** The element mask of an entry's block mask, in the weight's shape. */
  private elementMaskOf(e: Entry): tf.Tensor {
    return tf.reshape(expandBlockMask(e.blockMask as tf.Tensor2D, e.spec.block), e.spec.weight.shape);
  }

  /** The weight (or `t`, shaped like it) seen as one matrix `[R, C]` / `[units * R, C]`. */
  private flatOf(e: Entry, t: tf.Tensor = e.spec.weight): tf.Tensor2D {
    return tf.reshape(t, e.flat) as tf.Tensor2D;
  }

  /** Recomputes the element masks from the block masks (call after loading parameters). */
  sync(): void {
    for (const e of this.entries.values()) tf.tidy(() => e.elementMask.assign(this.elementMaskOf(e)));
  }

  /** `w <- w * M` for every pruned matrix: pruned blocks become exactly zero. */
  apply(): void {
    // `+ 0` turns the -0 of a negative weight times 0 into +0, so pruned weights are exactly 0.
    for (const e of this.entries.values()) tf.tidy(() => e.spec.weight.assign(tf.add(tf.mul(e.spec.weight, e.elementMask), 0)));
  }

  /** Whether group lasso is active at iteration `t`. */
  groupLassoActive(t: number): boolean {
    const gl = this.config.groupLasso;
    if (gl === null || gl.lambda === 0) return false;
    return (gl.during ?? 'pruning') === 'always' || (t >= this.schedule.startItr && t < this.schedule.endItr);
  }

  /**
   * `lambda_g * sum over matrices and blocks of ||(w * M)_b||_2` at iteration `t`, or `null` when
   * group lasso is off then. Differentiable; call inside the loss function.
   */
  penalty(t: number): tf.Scalar | null {
    if (!this.groupLassoActive(t)) return null;
    return tf.tidy(() => {
      const terms = this.names.map((n) => groupLasso(this.flatOf(this.entry(n), this.masked(n)), this.entry(n).spec.block));
      return tf.mul(this.config.groupLasso!.lambda, tf.addN(terms)) as tf.Scalar;
    });
  }

  /**
   * Prunes at iteration `t` when the schedule says so ({@link isPruneStep}) and pruning is on.
   * The first pruning step measures `q` per matrix.
   * @returns whether it pruned
   */
  update(t: number): boolean {
    if (!this.config.prune || !isPruneStep(this.schedule, t)) return false;
    for (const e of this.entries.values()) this.pruneEntry(e, (q, scale) => thresholdAt(this.schedule, t, q, scale));
    return true;
  }

  /**
   * One-shot pruning with the threshold the ramp ends at (`q * scale`): for group lasso alone,
   * at the end of training. Measures `q` if needed.
   */
  pruneAtFinalThreshold(): void {
    for (const e of this.entries.values()) this.pruneEntry(e, (q, scale) => q * scale);
  }

  private pruneEntry(e: Entry, threshold: (q: number, scale: number) => number): void {
    let [q, scale] = e.stats.dataSync() as Float32Array;
    const source = e.spec.q ?? this.config.q;
    if (!q || (source.kind === 'blockSparsity' && source.track === true)) {
      ({ q, scale } = tf.tidy(() => measureQ(this.flatOf(e), e.spec.block, source, this.config.blockSlopeScale)));
    }
    const eps = threshold(q!, scale!);
    tf.tidy(() => {
      const keep = tf.cast(tf.greater(blockMaxAbs(this.flatOf(e), e.spec.block), eps), 'float32'); // [gr, gc]
      e.blockMask.assign(tf.mul(e.blockMask, keep)); // monotone: a removed block never returns
      e.elementMask.assign(this.elementMaskOf(e));
      e.spec.weight.assign(tf.add(tf.mul(e.spec.weight, e.elementMask), 0));
      e.stats.assign(tf.tensor1d([q!, scale!, eps]));
    });
  }

  /**
   * One training iteration `t`: loss (+ group lasso), gradients masked for pruned matrices,
   * optimizer step, `w <- w * M`, then {@link update}. `lossFn` should use {@link masked}
   * weights for the pruned matrices (e.g. through a {@link MaskedCell}).
   *
   * @param varList the trainable variables (e.g. `params.trainable()`)
   * @returns the loss without the penalty (the caller disposes it)
   */
  minimize(optimizer: tf.Optimizer, lossFn: () => tf.Scalar, t: number, varList: tf.Variable[]): tf.Scalar {
    const byVar = new Map([...this.entries.values()].map((e) => [e.spec.weight.name, e]));
    const task = tf.tidy(() => {
      let taskLoss: tf.Scalar | undefined;
      const { grads } = tf.variableGrads(() => {
        taskLoss = lossFn();
        tf.keep(taskLoss);
        const pen = this.penalty(t);
        return pen ? tf.add(taskLoss, pen) : taskLoss;
      }, varList);
      const masked: tf.NamedTensorMap = {};
      for (const [name, g] of Object.entries(grads)) {
        const e = byVar.get(name);
        masked[name] = e ? tf.mul(g, e.elementMask) : g;
      }
      optimizer.applyGradients(masked);
      return taskLoss!;
    });
    this.apply();
    this.update(t);
    return task;
  }

  /** Per-matrix sparsity (reads the masks and stats). */
  report(): SparsityRow[] {
    return [...this.entries.values()].map((e) => {
      const pruned = tf.tidy(() => tf.sum(tf.sub(1, e.blockMask)).dataSync()[0]!);
      const [q, , threshold] = e.stats.dataSync() as Float32Array;
      const blocks = e.grid[0] * e.grid[1];
      const [bh, bw] = e.spec.block;
      return {
        name: e.spec.name,
        shape: e.flat,
        block: [bh, bw],
        blocks,
        prunedBlocks: Math.round(pruned),
        blockSparsity: Math.round(pruned) / blocks,
        params: e.spec.weight.size,
        keptParams: (blocks - Math.round(pruned)) * bh * bw,
        q: q!,
        threshold: threshold!,
      };
    });
  }

  /** Frees the element masks (the block masks and stats belong to `params`). */
  dispose(): void {
    for (const e of this.entries.values()) e.elementMask.dispose();
  }
}
