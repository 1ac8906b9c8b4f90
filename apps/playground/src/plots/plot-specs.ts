import type { TopLevelSpec } from 'vega-lite';

/** One point of a loss curve. */
export interface LossPoint {
  model: string;
  step: number;
  loss: number;
}

const SCHEMA = 'https://vega.github.io/schema/vega-lite/v6.json';

/** Training loss against step, one line per model (vega-lite). */
export function lossCurveSpec(points: LossPoint[]): TopLevelSpec {
  return {
    $schema: SCHEMA,
    width: 420,
    height: 220,
    data: { values: points },
    mark: { type: 'line', interpolate: 'monotone' },
    encoding: {
      x: { field: 'step', type: 'quantitative', title: 'step' },
      y: { field: 'loss', type: 'quantitative', title: 'loss (nats per step)', scale: { zero: false } },
      color: { field: 'model', type: 'nominal', title: null },
    },
  };
}

/** A units x time heat map of `[time][unit]` values (vega-lite rect marks); `domain` null: the data's range. */
export function unitsByTimeSpec(values: number[][], title: string, field: string, inputs: number[], domain: [number, number] | null = [0, 1]): TopLevelSpec {
  const cells = values.flatMap((row, t) => row.map((v, unit) => ({ t, unit, [field]: v, token: inputs[t] })));
  return {
    $schema: SCHEMA,
    title,
    width: { step: 12 },
    height: { step: 16 },
    data: { values: cells },
    mark: 'rect',
    encoding: {
      x: { field: 't', type: 'ordinal', title: 'time step (input token below)', axis: { labelExpr: 'datum.value % 5 == 0 ? datum.value : ""' } },
      y: { field: 'unit', type: 'ordinal', title: 'unit' },
      color: { field, type: 'quantitative', scale: domain ? { domain, scheme: 'blues' } : { scheme: 'blues', zero: false }, title: field },
      tooltip: [{ field: 't' }, { field: 'unit' }, { field: 'token' }, { field, format: '.3f' }],
    },
  };
}

/** The input attention of every unit at one step, as points (the axis spans the data, not 0..1). */
export function stepAttentionSpec(attention: number[], step: number, token: number): TopLevelSpec {
  return {
    $schema: SCHEMA,
    title: `step ${step} (input token ${token}): attention on the input, not the null slot`,
    width: 240,
    height: 140,
    data: { values: attention.map((a, unit) => ({ unit, a })) },
    mark: { type: 'point', filled: true, size: 80 },
    encoding: {
      x: { field: 'unit', type: 'ordinal' },
      y: { field: 'a', type: 'quantitative', scale: { zero: false }, title: 'attention on input' },
    },
  };
}

/** Rows of frames (e.g. truth, RIM, LSTM over a rollout), each frame `side x side` in [0, 1], as small heat maps. */
export function framesSpec(rows: Array<{ label: string; frames: number[][] }>, side: number, title: string): TopLevelSpec {
  const values = rows.flatMap(({ label, frames }) => frames.flatMap((frame, f) => frame.map((v, p) => ({ row: label, frame: f + 1, x: p % side, y: Math.floor(p / side), v }))));
  return {
    $schema: SCHEMA,
    title,
    data: { values },
    facet: { row: { field: 'row', type: 'nominal', title: null, sort: rows.map((r) => r.label) }, column: { field: 'frame', type: 'ordinal', title: 'predicted frame' } },
    spec: {
      width: side * 4,
      height: side * 4,
      mark: 'rect',
      encoding: {
        x: { field: 'x', type: 'ordinal', axis: null },
        y: { field: 'y', type: 'ordinal', axis: null },
        color: { field: 'v', type: 'quantitative', scale: { domain: [0, 1], scheme: 'greys' }, legend: null },
      },
    },
    spacing: 4,
  };
}
