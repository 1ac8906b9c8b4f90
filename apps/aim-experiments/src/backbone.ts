import { existsSync, mkdirSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import * as tf from '@tensorflow/tfjs-core';
import { constant, normal, Parameters, Rng } from '@rimjs/core';
import { Conv4 } from '@rimjs/aim';
import type { GlyphConfig, GlyphImages } from '@rimjs/datasets';
import { createAdam, loadCheckpoint, type Progress, readCheckpoint, writeCheckpoint, writeFileAtomic } from '@rimjs/runkit';

/** Images as `[count, side * side]` bytes plus labels, the common form of glyphs and digits. */
export interface ImageSet {
  readonly count: number;
  readonly side: number;
  readonly pixels: Uint8Array;
  readonly labels: ArrayLike<number>;
}

export function imagesTensor(set: ImageSet, indices: ArrayLike<number>): tf.Tensor4D {
  const n = set.side * set.side;
  const data = new Float32Array(indices.length * n);
  for (let b = 0; b < indices.length; b++) {
    const k = indices[b]!;
    for (let i = 0; i < n; i++) data[b * n + i] = set.pixels[k * n + i]! / 255;
  }
  return tf.tensor4d(data, [indices.length, set.side, set.side, 1]);
}

export function glyphSet(g: GlyphImages): ImageSet {
  return { count: g.count, side: g.rows, pixels: g.pixels, labels: g.labels };
}

/** What fixes a backbone (its checkpoint identity, with the seed and class count). */
export interface BackboneConfig {
  readonly glyphs: GlyphConfig;
  readonly channels: number;
  readonly pools: number;
  readonly pretrainSteps: number;
  readonly pretrainBatch: number;
  readonly pretrainLr: number;
}

/**
 * Pre-trains a Conv-4 with a cosine classifier (learnable scale, init 10; official `train_feat.py`)
 * over the first `classes` background classes, Adam, checkpointed every 50 steps to `path` (resumed
 * when the file exists and its identity matches).
 */
export async function pretrainBackbone(
  set: ImageSet,
  classes: number,
  cfg: BackboneConfig,
  seed: number,
  path: string,
  progress: Progress,
): Promise<Conv4> {
  const params = new Parameters(new Rng(seed).child('backbone'));
  const net = new Conv4(params.scope('conv4'), { side: set.side, channels: cfg.channels, pools: cfg.pools });
  const head = params.scope('head');
  const w = head.add('weight', [net.featureSize, classes], normal({ std: 0.01 }));
  const scale = head.add('scale', [1], constant(10));
  const adam = createAdam(cfg.pretrainLr);
  const { glyphs, channels, pools, pretrainSteps, pretrainBatch, pretrainLr } = cfg;
  const identity = { what: 'aim-backbone', seed, classes, glyphs, channels, pools, pretrainSteps, pretrainBatch, pretrainLr };
  const format = 'aim-experiments-backbone/1';
  let step = 0;
  if (existsSync(path)) {
    const ck = await readCheckpoint(path, format);
    await loadCheckpoint(ck, params, identity, adam);
    step = ck.step;
  }
  const pool: number[] = [];
  for (let i = 0; i < set.count; i++) if (set.labels[i]! < classes) pool.push(i);
  const rng = new Rng(seed).child('pretrain-batches');
  progress.start(`backbone seed ${seed}`, step, cfg.pretrainSteps);
  const t0 = performance.now();
  while (step < cfg.pretrainSteps) {
    const batchRng = rng.child(step);
    const idx = Array.from({ length: cfg.pretrainBatch }, () => pool[batchRng.int(pool.length)]!);
    const loss = tf.tidy(() => {
      const x = imagesTensor(set, idx);
      const y = tf.oneHot(tf.tensor1d(idx.map((k) => set.labels[k]!), 'int32'), classes);
      return adam.minimize(() => {
        const f = net.forward(x);
        const fn = tf.div(f, tf.maximum(tf.norm(f, 2, 1, true), 1e-12));
        const wn = tf.div(w, tf.maximum(tf.norm(w, 2, 0, true), 1e-12));
        return tf.losses.softmaxCrossEntropy(y, tf.mul(tf.matMul(fn, wn), scale)) as tf.Scalar;
      }, true, params.trainable())!.dataSync()[0]!;
    });
    step++;
    progress.tick(step, loss);
    if (step % 50 === 0 || step === cfg.pretrainSteps) {
      mkdirSync(dirname(path), { recursive: true });
      await writeCheckpoint(path, params, adam, { format, step, elapsedSec: (performance.now() - t0) / 1000, identity });
    }
  }
  adam.dispose();
  tf.dispose([w, scale]);
  return net;
}

/**
 * The features of each named image set under the shared backbone (pre-trained or resumed first),
 * cached as raw float32 files beside its checkpoint (`features-<name>.f32`, written atomically).
 */
export async function backboneFeatures(
  pretrainSet: ImageSet,
  classes: number,
  cfg: BackboneConfig & { backboneSeed: number },
  outDir: string,
  sets: Record<string, ImageSet>,
  progress: Progress,
): Promise<{ featureSize: number; features: Record<string, Float32Array> }> {
  const dir = join(outDir, `backbone-seed-${cfg.backboneSeed}`);
  const net = await pretrainBackbone(pretrainSet, classes, cfg, cfg.backboneSeed, join(dir, 'backbone.safetensors'), progress);
  const features: Record<string, Float32Array> = {};
  for (const [name, set] of Object.entries(sets)) {
    const file = join(dir, `features-${name}-${set.count}.f32`);
    if (existsSync(file)) {
      const buf = readFileSync(file);
      features[name] = new Float32Array(buf.buffer, buf.byteOffset, buf.byteLength / 4).slice();
    } else {
      features[name] = extractFeatures(net, set);
      await writeFileAtomic(file, Buffer.from(features[name].buffer));
    }
  }
  const featureSize = net.featureSize;
  net.dispose();
  return { featureSize, features };
}

/** The backbone's features of every image, `[count, featureSize]` row-major, in batches of 250. */
export function extractFeatures(net: Conv4, set: ImageSet, count = set.count): Float32Array {
  const out = new Float32Array(count * net.featureSize);
  for (let start = 0; start < count; start += 250) {
    const idx = Array.from({ length: Math.min(250, count - start) }, (_, i) => start + i);
    const f = tf.tidy(() => net.forward(imagesTensor(set, idx)));
    out.set(f.dataSync(), start * net.featureSize);
    f.dispose();
  }
  return out;
}

/** Rows `indices` of a `[count, d]` feature array as a tensor `[indices.length, d]`. */
export function rows(features: Float32Array, d: number, indices: ArrayLike<number>): tf.Tensor2D {
  const data = new Float32Array(indices.length * d);
  for (let i = 0; i < indices.length; i++) data.set(features.subarray(indices[i]! * d, (indices[i]! + 1) * d), i * d);
  return tf.tensor2d(data, [indices.length, d]);
}
