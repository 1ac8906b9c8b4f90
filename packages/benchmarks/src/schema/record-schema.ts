import { BENCH_MODELS, BENCH_MODES, BENCH_SIZES, SCHEMA_VERSION } from './bench-record.js';

/**
 * The subset of JSON Schema (draft 2020-12) that rimjs' schemas use and `validateRecord`
 * interprets: `type` (one or a list), `enum`, `const`, `minimum`, `minLength`, `properties`,
 * `required`, `additionalProperties`, `items`.
 */
export interface JsonSchema {
  $schema?: string;
  $id?: string;
  title?: string;
  description?: string;
  type?: JsonType | readonly JsonType[];
  enum?: readonly unknown[];
  const?: unknown;
  minimum?: number;
  minLength?: number;
  format?: string;
  properties?: Readonly<Record<string, JsonSchema>>;
  required?: readonly string[];
  additionalProperties?: boolean | JsonSchema;
  items?: JsonSchema;
}

/** JSON Schema type names. */
export type JsonType = 'object' | 'array' | 'string' | 'number' | 'integer' | 'boolean' | 'null';

const nonEmpty = (description: string): JsonSchema => ({ type: 'string', minLength: 1, description });
const count = (description: string, minimum = 0): JsonSchema => ({ type: 'integer', minimum, description });
const amount = (description: string): JsonSchema => ({ type: 'number', minimum: 0, description });

/**
 * JSON Schema of one {@link BenchRecord}. Stable within `schemaVersion` 1; unknown fields are
 * rejected, so a suite's extra config goes into `params`.
 *
 * @example
 * // Publish it beside the results, for any JSON Schema validator:
 * writeFileSync('bench-record.schema.json', JSON.stringify(BENCH_RECORD_SCHEMA, null, 2));
 */
export const BENCH_RECORD_SCHEMA = {
  $schema: 'https://json-schema.org/draft/2020-12/schema',
  $id: 'https://rimjs.dev/schemas/bench-record-v1.json',
  title: 'BenchRecord',
  description: 'One measurement: one case of one suite on one backend; times are for one run of `steps` steps.',
  type: 'object',
  properties: {
    suite: nonEmpty('Suite name'),
    caseId: nonEmpty('Case id, unique within the suite'),
    model: { enum: BENCH_MODELS, description: 'Model measured' },
    preset: nonEmpty('Model preset, or the part of the model measured'),
    task: nonEmpty('Task the sizes come from (copying, mnist, ...)'),
    size: { enum: BENCH_SIZES, description: 'paper or small sizes' },
    backend: nonEmpty('tfjs backend that ran it'),
    mode: { enum: BENCH_MODES, description: 'train (forward + backward) or infer (forward)' },
    batch: count('Sequences per run', 1),
    steps: count('Time steps per run', 1),
    warmup: count('Untimed warm-up runs'),
    runs: count('Timed runs', 1),
    seed: { type: 'integer', description: 'Seed the case was set up with' },
    msMedian: amount('Median ms of one run'),
    msMin: amount('Fastest run, ms'),
    msMax: amount('Slowest run, ms'),
    msAll: { type: 'array', items: amount('One run, ms'), description: 'Every timed run, ms' },
    msPerStep: amount('msMedian / steps'),
    seqPerSec: amount('batch * 1000 / msMedian'),
    peakRssBytes: count('Max process RSS sampled during the runs, bytes'),
    peakTfBytes: count('Max tf.memory().numBytes during the runs, bytes'),
    tensorsPerStep: amount('Tensors allocated per step'),
    leakedTensors: { type: 'integer', description: 'Tensors left behind (0 when nothing leaks)' },
    flopsPerStep: amount('FLOPs of one step for the whole batch (train = 3 x forward)'),
    gflops: amount('Achieved GFLOP/s'),
    params: {
      type: 'object',
      additionalProperties: { type: ['string', 'number', 'boolean'] },
      description: 'Config of the case echoed',
    },
    scaleAxis: nonEmpty('For scaling cases: the params entry that varies'),
  },
  required: [
    'suite', 'caseId', 'model', 'preset', 'task', 'size', 'backend', 'mode', 'batch', 'steps', 'warmup', 'runs',
    'seed', 'msMedian', 'msMin', 'msMax', 'msAll', 'msPerStep', 'seqPerSec', 'peakRssBytes', 'peakTfBytes',
    'tensorsPerStep', 'leakedTensors', 'flopsPerStep', 'gflops', 'params',
  ],
  additionalProperties: false,
} as const satisfies JsonSchema;

/** JSON Schema of the {@link MachineInfo} in a results file. */
export const MACHINE_INFO_SCHEMA = {
  type: 'object',
  properties: {
    os: { type: 'string' },
    platform: { type: 'string' },
    arch: { type: 'string' },
    cpuModel: { type: 'string' },
    cpuCount: count('Logical CPUs'),
    totalMemoryBytes: count('Total memory, bytes'),
    node: { type: 'string' },
    tfjs: { type: 'string' },
    backend: { type: 'string' },
  },
  required: ['os', 'platform', 'arch', 'cpuModel', 'cpuCount', 'totalMemoryBytes', 'node', 'tfjs', 'backend'],
  additionalProperties: false,
} as const satisfies JsonSchema;

/**
 * JSON Schema of a results file `{ schemaVersion: 1, createdAt, machine, run?, records, failures? }`.
 * Records are checked with {@link BENCH_RECORD_SCHEMA}.
 */
export const BENCH_RESULTS_SCHEMA = {
  $schema: 'https://json-schema.org/draft/2020-12/schema',
  $id: 'https://rimjs.dev/schemas/bench-results-v1.json',
  title: 'BenchResults',
  type: 'object',
  properties: {
    schemaVersion: { const: SCHEMA_VERSION },
    createdAt: { type: 'string', format: 'date-time', minLength: 1 },
    machine: MACHINE_INFO_SCHEMA,
    run: {
      type: 'object',
      properties: {
        quick: { type: 'boolean' },
        backends: { type: 'array', items: { type: 'string' } },
        suites: { type: 'array', items: { type: 'string' } },
        seed: { type: 'integer' },
      },
      required: ['quick', 'backends', 'suites', 'seed'],
      additionalProperties: false,
    },
    records: { type: 'array', items: BENCH_RECORD_SCHEMA },
    failures: {
      type: 'array',
      items: {
        type: 'object',
        properties: { suite: { type: 'string' }, caseId: { type: 'string' }, backend: { type: 'string' }, message: { type: 'string' } },
        required: ['suite', 'caseId', 'backend', 'message'],
        additionalProperties: false,
      },
    },
  },
  required: ['schemaVersion', 'createdAt', 'machine', 'records'],
  additionalProperties: false,
} as const satisfies JsonSchema;
