import * as tf from '@tensorflow/tfjs-core';
import { CheckpointError, Parameters, Rng, type SafetensorsFile, toTensors } from '@rimjs/core';
import { convertOfficialTensors, importOfficialWeights } from '../import-official-weights.js';
import { fusedRimSequence } from '../fused/fused-rim-sequence.js';
import { RimCell, type RimState } from '../rim-cell.js';
import type { RimCellOptions } from '../rim-config.js';

/** Tolerances of a parity check: outputs absolute, gradients relative to the largest expected value. */
export const PARITY_TOLERANCE = { output: 1e-5, gradient: 1e-4 } as const;

/** What {@link runParity} measured. */
export interface ParityReport {
  cell: 'lstm' | 'gru';
  backend: string;
  steps: number;
  batch: number;
  /** Max absolute error of each output (`c`: every step; with the fused engine the last step's, the one it returns). */
  maxAbsError: { h: number; c: number; mask: number; loss: number };
  /** Max |ours - theirs| / max |theirs| of every gradient (inputs, initial state, each weight's meaningful blocks). */
  maxRelGradError: Record<string, number>;
  pass: boolean;
}

const REQUIRED = ['input.x', 'input.h0', 'loss.R', 'loss.S', 'expected.h', 'expected.c', 'expected.mask', 'expected.loss', 'grad.x', 'grad.h0'];

/** Reads a fixture's metadata into the options of the cell it recorded. @throws CheckpointError */
export function fixtureCellOptions(file: SafetensorsFile): RimCellOptions {
  const m = file.metadata;
  const num = (k: string): number => {
    const v = Number(m[k]);
    if (m[k] === undefined || !Number.isInteger(v) || v <= 0) {
      throw new CheckpointError(`parity: metadata '${k}' must be a positive integer, got ${JSON.stringify(m[k])}`);
    }
    return v;
  };
  const cell = m.cell;
  if (cell !== 'lstm' && cell !== 'gru') throw new CheckpointError(`parity: metadata 'cell' must be "lstm" or "gru", got ${JSON.stringify(cell)}`);
  const units = num('num_units');
  return {
    preset: 'official',
    inputSize: num('ninp'),
    numUnits: units,
    topK: num('top_k'),
    hidden: num('nhid') / units,
    cell,
    inputHeads: m.input_heads ? num('input_heads') : 1,
    inputKeySize: m.input_key_size ? num('input_key_size') : 64,
    inputValueSize: m.input_value_size ? num('input_value_size') : (4 * num('nhid')) / units,
    commHeads: m.comm_heads ? num('comm_heads') : 4,
    commKeySize: m.comm_key_size ? num('comm_key_size') : 16,
    commValueSize: m.comm_value_size ? num('comm_value_size') : 16,
  };
}

/** Max |stack(steps) - expected|. */
function maxAbsOfSteps(steps: tf.Tensor[], expected: tf.Tensor): number {
  return tf.tidy(() => tf.max(tf.abs(tf.sub(tf.stack(steps), expected))).dataSync()[0]!);
}

function maxRel(ours: tf.Tensor, theirs: tf.Tensor): number {
  return tf.tidy(() => {
    const scale = Math.max(tf.max(tf.abs(theirs)).dataSync()[0]!, 1e-12);
    return tf.max(tf.abs(tf.sub(ours, theirs))).dataSync()[0]! / scale;
  });
}

/**
 * Runs a parity fixture of the official RIM cell (see `test-data/README.md`) on the current
 * backend: builds the cell from the metadata, imports the weights, runs the steps from the
 * recorded initial state, computes the recorded loss `sum_t sum(h_t R_t) + sum(c_T S)` and its
 * gradients, and compares everything.
 *
 * @throws CheckpointError when the file is not a usable fixture.
 */
