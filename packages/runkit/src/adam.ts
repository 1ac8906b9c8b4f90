import * as tf from '@tensorflow/tfjs-core';
import { CheckpointError, ConfigError, type Parameters } from '@rimjs/core';

/** Adam as PyTorch's defaults: beta1 0.9, beta2 0.999, epsilon 1e-8. */
export function createAdam(lr: number): tf.AdamOptimizer {
  return tf.train.adam(lr, 0.9, 0.999, 1e-8);
}

/**
 * AdamW's decoupled weight decay (Loshchilov and Hutter, arXiv 1711.05101, as PyTorch's
 * `torch.optim.AdamW`): `w <- w (1 - lr weightDecay)` for every variable of rank 2 or more
 * (weight matrices and embedding tables; biases, gains and other vectors are not decayed, the
 * usual grouping). Call it just before `optimizer.applyGradients` with the step's learning rate:
 * the two together are one AdamW step. Stateless, so checkpoints need nothing more.
 *
 * @throws ConfigError when `lr` or `weightDecay` is not a finite number >= 0.
 */
export function applyWeightDecay(vars: readonly tf.Variable[], lr: number, weightDecay: number): void {
  for (const [name, x] of [['lr', lr], ['weightDecay', weightDecay]] as const) {
    if (!Number.isFinite(x) || x < 0) throw new ConfigError(`applyWeightDecay: ${name} must be a finite number >= 0, got ${x}`);
  }
  if (weightDecay === 0 || lr === 0) return;
  const keep = 1 - lr * weightDecay;
  tf.tidy(() => {
    for (const v of vars) if (v.rank >= 2) v.assign(tf.mul(v, keep));
  });
}

/** The bias-correction powers `beta^t` that tfjs keeps as private variables of its Adam. */
function betaPowers(optimizer: tf.AdamOptimizer): { accBeta1: tf.Variable; accBeta2: tf.Variable } {
  const o = optimizer as unknown as { accBeta1?: tf.Variable; accBeta2?: tf.Variable };
  if (!(o.accBeta1 instanceof tf.Variable) || !(o.accBeta2 instanceof tf.Variable)) {
    throw new CheckpointError('adamState: this tfjs Adam has no accBeta1 / accBeta2 variables; the checkpoint format needs tfjs-core 4.22');
  }
  return { accBeta1: o.accBeta1, accBeta2: o.accBeta2 };
}

/**
 * Adam's state by stable names: `optimizer.iterations` (int32 scalar), `optimizer.accBeta1`,
 * `optimizer.accBeta2` (`beta^t`, float32 scalars: saved, not recomputed, so a resumed run
 * continues bit for bit), and `optimizer.m.<param>` / `optimizer.v.<param>` (the moments, named
 * after the model's parameters rather than tfjs's per-process variable ids).
 *
 * @returns the tensors and `owned`: those made here, which the caller disposes after writing
 *   (the moments are the optimizer's own variables: do not dispose them).
 */
export async function adamState(optimizer: tf.AdamOptimizer, params: Parameters): Promise<{ tensors: Record<string, tf.Tensor>; owned: tf.Tensor[] }> {
  const byVar = new Map(params.entries().map(([name, v]) => [v.name, name]));
  const weights = await optimizer.getWeights(); // [iterations, m_0..m_n-1, v_0..v_n-1]
  const iterations = weights[0]!.tensor;
  const { accBeta1, accBeta2 } = betaPowers(optimizer);
  const tensors: Record<string, tf.Tensor> = { 'optimizer.iterations': iterations, 'optimizer.accBeta1': accBeta1, 'optimizer.accBeta2': accBeta2 };
  for (const { name, tensor } of weights.slice(1)) {
    const slash = name.lastIndexOf('/');
    const param = byVar.get(name.slice(0, slash));
    const kind = name.slice(slash + 1);
    if (param === undefined || (kind !== 'm' && kind !== 'v')) {
      throw new CheckpointError(`adamState: optimizer weight '${name}' belongs to no parameter of the model`);
    }
    tensors[`optimizer.${kind}.${param}`] = tensor;
  }
  return { tensors, owned: [iterations] };
}

/**
 * Restores what {@link adamState} saved into a fresh Adam, in the order the trainer passes
 * gradients (the trainable parameters in creation order, those with moments).
 *
 * @throws CheckpointError when a moment is missing, unexpected or mis-shaped.
 */
export async function restoreAdamState(optimizer: tf.AdamOptimizer, params: Parameters, record: Record<string, tf.Tensor>): Promise<void> {
  const problems: string[] = [];
  const iterations = record['optimizer.iterations'];
  const acc1 = record['optimizer.accBeta1'];
  const acc2 = record['optimizer.accBeta2'];
  for (const [k, t] of [['optimizer.iterations', iterations], ['optimizer.accBeta1', acc1], ['optimizer.accBeta2', acc2]] as const) {
    if (!t) problems.push(`missing '${k}'`);
    else if (t.rank !== 0) problems.push(`'${k}' must be a scalar, got [${t.shape.join(', ')}]`);
  }
  const trainable = new Set(params.trainable());
  const order = params.entries().filter(([name, v]) => trainable.has(v) && (`optimizer.m.${name}` in record || `optimizer.v.${name}` in record));
  const known = new Set(['optimizer.iterations', 'optimizer.accBeta1', 'optimizer.accBeta2']);
  for (const [name, v] of order) {
    for (const kind of ['m', 'v']) {
      const key = `optimizer.${kind}.${name}`;
      known.add(key);
      const t = record[key];
      if (!t) problems.push(`missing '${key}'`);
      else if (t.shape.join(',') !== v.shape.join(',')) problems.push(`'${key}' must be [${v.shape.join(', ')}], got [${t.shape.join(', ')}]`);
    }
  }
  for (const k of Object.keys(record)) if (k.startsWith('optimizer.') && !known.has(k)) problems.push(`unexpected '${k}'`);
  if (problems.length > 0) throw new CheckpointError(`restoreAdamState: ${problems.join('; ')}`);
  const weights: Array<{ name: string; tensor: tf.Tensor }> = [{ name: 'iter', tensor: iterations! }];
  for (const kind of ['m', 'v']) for (const [name, v] of order) weights.push({ name: `${v.name}/${kind}`, tensor: record[`optimizer.${kind}.${name}`]! });
  // tfjs's setWeights replaces the moment variables without disposing the old ones.
  const held = optimizer as unknown as { accumulatedFirstMoment?: Array<{ variable: tf.Variable }>; accumulatedSecondMoment?: Array<{ variable: tf.Variable }> };
  const stale = [...(held.accumulatedFirstMoment ?? []), ...(held.accumulatedSecondMoment ?? [])].map((m) => m.variable);
  await optimizer.setWeights(weights);
  tf.dispose(stale);
  const { accBeta1, accBeta2 } = betaPowers(optimizer);
  accBeta1.assign(acc1!);
  accBeta2.assign(acc2!);
}
