import * as tf from '@tensorflow/tfjs-core';
import embed from 'vega-embed';
import type { TopLevelSpec } from 'vega-lite';
import { pickBackend, PAGE_BACKENDS, type PageBackend } from './backend/pick-backend.js';
import { framesSpec, lossCurveSpec, stepAttentionSpec, unitsByTimeSpec, type LossPoint } from './plots/plot-specs.js';
import { ModelRun, type ExampleView } from './session/model-run.js';
import { PLAYGROUND_TASKS, type PlaygroundModel, type PlaygroundTask, type TaskRun } from './session/task-run.js';
import { BALLS, VideoRun } from './session/video-run.js';
import { resolvePlaygroundConfig, type PlaygroundConfig } from './session/playground-config.js';
import { encodeWeights, loadWeights } from './session/weights-file.js';

// URL options: ?backend=wasm|webgl|webgpu|cpu forces a backend, ?task=copying|balls picks the task,
// ?steps=N stops after N steps per model, ?autostart=1 starts training at once (the browser test uses them).
const url = new URLSearchParams(location.search);
const forced = url.get('backend');
const maxSteps = Number(url.get('steps') ?? Infinity);
const $ = <T extends HTMLElement>(sel: string): T => document.querySelector<T>(sel)!;
const MODELS: PlaygroundModel[] = ['rim', 'lstm'];

const state = {
  backend: '',
  running: false,
  task: 'copying' as PlaygroundTask,
  runs: new Map<PlaygroundModel, TaskRun>(),
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
  state.task = $<HTMLSelectElement>('#task').value as PlaygroundTask;
  for (const m of MODELS) state.runs.set(m, state.task === 'balls' ? new VideoRun(m, config) : new ModelRun(m, config));
  const time = config.delay + 2 * config.symbols;
  $<HTMLInputElement>('#step').max = String(time - 1);
  $('#step-panel').hidden = state.task !== 'copying';
  for (const id of ['#activity', '#attention-map', '#step-attention']) $(id).replaceChildren();
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
  for (const [m, run] of state.runs) {
    const { value, label } = run.score();
    panel(m, 'acc').textContent = run.task === 'copying' ? `${(100 * value).toFixed(0)}%` : value.toFixed(1);
    panel(m, 'acc-label').textContent = label;
  }
  if (state.task === 'balls') await renderBalls();
  else await renderCopying();
  state.rendered += 1;
}

async function renderCopying(): Promise<void> {
  state.view = (state.runs.get('rim') as ModelRun).view();
  if (!state.view) return;
  await draw('activity', unitsByTimeSpec(state.view.active, 'RIM units active at each step (dark: active)', 'active', state.view.inputs));
  await draw('attention-map', unitsByTimeSpec(state.view.attention, 'RIM input attention on the input (colour range: the data\'s)', 'attention', state.view.inputs, null));
  await renderStepAttention();
}

async function renderBalls(): Promise<void> {
  const rim = (state.runs.get('rim') as VideoRun).view();
  const lstm = (state.runs.get('lstm') as VideoRun).view();
  const title = `after ${BALLS.observe} frames, each model predicts from its own predictions`;
  await draw('activity', framesSpec([{ label: 'truth', frames: rim.truth }, { label: 'RIM', frames: rim.predicted }, { label: 'LSTM', frames: lstm.predicted }], BALLS.side, title));
  const inputs = Array.from({ length: BALLS.frames }, (_, t) => t);
  if (rim.active) await draw('attention-map', unitsByTimeSpec(rim.active, `RIM units active over the rollout (steps 0-${BALLS.observe - 1} read frames)`, 'active', inputs));
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
  const task = url.get('task');
  if (task && (PLAYGROUND_TASKS as readonly string[]).includes(task)) $<HTMLSelectElement>('#task').value = task;
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
  $('#task').addEventListener('change', () => $<HTMLButtonElement>('#reset').click());
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
