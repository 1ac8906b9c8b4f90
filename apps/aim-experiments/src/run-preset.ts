import { join } from 'node:path';
import { readJsonIfExists, type Progress } from '@rimjs/runkit';
import { continualExperiment, type ContinualResult } from './continual-experiment.js';
import { fewshotExperiment, type FewshotResult } from './fewshot-experiment.js';
import { PRESETS, type PresetName } from './presets.js';
import { writeReport } from './report.js';

/** Runs a preset into `out` and rewrites the report from every result found there (both experiments). */
export async function runPreset(
  name: PresetName,
  { out, resume, seeds, progress, command }: { out: string; resume: boolean; seeds?: number[]; progress: Progress; command: string },
): Promise<string> {
  const base = PRESETS[name];
  const preset = seeds ? { ...base, seeds } : base;
  const t0 = performance.now();
  if (preset.kind === 'fewshot') await fewshotExperiment(preset, out, resume, progress);
  else await continualExperiment(preset, out, resume, progress);
  const read = <T>(file: string): T[] => Object.values(readJsonIfExists<Record<string, T>>(join(out, file)) ?? {});
  const header = `Last command: \`experiment ${command}\` (preset ${name}, seeds ${preset.seeds.join(', ')}), ${((performance.now() - t0) / 1000).toFixed(0)} s.`;
  return writeReport(out, read<FewshotResult>('fewshot-results.json'), read<ContinualResult>('continual-results.json'), header);
}
