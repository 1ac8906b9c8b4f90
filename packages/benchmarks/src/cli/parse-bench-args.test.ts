import { ConfigError } from '@rimjs/core';
import { describe, expect, it } from 'vitest';
import { parseBenchArgs } from './parse-bench-args.js';

describe('parseBenchArgs', () => {
  it('defaults to a quick run of every suite on the auto backend', () => {
    expect(parseBenchArgs([])).toMatchObject({ full: false, suites: [], backends: ['auto'], json: false, compare: null, threshold: 0.1, runs: null, seed: 42 });
  });

  it('reads --full, --suite, --backend, --json, --compare and the numbers', () => {
    const o = parseBenchArgs(['--full', '--suite', 'speed,scaling', '--backend', 'wasm, cpu', '--json', '--compare', 'old.json', '--threshold', '0.2', '--runs', '7', '--fail-on-regression']);
    expect(o).toMatchObject({ full: true, suites: ['speed', 'scaling'], backends: ['wasm', 'cpu'], json: true, compare: 'old.json', threshold: 0.2, runs: 7, failOnRegression: true });
  });

  it('rejects unknown options and bad numbers with a ConfigError', () => {
    expect(() => parseBenchArgs(['--fast'])).toThrow(ConfigError);
    expect(() => parseBenchArgs(['--fast'])).toThrow("Unknown option '--fast'");
    expect(() => parseBenchArgs(['--runs', '0'])).toThrow('pnpm bench.--runs: must be an integer in [1, ∞], got 0');
    expect(() => parseBenchArgs(['--threshold', 'x'])).toThrow('pnpm bench.--threshold: must be a number');
  });
});
