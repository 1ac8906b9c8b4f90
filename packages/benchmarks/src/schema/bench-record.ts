/**
 * The stable result types of `@rimjs/benchmarks`. A results file is a {@link BenchResults}; each
 * measurement is one {@link BenchRecord}. `BENCH_RECORD_SCHEMA` (record-schema.ts) is the same
 * contract as a JSON Schema, and `validateRecord` checks it.
 */

/** Models a record may name. */
export const BENCH_MODELS = ['rim', 'lstm', 'gru', 'tim', 'transformer'] as const;
/** `rim` | `lstm` | `gru` | `tim` | `transformer`. */
export type BenchModel = (typeof BENCH_MODELS)[number];

/** `paper`: the sizes of the paper's experiment; `small`: a scaled-down variant. */
export const BENCH_SIZES = ['paper', 'small'] as const;
/** `paper` | `small`. */
export type BenchSize = (typeof BENCH_SIZES)[number];

/** `train`: forward + backward (gradients read back); `infer`: forward only. */
export const BENCH_MODES = ['train', 'infer'] as const;
/** `train` | `infer`. */
export type BenchMode = (typeof BENCH_MODES)[number];

/** A config value echoed in a record's `params`. */
export type ParamValue = string | number | boolean;

/** The version of the results-file format this package writes and reads. */
export const SCHEMA_VERSION = 1;

/**
 * One measurement: one case of one suite on one backend. Times are for one `run()` of the case,
 * which covers `steps` time steps of a `batch` of sequences, result read back included.
 */
export interface BenchRecord {
  /** The suite's name, e.g. `speed`, `scaling`, `groupLinear`. */
  suite: string;
  /** The case's id, unique within its suite. */
  caseId: string;
  /** The model measured. */
  model: BenchModel;
  /** The model preset (or, for a primitive, the part of the model) measured. */
  preset: string;
  /** The task the sizes come from: `copying`, `mnist`, ... */
  task: string;
  /** `paper` or `small` sizes. */
  size: BenchSize;
  /** The tfjs backend that ran it: `cpu`, `wasm`, `tensorflow`, `webgpu`, ... */
  backend: string;
  /** `train` (forward + backward) or `infer` (forward). */
  mode: BenchMode;
  /** Sequences per run. */
  batch: number;
  /** Time steps per run. */
  steps: number;
  /** Untimed warm-up runs before the timed ones. */
  warmup: number;
  /** Timed runs. */
  runs: number;
  /** The seed the case was set up with. */
  seed: number;
  /** Median ms of one run. */
  msMedian: number;
  /** Fastest run, ms. */
  msMin: number;
  /** Slowest run, ms. */
  msMax: number;
  /** Every timed run, ms, in order. */
  msAll: number[];
  /** `msMedian / steps`. */
  msPerStep: number;
  /** Sequences per second: `batch * 1000 / msMedian`. */
  seqPerSec: number;
  /** Max process RSS sampled during the timed runs, bytes. */
  peakRssBytes: number;
  /** Max `tf.memory().numBytes` during the runs (weights included), bytes. */
  peakTfBytes: number;
  /** Tensors allocated (and disposed) per step: allocations of one run / `steps`. */
  tensorsPerStep: number;
  /** Tensors left behind by the case (0 when nothing leaks). */
  leakedTensors: number;
  /** FLOPs of one step for the whole batch, counted from the shapes (train = 3 x forward). */
  flopsPerStep: number;
  /** Achieved GFLOP/s: `flopsPerStep * steps / (msMedian / 1000) / 1e9`. */
  gflops: number;
  /** The case's config echoed: sizes, heads, strategy, ... */
  params: Record<string, ParamValue>;
  /** For scaling cases: the name of the `params` entry that varies (the x axis). */
  scaleAxis?: string;
}

/** The machine a results file was measured on (see `machineInfo`). */
export interface MachineInfo {
  /** `os.type() os.release()`, e.g. `Linux 6.8.0`. */
  os: string;
  /** `process.platform`. */
  platform: string;
  /** `process.arch`. */
  arch: string;
  /** The first CPU's model string. */
  cpuModel: string;
  /** Logical CPUs. */
  cpuCount: number;
  /** Total memory, bytes. */
  totalMemoryBytes: number;
  /** `process.version`. */
  node: string;
  /** The version of `@tensorflow/tfjs-core`. */
  tfjs: string;
  /** The tfjs backend active when the info was taken. */
  backend: string;
}

/** A case that threw instead of producing a record. */
export interface BenchFailure {
  suite: string;
  /** The case's id, or `*` when the backend itself could not start. */
  caseId: string;
  backend: string;
  message: string;
}

/** How the results were produced, echoed in the file. */
export interface BenchRunInfo {
  /** Quick (fewer runs, quick-tier cases) or full. */
  quick: boolean;
  /** Backends asked for. */
  backends: string[];
  /** Suites run. */
  suites: string[];
  /** The seed passed to every case's setup. */
  seed: number;
}

/** A results file, as written to `results.json`. */
export interface BenchResults {
  /** Always {@link SCHEMA_VERSION} (1). */
  schemaVersion: typeof SCHEMA_VERSION;
  /** ISO 8601 time the results were created. */
  createdAt: string;
  machine: MachineInfo;
  run?: BenchRunInfo;
  records: BenchRecord[];
  failures?: BenchFailure[];
}
