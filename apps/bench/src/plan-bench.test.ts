import { ConfigError } from '@rimjs/core';
import { describe, expect, it } from 'vitest';
import { planBench } from './plan-bench.js';

const now = new Date('2025-01-02T03:04:05.678Z');
const plan = (argv: string[]) => planBench(argv, now, () => ['wasm', 'cpu']);

describe('planBench', () => {
  it('quick by default: 1 warm-up + 3 runs on auto, one report folder named after the time', () => {
    const p = plan([]);
    expect(p.benchArgv).toEqual(['--warmup', '1', '--runs', '3', '--out', 'bench-results/20250102-030405']);
    expect(p.options).toMatchObject({ full: false, suites: [], backends: ['auto'], warmup: 1, runs: 3, json: false });
    expect(p.accuracy).toBeNull();
    expect(p.out).toBe('bench-results/20250102-030405');
  });

  it('parses --suite, --backend and --json, keeping given run counts and folder', () => {
    const p = plan(['--suite', 'speed,scaling', '--backend', 'wasm,cpu', '--json', '--runs', '7', '--out', 'x']);
    expect(p.options).toMatchObject({ suites: ['speed', 'scaling'], backends: ['wasm', 'cpu'], json: true, runs: 7, warmup: 1, out: 'x' });
    expect(p.benchArgv).toEqual(['--backend', 'wasm,cpu', '--json', '--runs', '7', '--out', 'x', '--suite', 'speed,scaling', '--warmup', '1']);
    expect(plan(['--suite=speed']).options.suites).toEqual(['speed']);
  });

  it('--full runs every available backend unless --backend is given, with the harness run counts', () => {
    expect(plan(['--full']).options).toMatchObject({ full: true, backends: ['wasm', 'cpu'], runs: null, warmup: null });
    expect(plan(['--full', '--backend', 'auto']).options.backends).toEqual(['auto']);
  });

  it('takes the accuracy suite out of the harness run, with its presets, seeds, parallel, models and backend', () => {
    const mixed = plan(['--suite', 'speed,accuracy', '--backend', 'wasm']);
    expect(mixed.options.suites).toEqual(['speed']);
    expect(mixed.accuracy).toEqual({ presets: ['copying-cpu', 'adding-cpu', 'mnist-cpu'], seeds: [1, 2, 3], parallel: 2, backend: 'wasm' });
    const only = plan(['--suite', 'accuracy', '--presets', 'copying-cpu-ablations', '--seeds=4,5', '--parallel', '1', '--models=rim,rim-no-comm', '--json']);
    expect(only.benchArgv).toBeNull();
    expect(only.accuracy).toEqual({ presets: ['copying-cpu-ablations'], seeds: [4, 5], parallel: 1, models: ['rim', 'rim-no-comm'] });
    expect(only.options.json).toBe(true);
    const from = plan(['--suite', 'accuracy', '--from', 'runs/a', 'runs/b', '--out', 'x', '--from=runs/c']);
    expect(from.accuracy).toMatchObject({ from: ['runs/a', 'runs/b', 'runs/c'] });
    expect(from.out).toBe('x');
  });

  it('--engine picks how the timing suites run RIM layers (default fused)', () => {
    expect(plan([]).engine).toBe('fused');
    expect(plan(['--engine', 'composed']).engine).toBe('composed');
    expect(plan(['--engine', 'composed']).benchArgv).not.toContain('--engine');
    expect(() => plan(['--engine', 'turbo'])).toThrow('pnpm bench.--engine: must be one of "fused" | "composed", got "turbo"');
  });

  it('rejects unknown options naming them', () => {
    expect(() => plan(['--bogus'])).toThrow(ConfigError);
    expect(() => plan(['--bogus'])).toThrow("pnpm bench: Unknown option '--bogus'");
    expect(() => plan(['--suite', 'speed', '--frobnicate=3'])).toThrow("Unknown option '--frobnicate'");
  });

  it('rejects bad values and options that do not apply, naming each', () => {
    expect(() => plan(['--suite', 'accuracy', '--presets', 'copying-cpu,Huge!', '--models', 'rim,cnn', '--seeds', '1,1', '--parallel', '0'])).toThrow(
      'pnpm bench.--presets[1]: must be a trainer preset name (pnpm train presets), got "Huge!"\n' +
        '  pnpm bench.--seeds: must be distinct integers >= 0, e.g. 1,2,3, got "1,1"\n' +
        '  pnpm bench.--parallel: must be an integer in [1, ∞], got 0\n' +
        '  pnpm bench.--models[1]: must be one of "rim" | "rim-no-comm" | "rim-all-active" | "lstm" | "gru", got "cnn"',
    );
    expect(() => plan(['--presets', 'copying-cpu'])).toThrow('pnpm bench.--presets: applies only to --suite accuracy');
    expect(() => plan(['--suite', 'accuracy', '--from', 'x', '--seeds', '1'])).toThrow('pnpm bench.--seeds: trains; --from only reads finished seeds folders');
    expect(() => plan(['--suite', 'speed,accuracy', '--json'])).toThrow('pnpm bench.--json: prints one results file');
    expect(() => plan(['--suite', 'accuracy', '--presets'])).toThrow("option '--presets <value>' argument missing");
    expect(() => plan(['--suite', 'accuracy', '--from', '--json'])).toThrow("option '--from <value...>' argument missing");
    expect(() => plan(['--runs', '0'])).toThrow('pnpm bench.--runs: must be an integer in [1, ∞], got 0');
  });
});
