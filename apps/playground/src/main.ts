import * as tf from '@tensorflow/tfjs-core';
import embed from 'vega-embed';
import type { TopLevelSpec } from 'vega-lite';
import { pickBackend, PAGE_BACKENDS, type PageBackend } from './backend/pick-backend.js';
import { lossCurveSpec, stepAttentionSpec, unitsByTimeSpec, type LossPoint } from './plots/plot-specs.js';
import { ModelRun, type ExampleView, type PlaygroundModel } from './session/model-run.js';
import { resolvePlaygroundConfig, type PlaygroundConfig } from './session/playground-config.js';
import { encodeWeights, loadWeights } from './session/weights-file.js';

// URL options: ?backend=wasm|webgl|webgpu|cpu forces a backend, ?steps=N stops after N steps per model,
// ?autostart=1 starts training at once (the browser test uses all three).
const url = new URLSearchParams(location.search);
const forced = url.get('backend');
const maxSteps = Number(url.get('steps') ?? Infinity);
const $ = <T extends HTMLElement>(sel: string): T => document.querySelector<T>(sel)!;
const MODELS: PlaygroundModel[] = ['rim', 'lstm'];

const state = {
  backend: '',
  running: false,
  runs: new Map<PlaygroundModel, ModelRun>(),
  losses: [] as LossPoint[],
  stepMs: new Map<PlaygroundModel, number>(),
  view: null as ExampleView | null,
  rendered: 0,
};

function showError(message: string | null): void {
  const el = $('#error');
  el.hidden = message === null;
  el.textContent = message ?? '';
}

function status(message: string): void {
  $('#status').textContent = message;
}

async function draw(id: string, spec: TopLevelSpec): Promise<void> {
  await embed(`#${id}`, spec, { actions: false, renderer: 'svg' });
}

function readConfig(): PlaygroundConfig {
  const num = (id: string): number => Number($<HTMLInputElement>(`#${id}`).value);
  return resolvePlaygroundConfig({ units: num('units'), topK: num('topK'), hidden: num('hidden'), lr: num('lr') });
}

function restart(): void {
  for (const run of state.runs.values()) run.dispose();
  state.runs.clear();
  state.losses = [];
  state.view = null;
  const config = readConfig();
  for (const m of MODELS) state.runs.set(m, new ModelRun(m, config));
  const time = config.delay + 2 * config.symbols;
  $<HTMLInputElement>('#step').max = String(time - 1);
  updateStats();
}

function panel(m: PlaygroundModel, field: string): HTMLElement {
  return $(`.model[data-model='${m}'] .${field}`);
}

function updateStats(): void {
  for (const [m, run] of state.runs) {
    const last = state.losses.filter((p) => p.model === m.toUpperCase()).at(-1);
    panel(m, 'steps').textContent = String(run.steps);
    panel(m, 'loss').textContent = last ? last.loss.toFixed(3) : '–';
    const ms = state.stepMs.get(m);
    panel(m, 'rate').textContent = ms ? (1000 / ms).toFixed(1) : '–';
  }
}

async function renderPlots(): Promise<void> {
  if (state.losses.length > 0) await draw('loss-curve', lossCurveSpec(state.losses));
  const rim = state.runs.get('rim')!;
  state.view = rim.view();
  for (const [m, run] of state.runs) panel(m, 'acc').textContent = `${(100 * run.copyAccuracy()).toFixed(0)}%`;
  if (state.view) {
    await draw('activity', unitsByTimeSpec(state.view.active, 'RIM units active at each step (dark: active)', 'active', state.view.inputs));
    await draw('attention-map', unitsByTimeSpec(state.view.attention, 'RIM input attention on the input (colour range: the data\'s)', 'attention', state.view.inputs, null));
    await renderStepAttention();
  }
  state.rendered += 1;
}

