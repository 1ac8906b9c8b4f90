import { appendFileSync, existsSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

/** One line of `metrics.jsonl`. `step` counts optimizer steps done. */
export type MetricsEntry =
  /** After each optimizer step: the batch's training loss, the gradient norm before clipping and the learning rate of the update (absent in runs from before schedules). */
  | { type: 'train'; step: number; loss: number; gradNorm: number; lr?: number; elapsedSec: number }
  /** An evaluation: `periodic` every `evalEvery` steps (`evalSize` examples), `final` at the end (`finalEvalSize`). */
  | { type: 'eval'; step: number; phase: 'periodic' | 'final'; metrics: Record<string, number>; elapsedSec: number }
  /** The run continued from a checkpoint at `step`. */
  | { type: 'resume'; step: number; elapsedSec: number }
  /** Training stopped early: `SIGINT`, `SIGTERM`, or a non-finite loss (`numeric`). */
  | { type: 'stop'; step: number; reason: string; elapsedSec: number };

/** The files of a model folder. */
export const METRICS_JSONL = 'metrics.jsonl';
export const METRICS_CSV = 'metrics.csv';
const CSV_HEADER = 'type,step,name,value\n';

function csvRows(e: MetricsEntry): string {
  switch (e.type) {
    case 'train':
      return `train,${e.step},loss,${e.loss}\ntrain,${e.step},gradNorm,${e.gradNorm}\n${e.lr === undefined ? '' : `train,${e.step},lr,${e.lr}\n`}`;
    case 'eval':
      return Object.entries(e.metrics).map(([k, v]) => `eval,${e.step},${k},${v}\n`).join('');
    default:
      return '';
  }
}

/** Reads `metrics.jsonl`, skipping a torn last line (a kill mid-write). */
export function readMetrics(dir: string): MetricsEntry[] {
  const path = join(dir, METRICS_JSONL);
  if (!existsSync(path)) return [];
  const out: MetricsEntry[] = [];
  for (const line of readFileSync(path, 'utf8').split('\n')) {
    if (line.trim() === '') continue;
    try {
      out.push(JSON.parse(line) as MetricsEntry);
    } catch {
      // a line cut by a kill: ignore it
    }
  }
  return out;
}

function replace(path: string, text: string): void {
  writeFileSync(`${path}.tmp`, text);
  renameSync(`${path}.tmp`, path);
}

/**
 * The metrics of one model: JSON lines (`metrics.jsonl`, one {@link MetricsEntry} each) and the
 * same numbers as CSV in long form (`metrics.csv`: `type,step,name,value`). Appends are
 * synchronous, so a line is on disk before the next step starts.
 */
export class MetricsLog {
  private constructor(private readonly dir: string) {}

  /**
   * Opens the log of a model folder for a run that starts at `fromStep`: 0 starts both files
   * afresh; otherwise entries after `fromStep` (written after the checkpoint a resume starts
   * from) are dropped, so the log continues exactly where the checkpoint stands.
   */
  static open(dir: string, fromStep: number): MetricsLog {
    const kept = fromStep === 0 ? [] : readMetrics(dir).filter((e) => e.step <= fromStep && !(e.type === 'eval' && e.phase === 'final'));
    replace(join(dir, METRICS_JSONL), kept.map((e) => `${JSON.stringify(e)}\n`).join(''));
    replace(join(dir, METRICS_CSV), CSV_HEADER + kept.map(csvRows).join(''));
    return new MetricsLog(dir);
  }

  append(entry: MetricsEntry): void {
    appendFileSync(join(this.dir, METRICS_JSONL), `${JSON.stringify(entry)}\n`);
    const rows = csvRows(entry);
    if (rows) appendFileSync(join(this.dir, METRICS_CSV), rows);
  }
}
