import { SIGNAL_EXIT, type ChildRun } from './child-process.js';

/** The signal behind a job's exit code ({@link SIGNAL_EXIT} read backwards). */
const SIGNAL_OF_CODE: ReadonlyMap<number, 'SIGINT' | 'SIGTERM'> = new Map((['SIGINT', 'SIGTERM'] as const).map((s) => [SIGNAL_EXIT[s], s]));

/**
 * Runs jobs, at most `parallel` at once, in the order given: seeds of a trainer, models x seeds of
 * an experiment. `start(job)` begins one, as a child process ({@link ChildRun}, e.g. from
 * `spawnNodePrefixed`) or as work in this process (a promise of its exit code).
 *
 * Stopping: {@link JobPool.stop} starts no further job and passes the signal to every running
 * child (work in this process handles its own signals); after a job that exits 130 / 143 (SIGINT /
 * SIGTERM) no further job starts either, and the jobs still running go on. The caller wires `stop`
 * to its process signals.
 *
 * @example
 * const pool = new JobPool((seed: number) => spawnNodePrefixed([...args, '--seed', String(seed)], { cwd, prefix: `[seed-${seed}]`, out }));
 * process.on('SIGINT', () => pool.stop('SIGINT'));
 * const codes = await pool.run([1, 2, 3], 2); // [0, 0, 0] once all are done
 */
export class JobPool<J> {
  private signal: 'SIGINT' | 'SIGTERM' | null = null;
  private readonly kills = new Set<(signal: NodeJS.Signals) => void>();

  constructor(private readonly start: (job: J) => ChildRun | Promise<number>) {}

  /** The signal that stopped the pool, or null. */
  get stopped(): 'SIGINT' | 'SIGTERM' | null {
    return this.signal;
  }

  /** Starts no further job; every running child gets `signal`. */
  stop(signal: 'SIGINT' | 'SIGTERM'): void {
    this.signal ??= signal;
    for (const kill of this.kills) kill(signal);
  }

  /**
   * Runs `jobs` in order, at most `parallel` at once (at least one).
   * @returns the exit code of every job that started, in the order they finished.
   */
  async run(jobs: readonly J[], parallel: number): Promise<number[]> {
    const queue = [...jobs];
    const codes: number[] = [];
    const worker = async (): Promise<void> => {
      while (queue.length > 0 && this.signal === null) {
        const started = this.start(queue.shift()!);
        let code: number;
        if (started instanceof Promise) {
          code = await started;
        } else {
          this.kills.add(started.kill);
          try {
            code = await started.done;
          } finally {
            this.kills.delete(started.kill);
          }
        }
        codes.push(code);
        const signal = SIGNAL_OF_CODE.get(code);
        if (signal) this.signal ??= signal;
      }
    };
    await Promise.all(Array.from({ length: Math.max(1, Math.min(parallel, queue.length)) }, worker));
    return codes;
  }
}
