import { SIGNAL_EXIT } from '@rimjs/runkit';

/**
 * SIGINT / SIGTERM as a flag: the training loop finishes the current step, writes a
 * checkpoint and the summary, and the CLI exits 130 / 143. A second signal (at least 1 s after
 * the first, so one Ctrl-C delivered twice counts once) exits at once; the last checkpoint
 * written is intact either way, as checkpoints are renamed into place.
 */
export class StopSignal {
  /** The signal received, or null. */
  requested: 'SIGINT' | 'SIGTERM' | null = null;
  private at = 0;
  private readonly handlers = new Map<NodeJS.Signals, () => void>();

  constructor(private readonly onFirst: (signal: 'SIGINT' | 'SIGTERM') => void = () => {}) {}

  install(): this {
    for (const s of ['SIGINT', 'SIGTERM'] as const) {
      const h = (): void => {
        if (this.requested === null) {
          this.requested = s;
          this.at = Date.now();
          this.onFirst(s);
        } else if (Date.now() - this.at > 1000) {
          process.exit(SIGNAL_EXIT[s]);
        }
      };
      this.handlers.set(s, h);
      process.on(s, h);
    }
    return this;
  }

  uninstall(): void {
    for (const [s, h] of this.handlers) process.off(s, h);
    this.handlers.clear();
  }
}