export function runParity(file: SafetensorsFile, { engine = 'composed' }: { engine?: 'composed' | 'fused' } = {}): ParityReport {
  for (const name of REQUIRED) {
    if (!file.tensors.has(name)) throw new CheckpointError(`parity: not a parity fixture: missing '${name}'`);
  }
  const options = fixtureCellOptions(file);
  const all = toTensors(file);
  const params = new Parameters(new Rng(1));
  try {
    const cell = new RimCell(params.scope('rim'), options);
    const official: Record<string, tf.Tensor> = {};
    for (const [k, v] of Object.entries(all)) if (k.startsWith('param.')) official[k.slice('param.'.length)] = v;
    importOfficialWeights(cell, official, { prefix: '' });
    const K = cell.config.numUnits;
    const hk = cell.config.hidden;
    const [steps, batch] = all['input.x']!.shape as [number, number, number];
    const x = tf.variable(all['input.x']!);
    const h0 = tf.variable(all['input.h0']!);
    const c0 = tf.variable(all['input.c0'] ?? all['input.h0']!);
    const hs: tf.Tensor[] = [];
    const cs: tf.Tensor[] = [];
    const masks: tf.Tensor[] = [];
    const loss = (): tf.Scalar => {
      let state: RimState = { h: tf.reshape(h0, [batch, K, hk]), c: tf.reshape(c0, [batch, K, hk]) };
      let total: tf.Tensor = tf.scalar(0);
      if (engine === 'fused') {
        // The whole record as one fused op (fusedRimSequence), its loss on the same states.
        const r = fusedRimSequence(cell, x as unknown as tf.Tensor3D, state);
        const hAll = tf.reshape(r.outputs, [steps, batch, K * hk]);
        for (const [t, h] of tf.unstack(hAll).entries()) hs[t] = tf.keep(h);
        for (const [t, m] of tf.unstack(r.masks).entries()) masks[t] = tf.keep(m);
        cs.push(tf.keep(tf.reshape(r.finalState.c!, [batch, K * hk]))); // the fused op returns the last c only
        const cLast = tf.reshape(r.finalState.c!, [batch, K * hk]);
        return tf.add(tf.sum(tf.mul(hAll, all['loss.R']!)), tf.sum(tf.mul(cLast, all['loss.S']!))) as tf.Scalar;
      }
      const xs = tf.unstack(x); // steps x [batch, ninp]
      const rs = tf.unstack(all['loss.R']!);
      for (let t = 0; t < steps; t++) {
        const r = cell.step(xs[t] as tf.Tensor2D, state);
        state = r.state;
        const h = tf.reshape(state.h, [batch, K * hk]);
        hs.push(tf.keep(h));
        cs.push(tf.keep(tf.reshape(state.c!, [batch, K * hk])));
        masks.push(tf.keep(r.mask));
        total = tf.add(total, tf.sum(tf.mul(h, rs[t]!)));
      }
      const cLast = tf.reshape(state.c!, [batch, K * hk]);
      return tf.add(total, tf.sum(tf.mul(cLast, all['loss.S']!))) as tf.Scalar;
    };
    const vars = [...cell.params.trainable(), x, h0, c0];
    const { value, grads } = tf.variableGrads(loss, vars);
    const ourNames = new Map(cell.params.entries().map(([full, v]) => [v.id, full.slice('rim.'.length)]));
    const expectedGrads: Record<string, tf.Tensor> = {};
    for (const [k, v] of Object.entries(all)) if (k.startsWith('grad.param.')) expectedGrads[k.slice('grad.param.'.length)] = v;
    const theirGrads = convertOfficialTensors(cell, expectedGrads, { prefix: '', gradients: true });
    const maxRelGradError: Record<string, number> = {
      x: maxRel(grads[x.name]!, all['grad.x']!),
      h0: maxRel(grads[h0.name]!, all['grad.h0']!),
    };
    if (all['grad.c0']) maxRelGradError.c0 = maxRel(grads[c0.name]!, all['grad.c0']);
    for (const v of cell.params.trainable()) {
      const name = ourNames.get(v.id)!;
      maxRelGradError[name] = maxRel(grads[v.name]!, theirGrads[name]!);
    }
    const report: ParityReport = {
      cell: cell.config.cell,
      backend: tf.getBackend(),
      steps,
      batch,
      maxAbsError: {
        h: maxAbsOfSteps(hs, all['expected.h']!),
        c: engine === 'fused' ? tf.tidy(() => maxAbsOfSteps(cs, tf.slice(all['expected.c']!, [steps - 1], [1]))) : maxAbsOfSteps(cs, all['expected.c']!),
        mask: maxAbsOfSteps(masks, all['expected.mask']!),
        loss: Math.abs(value.dataSync()[0]! - all['expected.loss']!.dataSync()[0]!),
      },
      maxRelGradError,
      pass: false,
    };
    report.pass =
      Object.values(report.maxAbsError).every((e) => e <= PARITY_TOLERANCE.output) &&
      Object.values(maxRelGradError).every((e) => e <= PARITY_TOLERANCE.gradient);
    tf.dispose([value, grads, theirGrads, hs, cs, masks, x, h0, c0]);
    return report;
  } finally {
    tf.dispose(all);
    params.dispose();
  }
}
