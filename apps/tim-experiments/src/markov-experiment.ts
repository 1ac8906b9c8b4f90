import * as tf from '@tensorflow/tfjs-core';
import { Parameters, Rng } from '@rimjs/core';
import { TwoSourceMarkov } from '@rimjs/datasets';
import { competitionWinners, mutualInformation, parameterMatchedTransformer, TimEncoder, type TimEncoderConfig } from '@rimjs/tim';
import type { ExperimentPreset } from './presets.js';
import { crossEntropy, trainEncoder } from './train-encoder.js';

function entropyBits(labels: ArrayLike<number>): number {
  const counts = new Map<number, number>();
  for (let i = 0; i < labels.length; i++) counts.set(labels[i]!, (counts.get(labels[i]!) ?? 0) + 1);
  let h = 0;
  for (const c of counts.values()) h -= (c / labels.length) * Math.log2(c / labels.length);
  return h;
}

/**
 * The Bayes-optimal next-token loss (nats/token) on a batch of a task with disjoint vocabularies
 * (`overlap` 0): the current source and each chain's last state are read off the tokens, so the
 * next token is `(1 - p) P_k[last_k] + p P_{1-k}[last_{1-k}]`, where a chain that has not emitted
 * yet is at a uniform state (its next token is the mean row of its matrix).
 */
function oracleLoss(task: TwoSourceMarkov, tokens: ArrayLike<number>, targets: ArrayLike<number>, batch: number): number {
  const v = task.config.vocabSize;
  const p = task.config.switchProbability;
  const rowOf = (k: number, last: number | undefined): number[] =>
    Array.from({ length: v }, (_, s) =>
      last === undefined
        ? Array.from({ length: v }, (_, r) => task.transitions[k]![r * v + s]!).reduce((a, b) => a + b, 0) / v
        : task.transitions[k]![last * v + s]!);
  let nats = 0;
  for (let b = 0; b < batch; b++) {
    const last: Array<number | undefined> = [undefined, undefined];
    for (let t = 0; t < task.time; t++) {
      const tok = tokens[b * task.time + t]!;
      const k = tok < v ? 0 : 1;
      last[k] = tok - k * v;
      const next = targets[b * task.time + t]!;
      const kn = next < v ? 0 : 1;
      const prob = (kn === k ? 1 - p : p) * rowOf(kn, last[kn])[next - kn * v]!;
      nats -= Math.log(prob);
    }
  }
  return nats / (batch * task.time);
}

/** Held-out loss and, per TIM layer, I(source; winning mechanism) over the evaluation set. */
async function evaluate(encoder: TimEncoder, task: TwoSourceMarkov, p: ExperimentPreset) {
  const evalSet = task.batchAt(0, p.evalSize, 'held-out'); // a stream no training step uses
  const layers = encoder.config.kinds.filter((k) => k === 'tim').length;
  const winners: Int32Array[] = Array.from({ length: layers }, () => new Int32Array(p.evalSize * task.time));
  let nats = 0;
  for (let at = 0; at < p.evalSize; at += p.evalChunk) {
    const n = Math.min(p.evalChunk, p.evalSize - at);
    const slice = (a: Int32Array | Float32Array) => a.subarray(at * task.time, (at + n) * task.time) as Int32Array;
    const b = { tokens: slice(evalSet.tokens.data), targets: slice(evalSet.targets.data), batch: n, time: task.time };
    const loss = crossEntropy(encoder, b, false);
    nats += (await loss.data())[0]! * n;
    loss.dispose();
    if (layers > 0) {
      const x = tf.tensor2d(b.tokens, [n, task.time], 'int32');
      const res = encoder.forward(x, { causal: true });
      for (let l = 0; l < layers; l++) {
        const w = competitionWinners(res.competition[l]!);
        winners[l]!.set(await w.data(), at * task.time);
        w.dispose();
      }
      tf.dispose([x, res]);
    }
  }
  const source = evalSet.source.data;
  const oracle = task.config.overlap === 0 ? oracleLoss(task, evalSet.tokens.data, evalSet.targets.data, p.evalSize) : NaN;
  return { oracle, loss: nats / p.evalSize, mi: winners.map((w) => mutualInformation(source, w)), sourceEntropy: entropyBits(source) };
}

async function run(label: string, config: TimEncoderConfig, p: ExperimentPreset, task: TwoSourceMarkov, seed: number) {
  const encoder = new TimEncoder(new Parameters(new Rng(seed)).scope(label), config);
  const parameters = encoder.params.count();
  console.log(`${label}: ${parameters} parameters, layers [${encoder.config.kinds.join(', ')}], dFF ${config.dFF}`);
  const before = await evaluate(encoder, task, p);
  const trainSeconds = await trainEncoder(label, encoder, (step) => {
    const h = task.batchAt(step, p.batchSize, seed);
    return { tokens: h.tokens.data as Int32Array, targets: h.targets.data as Int32Array, batch: p.batchSize, time: task.time };
  }, p);
  const after = await evaluate(encoder, task, p);
  encoder.dispose();
  return { label, parameters, trainSeconds, before, after };
}

/** The two-source Markov task: TIM vs a parameter-matched Transformer, held-out loss and specialization. */
export async function markovExperiment(p: ExperimentPreset, seed: number): Promise<void> {
  const task = new TwoSourceMarkov({ time: p.tim.maxLength ?? 64 });
  console.log(`two-source Markov: ${task.name}, vocab ${task.vocab}, switch probability ${task.config.switchProbability}, branching ${task.config.branching}; ${p.evalSize} held-out sequences`);
  const baseline = parameterMatchedTransformer(p.tim);
  const results = [await run('tim', p.tim, p, task, seed), await run('transformer', baseline.config, p, task, seed)];
  const h = results[0]!.after.sourceEntropy;
  console.log(`\nH(source) on the held-out set = ${h.toFixed(4)} bits (the most I(source; winner) can be)`);
  console.log(`Bayes-optimal held-out loss (true chains and switch rate known) = ${results[0]!.after.oracle.toFixed(4)} nats/token`);
  console.log(`model        params  held-out loss (nats/token)  I(source; winner) per TIM layer, bits (before -> after training)  train s   (steps ${p.steps}, batch ${p.batchSize}, lr ${p.learningRate}, seed ${seed}, backend ${tf.getBackend()})`);
  for (const r of results) {
    const mi = r.after.mi.length === 0 ? 'n/a (no competition)' : r.after.mi.map((m, l) => `L${l}: ${r.before.mi[l]!.toFixed(4)} -> ${m.toFixed(4)}`).join(', ');
    console.log(`${r.label.padEnd(12)} ${String(r.parameters).padStart(6)}  ${r.after.loss.toFixed(4).padStart(10)} (untrained ${r.before.loss.toFixed(3)})  ${mi}  ${r.trainSeconds.toFixed(1)}`);
  }
}
