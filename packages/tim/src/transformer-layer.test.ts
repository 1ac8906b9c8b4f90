import { describe, it, expect, beforeAll } from 'vitest';
import * as tf from '@tensorflow/tfjs-core';
import { ConfigError, Parameters, Rng } from '@rimjs/core';
import { expectNoLeak, TEST_BACKENDS, useBackend } from '@rimjs/core/testing';
import { TransformerLayer } from './transformer-layer.js';
import type { TransformerLayerConfig } from './transformer-layer-config.js';
import { keepOf, referenceTransformerLayer } from './test-support/reference-layers.js';
import { maxDiff, randn, randomizeWeights } from './test-support/helpers.js';

const BASE: TransformerLayerConfig = { dModel: 8, heads: 2, dFF: 16, dropout: 0 };

function makeLayer(config: TransformerLayerConfig = BASE): TransformerLayer {
  const layer = new TransformerLayer(new Parameters(new Rng(1)).scope('std'), config);
  randomizeWeights(layer.weights(), 7);
  return layer;
}

describe.each(TEST_BACKENDS)('TransformerLayer on %s', (backend) => {
  beforeAll(() => useBackend(backend));

  it.each([
    [true, undefined],
    [false, [[1, 1, 1, 0], [1, 1, 0, 0]]],
  ] as Array<[boolean, number[][] | undefined]>)('equals the plain reference in values and gradients (causal %s, padding %j)', (causal, padding) => {
    const layer = makeLayer();
    const x = tf.variable(randn([2, 4, 8], 3)) as tf.Variable<tf.Rank.R3>;
    const mask = padding ? tf.tensor2d(padding, [2, 4]) : undefined;
    const keep = keepOf(2, 4, causal, padding);
    const r = randn([2, 4, 8], 4);
    const vars = [x, ...Object.values(layer.weights())];
    const run = (fast: boolean) =>
      tf.tidy(() => {
        const f = () => (fast ? layer.forward(x, { causal, mask }).output : referenceTransformerLayer(layer.config, layer.weights(), x, keep));
        const { grads } = tf.variableGrads(() => tf.sum(tf.mul(f(), r)) as tf.Scalar, vars);
        return { output: f(), grads: vars.map((v) => grads[v.name]!) };
      });
    const fast = run(true);
    const ref = run(false);
    expect(maxDiff(fast.output, ref.output)).toBeLessThan(1e-4);
    fast.grads.forEach((g, i) => expect(maxDiff(g, ref.grads[i]!), vars[i]!.name).toBeLessThan(2e-4));
    tf.dispose([fast, ref, x, mask, r]);
    layer.dispose();
  });

  it('is causal and leaks nothing', async () => {
    const layer = makeLayer({ ...BASE, dropout: 0.2 });
    const x = randn([1, 5, 8], 5) as tf.Tensor3D;
    const x2 = tf.tidy(() => tf.concat([tf.slice(x, [0, 0, 0], [1, 3, 8]), randn([1, 2, 8], 6)], 1)) as tf.Tensor3D;
    const a = layer.forward(x, { causal: true });
    const b = layer.forward(x2, { causal: true });
    expect(maxDiff(tf.slice(a.output, [0, 0, 0], [1, 3, 8]), tf.slice(b.output, [0, 0, 0], [1, 3, 8]))).toBe(0);
    await expectNoLeak(() => tf.dispose(layer.forward(x, { causal: true, training: true, seed: 2 })));
    tf.dispose([x, x2, a, b]);
    layer.dispose();
  });
});

describe('TransformerLayer config', () => {
  it('rejects bad configs as ConfigError naming each field', () => {
    const make = (c: unknown) => () => new TransformerLayer(new Parameters(new Rng(0)), c as TransformerLayerConfig);
    expect(make({ dModel: 10, heads: 4 })).toThrow(ConfigError);
    expect(make({ dModel: 10, heads: 4 })).toThrow('TransformerLayerConfig.heads: must divide dModel = 10, got 4');
    expect(make({ dModel: 8, dFF: 0, dropout: 2 })).toThrow(/TransformerLayerConfig\.dFF: must be an integer in \[1, ∞\], got 0\n.*TransformerLayerConfig\.dropout/);
  });

  it('has 4 d^2 + 2 d dFF weights plus biases and norms', () => {
    const layer = new TransformerLayer(new Parameters(new Rng(0)), { dModel: 8, heads: 2, dFF: 16 });
    expect(layer.params.count()).toBe(4 * (64 + 8) + (8 * 16 + 16) + (16 * 8 + 8) + 4 * 8);
    layer.dispose();
  });
});