async function renderStepAttention(): Promise<void> {
  if (!state.view) return;
  const t = Number($<HTMLInputElement>('#step').value);
  await draw('step-attention', stepAttentionSpec(state.view.attention[t] ?? [], t, state.view.inputs[t] ?? 0));
}

async function trainLoop(): Promise<void> {
  while (state.running) {
    for (const [m, run] of state.runs) {
      const t0 = performance.now();
      const loss = run.step();
      const ms = performance.now() - t0;
      state.stepMs.set(m, state.stepMs.has(m) ? 0.8 * state.stepMs.get(m)! + 0.2 * ms : ms);
      state.losses.push({ model: m.toUpperCase(), step: run.steps, loss });
    }
    updateStats();
    const steps = state.runs.get('rim')!.steps;
    if (steps % 10 === 0) await renderPlots();
    if (steps >= maxSteps) {
      state.running = false;
      await renderPlots();
      status(`done: ${steps} steps`);
      $('#start').textContent = 'start';
      return;
    }
    await new Promise((r) => setTimeout(r, 0)); // let the page breathe
  }
}

function toggle(): void {
  state.running = !state.running;
  $('#start').textContent = state.running ? 'pause' : 'start';
  status(state.running ? 'training…' : 'paused');
  if (state.running) void trainLoop().catch((e: Error) => showError(`training stopped: ${e.message}`));
}

async function download(m: PlaygroundModel): Promise<void> {
  const run = state.runs.get(m)!;
  const bytes = await encodeWeights(run);
  const a = document.createElement('a');
  a.href = URL.createObjectURL(new Blob([bytes as BlobPart], { type: 'application/octet-stream' }));
  a.download = `${m}-step${run.steps}.safetensors`;
  a.click();
  setTimeout(() => URL.revokeObjectURL(a.href), 10_000);
}

async function load(m: PlaygroundModel, input: HTMLInputElement): Promise<void> {
  const file = input.files?.[0];
  input.value = '';
  if (!file) return;
  try {
    const steps = loadWeights(state.runs.get(m)!, new Uint8Array(await file.arrayBuffer()), file.name);
    showError(null);
    status(`loaded ${file.name} into the ${m.toUpperCase()} (trained ${steps} steps)`);
    await renderPlots();
  } catch (e) {
    showError(`Refused ${file.name}: ${(e as Error).message}`);
  }
}

async function main(): Promise<void> {
  const only = forced && (PAGE_BACKENDS as readonly string[]).includes(forced) ? (forced as PageBackend) : undefined;
  const picked = await pickBackend(only);
  state.backend = picked.name;
  $('#backend').textContent = picked.label;
  $('#backend').title = picked.tried.join('\n');
  restart();
  await renderPlots();
  for (const id of ['#start', '#reset']) $<HTMLButtonElement>(id).disabled = false;
  $('#start').addEventListener('click', toggle);
  $('#reset').addEventListener('click', () => {
    try {
      state.running = false;
      restart();
      showError(null);
      void renderPlots();
    } catch (e) {
      showError((e as Error).message);
    }
  });
  $('#step').addEventListener('input', () => void renderStepAttention());
  for (const m of MODELS) {
    $(`#download-${m}`).addEventListener('click', () => void download(m));
    $(`#load-${m}`).addEventListener('change', (ev) => void load(m, ev.target as HTMLInputElement));
  }
  status('ready');
  if (url.get('autostart') === '1') toggle();
}

/** What the browser test reads. */
declare global {
  interface Window {
    rimjsPlayground: { backend: () => string; losses: () => LossPoint[]; stepsPerSecond: () => Record<string, number>; rendered: () => number; tensors: () => number };
  }
}
window.rimjsPlayground = {
  backend: () => state.backend,
  losses: () => state.losses,
  stepsPerSecond: () => Object.fromEntries([...state.stepMs].map(([m, ms]) => [m, 1000 / ms])),
  rendered: () => state.rendered,
  tensors: () => tf.memory().numTensors,
};

main().catch((e: Error) => showError(`The playground could not start: ${e.message}`));
