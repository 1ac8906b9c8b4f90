import { formatTable } from '../log/format-table.js';
import { ownEmbeddingDropout } from './build-model-config.js';
import type { ModelSizes, Preset, TrainSettings } from './preset-types.js';
import { PRESETS, PRESET_NAMES } from './presets.js';

function task(p: Preset): string {
  const t = p.task;
  switch (t.kind) {
    case 'copying':
      return `copying T ${t.trainDelayMin === undefined ? '' : `${t.trainDelayMin}-`}${t.trainDelay} -> ${t.testDelay}${t.numSymbols !== 10 || t.symbolRange !== 8 ? ` (${t.numSymbols} symbols of ${t.symbolRange})` : ''}`;
    case 'adding':
      return `adding ${t.trainLength} -> ${t.testLength}`;
    case 'mnist':
      return `MNIST ${t.trainSide} -> ${t.testSides.filter((s) => s !== t.trainSide).join('/')}`;
  }
}

/** `0.002`, or with a schedule `0.002 cosine, warm-up 100` or `0.003 wsd 1000`. */
function lrText(t: TrainSettings): string {
  const schedule = t.lrSchedule !== undefined && t.lrSchedule !== 'constant' ? ` ${t.lrSchedule}${t.lrSchedule === 'wsd' ? ` ${t.decaySteps}` : ''}` : '';
  const warmup = t.warmupSteps ? `${schedule ? ',' : ''} warm-up ${t.warmupSteps}` : '';
  return `${t.lr}${schedule}${warmup}`;
}

/** `0.5`, or `0.5 (embedding 0)` when the embedding has its own rate. */
function dropoutText(s: ModelSizes): string {
  const embedding = ownEmbeddingDropout(s);
  return embedding === null ? String(s.dropout) : `${s.dropout} (embedding ${embedding})`;
}

/**
 * The presets as a Markdown table with their exact sizes (`pnpm train presets` prints it; the
 * README holds a copy that a test keeps current).
 */
export function presetsTable(): string {
  const rows = PRESET_NAMES.map((name) => {
    const p = PRESETS[name]!;
    const s = p.sizes;
    const t = p.train;
    return [
      `\`${name}\``,
      task(p),
      p.models.join(', '),
      `${s.units} x ${s.hidden}, top ${s.topK}${s.cell === 'paper' ? ', paper cell' : ''}`,
      String(s.baselineHidden ?? s.units * s.hidden),
      String(s.embedding),
      dropoutText(s),
      s.attentionDropout === null ? 'preset' : String(s.attentionDropout),
      String(s.forgetBias),
      s.initStd === null ? 'preset' : String(s.initStd),
      String(t.steps),
      String(t.batchSize),
      lrText(t),
      String(t.clip),
      `${t.evalEvery} / ${t.evalSize} / ${t.finalEvalSize}`,
      t.backend,
    ];
  });
  return formatTable(['preset', 'task', 'models', 'RIM', 'LSTM / GRU', 'embedding', 'dropout', 'attn dropout', 'forget bias', 'init std', 'steps', 'batch', 'lr', 'clip', 'eval every / size / final', 'backend'], rows);
}
