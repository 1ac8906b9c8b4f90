import { join } from 'node:path';
import { formatSummary, renderVegaLite, summarize, writeFileAtomic, writeJson } from '@rimjs/runkit';
import type { TopLevelSpec } from 'vega-lite';
import type { ExperimentResult, Mode, RunResult } from './experiment.js';
import { DECODER_CONVS } from './vae.js';

const MODES: readonly Mode[] = ['normal', 'enforced'];

function fmt(values: number[], digits = 3): string {
  return values.length > 1 ? formatSummary(summarize(values), digits) : values.length === 1 ? values[0]!.toFixed(digits) : 'n/a';
}

function sdrTable(runs: RunResult[], ds: string): string[] {
  const lines = [
    `| layer | stage | mode | median log10 rho | weighted mean abs log10 rho | share abs log10 rho > 0.1 | median log10 rho_j (per output) |`,
    '|---|---|---|---|---|---|---|',
  ];
  for (let l = 0; l < DECODER_CONVS.length; l++) {
    for (const stage of ['sdrInit', 'sdrTrained'] as const) {
      for (const mode of MODES) {
        const rs = runs.filter((r) => r.dataset === ds && r.mode === mode).map((r) => r[stage][l]!);
        if (rs.length === 0) continue;
        lines.push(
          `| ${DECODER_CONVS[l]} | ${stage === 'sdrInit' ? 'init' : 'trained'} | ${mode} | ${fmt(rs.map((s) => s.medianLog10))} | ${fmt(rs.map((s) => s.weightedAbsLog10))} | ${fmt(rs.map((s) => s.fractionFar))} | ${fmt(rs.map((s) => s.perOutputMedianLog10))} |`,
        );
      }
    }
  }
  return lines;
}

function scoreTable(runs: RunResult[], ds: string): string[] {
  const lines = ['| intervention | FD normal | FD enforced | FD increase normal | FD increase enforced | increase: enforced - normal, paired by seed | labels kept normal | labels kept enforced |', '|---|---|---|---|---|---|---|---|'];
  const pick = (mode: Mode) => runs.filter((r) => r.dataset === ds && r.mode === mode);
  lines.push(`| none | ${fmt(pick('normal').map((r) => r.base.fd))} | ${fmt(pick('enforced').map((r) => r.base.fd))} | 0 | 0 | 0 | 1 | 1 |`);
  const first = pick('normal')[0] ?? pick('enforced')[0];
  for (const [i, iv] of (first?.interventions ?? []).entries()) {
    const col = (mode: Mode, key: 'fd' | 'labelKept') => fmt(pick(mode).map((r) => r.interventions[i]![key]));
    const rise = (mode: Mode) => fmt(pick(mode).map((r) => r.interventions[i]!.fd - r.base.fd));
    const paired = pick('enforced').flatMap((e) => {
      const n = pick('normal').find((r) => r.seed === e.seed);
      return n ? [e.interventions[i]!.fd - e.base.fd - (n.interventions[i]!.fd - n.base.fd)] : [];
    });
    lines.push(`| ${iv.layer} ${iv.mode} x${iv.s} | ${col('normal', 'fd')} | ${col('enforced', 'fd')} | ${rise('normal')} | ${rise('enforced')} | ${fmt(paired)} | ${col('normal', 'labelKept')} | ${col('enforced', 'labelKept')} |`);
  }
  const other = (mode: Mode) => fmt(pick(mode).map((r) => r.testNelbo), 1);
  lines.push('', `Test negative ELBO (nats per image, 500 test images): normal ${other('normal')}, enforced ${other('enforced')}.`);
  lines.push(`Training wall time per run (s): normal ${fmt(pick('normal').map((r) => r.trainSec), 0)}, enforced ${fmt(pick('enforced').map((r) => r.trainSec), 0)}.`);
  return lines;
}

/** The histogram of per-pair log10 rho, per layer, init vs trained, normal vs enforced (all seeds pooled). */
function histogramSpec(runs: RunResult[], ds: string): TopLevelSpec {
  const values: Array<Record<string, string | number>> = [];
  for (const r of runs.filter((x) => x.dataset === ds)) {
    for (const stage of ['sdrInit', 'sdrTrained'] as const) {
      for (const s of r[stage]) for (const v of s.log10) values.push({ layer: s.layer, run: `${r.mode} ${stage === 'sdrInit' ? 'init' : 'trained'}`, log10rho: Math.max(-1.5, Math.min(1.5, v)) });
    }
  }
  return {
    $schema: 'https://vega.github.io/schema/vega-lite/v5.json',
    title: `${ds}: per-channel-pair log10 SDR of the decoder convs (seeds pooled, clipped to +-1.5)`,
    data: { values },
    mark: 'bar',
    encoding: {
      x: { field: 'log10rho', type: 'quantitative', bin: { maxbins: 30 }, title: 'log10 rho_ij' },
      y: { aggregate: 'count', type: 'quantitative', stack: null },
      color: { field: 'run', type: 'nominal' },
      opacity: { value: 0.55 },
      column: { field: 'layer', type: 'nominal' },
    },
    width: 220,
    height: 160,
  } as TopLevelSpec;
}

/** Writes `report.md`, `results.json` and one SVG histogram per data set into `out`. */
export async function writeReport(result: ExperimentResult, out: string, command: string, wallSec: number): Promise<string> {
  const { preset, runs, classifiers } = result;
  writeJson(join(out, 'results.json'), result);
  const lines = [
    `# Independence of a VAE decoder's layers: preset '${preset.name}'`,
    '',
    `Command: \`${command}\`; wall time of this invocation ${(wallSec / 60).toFixed(1)} min (finished runs are read back, not redone); VAE training time summed over all runs ${(runs.reduce((a, r) => a + r.trainSec, 0) / 60).toFixed(1)} min.`,
    `Scale: ${preset.trainImages} training images, ${preset.vaeSteps} VAE steps and ${preset.classifierSteps} classifier steps of batch ${preset.batch}, decoder channels [${preset.channels.join(', ')}], lambda ${preset.lambda} after ${100 * preset.warmup}% warm-up, seeds ${preset.seeds.join(', ')}, ${preset.evalLatents} prior samples per score. Values: mean ± std over seeds (n = seeds); a normal and an enforced run of the same seed share initial weights and batches.`,
    '',
  ];
  for (const ds of preset.datasets) {
    const c = classifiers[ds]!;
    const svg = `sdr-hist-${ds}.svg`;
    writeFileAtomic(join(out, svg), await renderVegaLite(histogramSpec(runs, ds)));
    lines.push(`## ${ds}`, '', `Classifier test accuracy ${(100 * c.accuracy).toFixed(1)}%; FD between real train and real test images ${c.realFdSplit.toFixed(3)} (the floor).`, '');
    lines.push('### SDR per decoder conv', '', ...sdrTable(runs, ds), '', `![histogram](${svg})`, '');
    lines.push('### Score after interventions (Frechet distance of classifier features to real test images; lower is better)', '', ...scoreTable(runs, ds), '');
    const id = `${ds}-normal-s${preset.seeds[0]}`;
    const ide = `${ds}-enforced-s${preset.seeds[0]}`;
    lines.push(`Samples (seed ${preset.seeds[0]}): normal ![](grids/${id}-samples.png) enforced ![](grids/${ide}-samples.png); interventions in \`grids/\`.`, '');
  }
  const text = lines.join('\n');
  writeFileAtomic(join(out, 'report.md'), text);
  return text;
}
