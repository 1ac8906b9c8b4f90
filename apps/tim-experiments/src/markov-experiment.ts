import { appendFileSync, mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import * as tf from '@tensorflow/tfjs-core';
import { Parameters, Rng } from '@rimjs/core';
import { TwoSourceMarkov } from '@rimjs/datasets';
import { writeJson } from '@rimjs/runkit';
import { parameterMatchedTransformer, TimEncoder, type TimEncoderConfig } from '@rimjs/tim';
import { entropyBits, evaluateMarkov, type MarkovEval, markovSet, oracleLoss } from './markov-evaluate.js';
import type { MarkovPreset } from './presets.js';
import { trainEncoder } from './train-encoder.js';

/** The two models of the comparison. */
export type MarkovModel = 'tim' | 'transformer';

/** One point of the learning curves: the held-out loss and `I(source; winner)` per TIM layer on the curve batch. */
export interface CurvePoint extends MarkovEval {
  step: number;
}

/** Everything one (model, seed) run measured; written as `<model>-s<seed>.json`. */
export interface MarkovRun {
  preset: string;
  model: MarkovModel;
  seed: number;
  parameters: number;
  layers: string[];
  dFF: number;
  steps: number;
  /** Training wall time without the curve evaluations, seconds. */
  trainSeconds: number;
  /** Wall time of the whole run (training, curve and final evaluations), seconds. */
  wallSeconds: number;
  /** On the full held-out set (`evalSize` sequences), before and after training. */
  before: MarkovEval;
  after: MarkovEval;
  /** On the curve batch (`curveSize` held-out sequences), every `curveEvery` steps; step 0 is the untrained model. */
  curve: CurvePoint[];
  /** Bayes-optimal loss and `H(source)` (bits) of the full held-out set. */
  oracle: number;
  sourceEntropy: number;
  backend: string;
}

/** The task of a preset. */
export function markovTask(p: MarkovPreset): TwoSourceMarkov {
  return new TwoSourceMarkov({ ...p.task, time: p.tim.maxLength ?? 64 });
}

/** The config of `model` under preset `p` (the Transformer matches the TIM's parameter count). */
export function modelConfig(p: MarkovPreset, model: MarkovModel): TimEncoderConfig {
  return model === 'tim' ? p.tim : parameterMatchedTransformer(p.tim).config;
}

const fmtMi = (mi: number[]) => (mi.length === 0 ? 'n/a' : mi.map((m) => m.toFixed(3)).join(' / '));

/** Trains one model on one seed, logging the curves to `<out>/<model>-s<seed>.curve.jsonl`, and returns its record. */
export async function runMarkov(name: string, p: MarkovPreset, model: MarkovModel, seed: number, out: string): Promise<MarkovRun> {
  const start = performance.now();
  const task = markovTask(p);
  const evalSet = markovSet(task, p.evalSize, 'held-out'); // a stream no training step uses
  const curveSet = markovSet(task, p.curveSize, 'held-out');
  const config = modelConfig(p, model);
  const encoder = new TimEncoder(new Parameters(new Rng(seed)).scope(model), config);
  const label = `${model} s${seed}`;
  console.log(`${label}: ${encoder.params.count()} parameters, layers [${encoder.config.kinds.join(', ')}], dFF ${config.dFF}`);
  const curveFile = join(out, `${model}-s${seed}.curve.jsonl`);
  mkdirSync(out, { recursive: true });
  writeFileSync(curveFile, '');
  const curve: CurvePoint[] = [];
  const point = async (step: number) => {
    const e = await evaluateMarkov(encoder, curveSet, p.evalChunk);
    curve.push({ step, ...e });
    appendFileSync(curveFile, `${JSON.stringify({ preset: name, model, seed, step, loss: e.loss, mi: e.mi })}\n`);
    console.log(`  [${label}] step ${step}  held-out loss ${e.loss.toFixed(4)}  I(source; winner) per TIM layer ${fmtMi(e.mi)} bits`);
  };
  const before = await evaluateMarkov(encoder, evalSet, p.evalChunk);
  await point(0);
  const trainSeconds = await trainEncoder(label, encoder, (step) => {
    const h = task.batchAt(step, p.batchSize, seed);
    return { tokens: h.tokens.data as Int32Array, targets: h.targets.data as Int32Array, batch: p.batchSize, time: task.time };
  }, p, { every: p.curveEvery, run: point });
  const after = await evaluateMarkov(encoder, evalSet, p.evalChunk);
  const run: MarkovRun = {
    preset: name, model, seed, parameters: encoder.params.count(), layers: [...encoder.config.kinds], dFF: config.dFF ?? 4 * config.dModel,
    steps: p.steps, trainSeconds, wallSeconds: (performance.now() - start) / 1000, before, after, curve,
    oracle: task.config.overlap === 0 ? oracleLoss(task, evalSet) : NaN, sourceEntropy: entropyBits(evalSet.source), backend: tf.getBackend(),
  };
  encoder.dispose();
  writeJson(join(out, `${model}-s${seed}.json`), run);
  console.log(`${label}: held-out loss ${before.loss.toFixed(4)} -> ${after.loss.toFixed(4)}, I(source; winner) ${fmtMi(before.mi)} -> ${fmtMi(after.mi)} bits, train ${trainSeconds.toFixed(1)} s`);
  return run;
}
