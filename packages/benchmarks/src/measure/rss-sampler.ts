/**
 * Samples `process.memoryUsage.rss()` on a timer and on demand, keeping the maximum. The timer
 * only fires while the event loop is free (between awaits), so callers also sample after each run.
 */
export class RssSampler {
  private peak = 0;
  private timer: ReturnType<typeof setInterval> | null = null;

  constructor(private readonly intervalMs: number) {}

  start(): this {
    this.sample();
    this.timer = setInterval(() => this.sample(), this.intervalMs);
    this.timer.unref();
    return this;
  }

  sample(): void {
    this.peak = Math.max(this.peak, process.memoryUsage.rss());
  }

  /** Stops the timer and returns the maximum RSS seen, bytes. */
  stop(): number {
    this.sample();
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
    return this.peak;
  }
}
