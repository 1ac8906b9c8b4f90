import cliProgress from 'cli-progress';

/** What the training loop reports to; a bar on a terminal, plain lines otherwise. */
export interface Progress {
  /** A model starts (or resumes) at `from` of `total` steps. */
  start(model: string, from: number, total: number): void;
  /** A step is done. */
  tick(step: number, loss: number): void;
  /** A message that must not be torn by the bar (evaluations, checkpoints, warnings). */
  log(line: string): void;
  stop(): void;
}

function duration(sec: number): string {
  if (!Number.isFinite(sec)) return '?';
  const s = Math.round(sec);
  if (s < 60) return `${s}s`;
  if (s < 3600) return `${Math.floor(s / 60)}m${String(s % 60).padStart(2, '0')}s`;
  return `${Math.floor(s / 3600)}h${String(Math.floor((s % 3600) / 60)).padStart(2, '0')}m`;
}

/** Steps per second over the last `window` steps. */
class Rate {
  private readonly times: number[] = [];
  constructor(private readonly window = 20) {}
  push(t: number): number {
    this.times.push(t);
    if (this.times.length > this.window + 1) this.times.shift();
    const n = this.times.length - 1;
    return n > 0 ? (1000 * n) / (this.times[n]! - this.times[0]!) : 0;
  }
  reset(t: number): void {
    this.times.length = 0;
    this.times.push(t);
  }
}

/**
 * A progress reporter. With a terminal and not `quiet`: a `cli-progress` bar on stderr with
 * step, loss, steps/s and ETA. Otherwise (`--quiet`, pipes, CI): a line on stdout every
 * `logEvery` steps, `[rim] step 50/1500 loss 0.2345 | 3.1 steps/s | ETA 5m07s`.
 */
export function createProgress({ quiet, logEvery, out = process.stdout, err = process.stderr }: {
  quiet: boolean;
  logEvery: number;
  out?: NodeJS.WritableStream & { isTTY?: boolean };
  err?: NodeJS.WritableStream & { isTTY?: boolean };
}): Progress {
  const rate = new Rate();
  let model = '';
  let total = 0;
  let lastLine = 0;
  if (quiet || !err.isTTY) {
    return {
      start(name, from, steps) {
        model = name;
        total = steps;
        lastLine = from;
        rate.reset(performance.now());
        out.write(`[${model}] ${from > 0 ? `resuming at step ${from}` : 'starting'} of ${steps}\n`);
      },
      tick(step, loss) {
        const r = rate.push(performance.now());
        if (step - lastLine >= logEvery || step === total) {
          lastLine = step;
          out.write(`[${model}] step ${step}/${total} loss ${loss.toFixed(4)} | ${r.toFixed(1)} steps/s | ETA ${duration((total - step) / r)}\n`);
        }
      },
      log(line) {
        out.write(`${line}\n`);
      },
      stop() {},
    };
  }
  const bars = new cliProgress.MultiBar(
    {
      stream: err,
      format: '{model} |{bar}| {value}/{total} | loss {loss} | {rate} steps/s | ETA {eta}',
      hideCursor: true,
      barsize: 20,
      clearOnComplete: false,
      etaBuffer: 50,
    },
    cliProgress.Presets.shades_classic,
  );
  let bar: cliProgress.SingleBar | null = null;
  return {
    start(name, from, steps) {
      model = name;
      total = steps;
      rate.reset(performance.now());
      bar = bars.create(steps, from, { model: name.padEnd(4), loss: '-', rate: '-', eta: '?' });
    },
    tick(step, loss) {
      const r = rate.push(performance.now());
      bar?.update(step, { loss: loss.toFixed(4), rate: r.toFixed(1), eta: duration((total - step) / r) });
    },
    log(line) {
      bars.log(`${line}\n`);
    },
    stop() {
      bars.stop();
    },
  };
}
