import * as tf from '@tensorflow/tfjs-core';
import { ConfigError, initBackend, Rng } from '@rimjs/core';
import { createSequenceModel, type SequenceModel, type SequenceModelConfig } from '@rimjs/rim';
import { modelsWithCheckpoint, withCheckpointModel } from '../checkpoint/checkpoint-models.js';
import { readRunConfig } from '../run/run-paths.js';
import { createTaskRunner } from '../tasks/create-task-runner.js';
import { defaultGroups, gradientReport, groupMembers, type GradientReport } from './gradient-norms.js';

/** Options of {@link gradientsRun}. */
export interface GradientsRunOptions {
  dir: string;
  /** Groups to switch off (parameter names or scopes); default each RIM layer's input attention, cells and communication. */
  zero?: readonly string[];
  /** Largest parameters to list (default 6). */
  top?: number;
  out?: NodeJS.WritableStream;
  createModel?: (config: SequenceModelConfig) => SequenceModel;
}

/**
 * A `zero` group of {@link gradientsRun} that names no trainable parameter of any model. A
 * ConfigError whose `detail` is the problem without the `gradientsRun: zero:` prefix, so the CLI
 * can report it as a bad `--zero` option without parsing the message.
 */
export class UnknownGroupError extends ConfigError {
  constructor(readonly detail: string) {
    super(`gradientsRun: zero: ${detail}`);
  }
}

const fmt = (x: number): string => (Number.isFinite(x) ? x.toExponential(2) : String(x));

/**
 * `pnpm train gradients <run>`: for each model's checkpoint, the loss and gradient norms of the
 * batch its next training step would take (the same batch and dropout seed, so the global norm is
 * the `gradNorm` that step logs on one thread), the largest per parameter, and the norm with each
 * group switched off. Where a run stopped with a `NumericError`, this says which path the
 * gradient explodes through. Changes nothing in the run folder.
 *
 * @throws CheckpointError when no model has a checkpoint; UnknownGroupError (a ConfigError naming `zero`) for a group
 *   that holds no trainable parameter of any model (before any work; a group applies to the
 *   models that have it).
 */
export async function gradientsRun(options: GradientsRunOptions): Promise<Record<string, GradientReport & { step: number }>> {
  const { dir, top = 6 } = options;
  const out = options.out ?? process.stdout;
  const run = readRunConfig(dir);
  await initBackend(run.train.backend);
  const present = modelsWithCheckpoint(dir, run, 'gradientsRun');
  const { batchSize, seed } = run.train;
  const create = options.createModel ?? createSequenceModel;
  const groupsOf = new Map(present.map((m) => {
    const model = create(m.config);
    const defaults = defaultGroups(model.params.entries().map(([n]) => n));
    const groups = options.zero ? options.zero.filter((g) => groupMembers(model, g).length > 0) : defaults;
    model.dispose();
    return [m.name, { groups, defaults }] as const;
  }));
  const unmatched = (options.zero ?? []).filter((g) => ![...groupsOf.values()].some((x) => x.groups.includes(g)));
  if (unmatched.length > 0) {
    const known = [...new Set([...groupsOf.values()].flatMap((x) => x.defaults))];
    throw new UnknownGroupError(`'${unmatched.join("', '")}' names no trainable parameter of ${present.map((m) => m.name).join(' or ')} (groups: ${known.join(', ') || 'none'}; or any parameter name or scope)`);
  }
  const task = createTaskRunner(run.task);
  const result: Record<string, GradientReport & { step: number }> = {};
  try {
    for (const m of present) {
      await withCheckpointModel(dir, run, m, (model, step) => {
        const batch = task.trainBatch(step, batchSize, seed);
        let report: GradientReport;
        try {
          report = gradientReport(model, task, batch, groupsOf.get(m.name)!.groups, { seed: new Rng(seed).child('dropout').child(step).seed(), engine: run.train.engine ?? 'fused' });
        } finally {
          tf.dispose([batch.inputs, batch.targets]);
        }
        result[m.name] = { step, ...report };
        out.write(`[${m.name}] the batch of step ${step + 1} (batch ${batchSize}) from the checkpoint of step ${step}: loss ${report.loss.toFixed(4)}, gradient norm ${fmt(report.norm)}\n`);
        out.write(`  largest: ${report.parameters.slice(0, top).map((p) => `${p.name} ${fmt(p.norm)}`).join(', ')}\n`);
        for (const s of report.switchedOff) out.write(`  switched off ${s.group}: loss ${s.loss.toFixed(4)}, gradient norm ${fmt(s.norm)}\n`);
      }, create);
    }
  } finally {
    task.dispose();
  }
  return result;
}
