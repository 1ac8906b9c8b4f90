import type { BenchMode, BenchModel, BenchSize, ParamValue } from '../schema/bench-record.js';

/** What a case's `setup` receives. */
export interface BenchContext {
  /** The backend now active (as started by `initBackend`). */
  backend: string;
  /** Seed for every random tensor of the case (derive sub-seeds with `new Rng(seed).child(...)`). */
  seed: number;
  /** Whether this is a quick run. */
  quick: boolean;
}

/** A set-up case, ready to be timed. */
export interface BenchInstance {
  /**
   * One unit of work: `steps` steps over `batch` sequences, its results read back
   * (`await t.data()`) and every tensor it made disposed. Timed by `measure`.
   */
  run(): Promise<void>;
  /** Frees what `setup` made (weights, inputs). Called once, after the last run. */
  dispose(): void;
  /** Config known only after setup (e.g. the strategy picked for the backend), merged into `params`. */
  params?: Record<string, ParamValue>;
}

/**
 * One measurement to make: data describing it, and a `setup` that builds it on the active backend.
 * The harness times `run()` and fills in the rest of the {@link BenchRecord}.
 */
export interface BenchCase {
  /** Unique within the suite, e.g. `rim-copying-train-b64`. */
  id: string;
  model: BenchModel;
  preset: string;
  task: string;
  size: BenchSize;
  mode: BenchMode;
  /** Sequences per run. */
  batch: number;
  /** Time steps per run. */
  steps: number;
  /** FLOPs of one step for the whole batch, from the shapes (see `lstmCellFlops`, `trainFlops`, ...). */
  flopsPerStep: number;
  /** Config echoed into the record's `params`. */
  params?: Record<string, ParamValue>;
  /** For scaling cases: which `params` entry varies. */
  scaleAxis?: string;
  /** `quick` (default): runs in quick and full runs; `full`: only in full runs. */
  tier?: 'quick' | 'full';
  /** Warm-up runs for this case, overriding the quick/full default. */
  warmup?: number;
  /** Timed runs for this case, overriding the quick/full default. */
  runs?: number;
  /** Builds the case on the active backend. */
  setup(context: BenchContext): Promise<BenchInstance> | BenchInstance;
}

/** A named list of cases: `pnpm bench --suite <name>`. */
export interface Suite {
  name: string;
  /** One line shown by `--list` and in the report. */
  description?: string;
  cases: readonly BenchCase[];
}

/** Warm-up and timed runs per case in quick and full runs (a case or the caller may override). */
export const DEFAULT_RUNS = {
  quick: { warmup: 1, runs: 5 },
  full: { warmup: 3, runs: 20 },
} as const;
