// The official RIM cell (anirudh9119/RIMs event_based/blocks_core.py), composed from this
// package's pieces and a dense PyTorch-convention LSTM/GRU written here, against the parity
// fixtures in shared/fixtures/rim-official (values and gradients). This checks the attention
// math, the weight layouts ([in, out], per-unit / per-slot leading axes) and the gradient mask.
import { existsSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import * as tf from '@tensorflow/tfjs-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { maskGradient } from '@rimjs/core';
import { TEST_BACKENDS, useBackend } from '@rimjs/core/testing';
import { inputAttentionStep } from './input-attention-step.js';
import { multiHeadAttentionStep } from './multi-head-attention-step.js';
import { topKMask } from './top-k-mask.js';
import { arr } from './testing-internal/reference.js';

const DIR = fileURLToPath(new URL('../../../../shared/fixtures/rim-official/', import.meta.url));
const FILES = ['lstm-small', 'gru-small', 'lstm-medium'].filter((f) => existsSync(`${DIR}${f}.safetensors`));

interface Fixture {
  meta: Record<string, string>;
  t: (name: string) => tf.Tensor;
}

function load(name: string): Fixture {
  const buf = readFileSync(`${DIR}${name}.safetensors`);
  const n = Number(buf.readBigUInt64LE(0));
  const header = JSON.parse(buf.subarray(8, 8 + n).toString('utf8')) as Record<string, { shape: number[]; data_offsets: [number, number] }> & {
    __metadata__: Record<string, string>;
  };
  const base = 8 + n;
  return {
    meta: header.__metadata__,
    t: (key) => {
      const e = header[key];
      if (!e) throw new Error(`fixture ${name}: no '${key}'`);
      const bytes = buf.subarray(base + e.data_offsets[0], base + e.data_offsets[1]);
      return tf.tensor(new Float32Array(bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength)), e.shape);
    },
  };
}

