import type { TaskSpec } from '../presets/preset-types.js';

const sorted = (xs: number[]): number[] => [...new Set(xs)].sort((a, b) => a - b);

/**
 * The metric keys a task reports, in table order (`phase` `train`: what training evaluates;
 * `ood`: `pnpm train eval` adds every out-of-distribution length). Copying:
 * `train.T<trainDelay>.*` and `test.T<delay>.*` with `ceLast<n>`, `ceAll`, `accLast<n>`;
 * adding: `<split>.L<length>.mse`; MNIST: `valid.px<trainSide>.*` and `test.px<side>.*` with
 * `acc`, `ce`.
 */
export function metricKeys(spec: TaskSpec, phase: 'train' | 'ood'): string[] {
  switch (spec.kind) {
    case 'copying': {
      const n = spec.numSymbols;
      const delays = sorted([spec.trainDelay, spec.testDelay, ...(phase === 'ood' ? spec.oodDelays : [])]);
      return delays.flatMap((d) => {
        const set = `${d === spec.trainDelay ? 'train' : 'test'}.T${d}`;
        return [`${set}.ceLast${n}`, `${set}.ceAll`, `${set}.accLast${n}`];
      });
    }
    case 'adding': {
      const lengths = sorted([spec.trainLength, spec.testLength, ...(phase === 'ood' ? spec.oodLengths : [])]);
      return lengths.map((l) => `${l === spec.trainLength ? 'train' : 'test'}.L${l}.mse`);
    }
    case 'mnist':
      return [`valid.px${spec.trainSide}`, ...sorted(spec.testSides).map((s) => `test.px${s}`)].flatMap((set) => [`${set}.acc`, `${set}.ce`]);
  }
}

/** The few keys a comparison table shows (the rest are in the files). */
export function tableKeys(spec: TaskSpec, phase: 'train' | 'ood'): string[] {
  const keys = metricKeys(spec, phase);
  switch (spec.kind) {
    case 'copying':
      return keys.filter((k) => /\.ceLast\d+$/.test(k) || (k.endsWith('.ceAll') && (phase === 'ood' ? k.startsWith('test.') : k === `test.T${spec.testDelay}.ceAll`)));
    case 'adding':
      return keys;
    case 'mnist':
      return keys.filter((k) => k.endsWith('.acc'));
  }
}

/** The key `pnpm train` prints for every model at the end: the paper's headline number. */
export function headlineKey(spec: TaskSpec): string {
  switch (spec.kind) {
    case 'copying':
      return `test.T${spec.testDelay}.ceLast${spec.numSymbols}`;
    case 'adding':
      return `test.L${spec.testLength}.mse`;
    case 'mnist':
      return `test.px${sorted(spec.testSides).at(-1)}.acc`;
  }
}

/**
 * The keys printed one per line at the end of `pnpm train`: the headline, and for copying also
 * the all-steps cross-entropy at the test length; for MNIST every test size but the training one.
 */
export function finalLineKeys(spec: TaskSpec): string[] {
  switch (spec.kind) {
    case 'copying':
      return [headlineKey(spec), `test.T${spec.testDelay}.ceAll`];
    case 'adding':
      return [headlineKey(spec)];
    case 'mnist':
      return sorted(spec.testSides).filter((s) => s !== spec.trainSide).map((s) => `test.px${s}.acc`);
  }
}