describe.skipIf(FILES.length === 0).each(TEST_BACKENDS)('the official RIM cell from these pieces, on %s', (backend) => {
  beforeAll(() => useBackend(backend));

  const cases = FILES.flatMap((f) => [[f, false], [f, true]] as const);
  // residual false: h_new + att added here, as BlocksCore does; true: added inside, on the maskGradient-ed queries.
  it.each(cases)('%s (residual inside: %s): states, masks, loss and gradients match', (file, residual) => {
    const { meta, t } = load(file);
    const K = Number(meta.num_units), nhid = Number(meta.nhid), ninp = Number(meta.ninp), topK = Number(meta.top_k);
    const steps = Number(meta.steps), batch = Number(meta.batch), hk = nhid / K;
    const gru = meta.cell === 'gru';
    const cell = gru ? 'gru' : 'lstm';
    const inputConfig = { units: K, querySize: hk, inputSize: ninp };
    const commConfig = { units: K, querySize: hk, residual };
    const xs = t('input.x');
    const names = [
      'inp_att.GLN_qs.w', 'inp_att.GLN_ks.w', 'inp_att.GLN_vs.w',
      'mha.GLN_qs.w', 'mha.GLN_ks.w', 'mha.GLN_vs.w', 'mha.fc.weight', 'mha.fc.bias', 'mha.gate_fc.weight', 'mha.gate_fc.bias',
      `block_lstm.${cell}.weight_ih`, `block_lstm.${cell}.weight_hh`, `block_lstm.${cell}.bias_ih`, `block_lstm.${cell}.bias_hh`,
    ];
    const masks: number[] = [];
    const hs: number[] = [];

    const run = (x: tf.Tensor, h0: tf.Tensor, c0: tf.Tensor, ...p: tf.Tensor[]): tf.Scalar => {
      const P = Object.fromEntries(names.map((n, i) => [n, p[i]!]));
      let h = h0, c = c0;
      let loss: tf.Tensor = tf.scalar(0);
      masks.length = 0;
      hs.length = 0;
      for (let s = 0; s < steps; s++) {
        const xt = tf.squeeze(tf.slice(x, [s, 0, 0], [1, -1, -1]), [0]) as tf.Tensor2D; // [batch, ninp]
        const read = inputAttentionStep(inputConfig, {
          'query.weight': P['inp_att.GLN_qs.w']!, 'key.weight': P['inp_att.GLN_ks.w']!, 'value.weight': P['inp_att.GLN_vs.w']!,
        }, tf.reshape(h, [batch, K, hk]) as tf.Tensor3D, xt);
        const mask = topKMask(read.nullScore, topK, { largest: false }); // [batch, K]
        masks.push(...arr(mask));
        const a = tf.reshape(read.output, [batch, K * 4 * hk]); // [batch, K * 4hk]
        const gi = tf.add(tf.matMul(a, P[`block_lstm.${cell}.weight_ih`]!, false, true), P[`block_lstm.${cell}.bias_ih`]!);
        const gh = tf.add(tf.matMul(h, P[`block_lstm.${cell}.weight_hh`]!, false, true), P[`block_lstm.${cell}.bias_hh`]!);
        let hNew: tf.Tensor, cNew: tf.Tensor;
        if (gru) {
          const [ir, iz, inn] = tf.split(gi, 3, 1);
          const [hr, hz, hn] = tf.split(gh, 3, 1);
          const r = tf.sigmoid(tf.add(ir!, hr!)), z = tf.sigmoid(tf.add(iz!, hz!));
          const nn = tf.tanh(tf.add(inn!, tf.mul(r, hn!)));
          hNew = tf.add(tf.mul(tf.sub(1, z), nn), tf.mul(z, h));
          cNew = hNew;
        } else {
          const [i, f, g, o] = tf.split(tf.add(gi, gh), 4, 1);
          cNew = tf.add(tf.mul(tf.sigmoid(f!), c), tf.mul(tf.sigmoid(i!), tf.tanh(g!)));
          hNew = tf.mul(tf.sigmoid(o!), tf.tanh(cNew));
        }
        const hNew3 = tf.reshape(hNew, [batch, K, hk]) as tf.Tensor3D;
        const comm = multiHeadAttentionStep(commConfig, {
          'query.weight': P['mha.GLN_qs.w']!, 'key.weight': P['mha.GLN_ks.w']!, 'value.weight': P['mha.GLN_vs.w']!,
          'fc.weight': tf.transpose(P['mha.fc.weight']!), 'fc.bias': P['mha.fc.bias']!,
          'gate.weight': tf.transpose(P['mha.gate_fc.weight']!), 'gate.bias': P['mha.gate_fc.bias']!,
        }, maskGradient(hNew3, mask));
        hNew = tf.reshape(residual ? comm.output : tf.add(hNew3, comm.output), [batch, nhid]);
        const m = tf.reshape(tf.tile(tf.expandDims(mask, 2), [1, 1, hk]), [batch, nhid]);
        h = tf.add(tf.mul(m, hNew), tf.mul(tf.sub(1, m), h));
        c = tf.add(tf.mul(m, cNew), tf.mul(tf.sub(1, m), c));
        hs.push(...arr(h));
        loss = tf.add(loss, tf.sum(tf.mul(h, tf.squeeze(tf.slice(t('loss.R'), [s, 0, 0], [1, -1, -1]), [0]))));
      }
      return tf.add(loss, tf.sum(tf.mul(c, t('loss.S')))) as tf.Scalar;
    };

    const inputs = [xs, t('input.h0'), t('input.c0'), ...names.map((n) => t(`param.${n}`))];
    const { value, grads } = tf.valueAndGrads(run)(inputs);
    const expectedH = arr(t('expected.h'));
    expect(Math.max(...hs.map((v, i) => Math.abs(v - expectedH[i]!)))).toBeLessThan(1e-5);
    expect(masks).toEqual(arr(t('expected.mask')));
    expect(Math.abs(value.dataSync()[0]! - t('expected.loss').dataSync()[0]!)).toBeLessThan(1e-4);
    const gradNames = ['x', 'h0', 'c0', ...names.map((n) => `param.${n}`)];
    grads.forEach((g, i) => {
      const name = gradNames[i]!;
      if (name.startsWith('param.block_lstm')) return; // only the diagonal blocks are meaningful (see fixtures README)
      const want = arr(t(`grad.${name}`));
      const got = arr(g);
      const scale = Math.max(1e-3, ...want.map(Math.abs));
      const err = Math.max(...got.map((v, j) => Math.abs(v - want[j]!)));
      expect(err / scale, `grad.${name}`).toBeLessThan(1e-4);
    });
  });
});
