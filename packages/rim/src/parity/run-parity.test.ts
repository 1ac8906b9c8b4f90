import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import * as tf from '@tensorflow/tfjs-core';
import { CheckpointError, parseSafetensors, readSafetensorsFile, serializeSafetensors } from '@rimjs/core';
import { TEST_BACKENDS, useBackend } from '@rimjs/core/testing';
import { beforeAll, describe, expect, it } from 'vitest';
import { PARITY_TOLERANCE, runParity } from './run-parity.js';

const DATA = fileURLToPath(new URL('../../test-data/', import.meta.url));
const FIXTURES = ['lstm-small', 'gru-small', 'lstm-medium'];

const CASES = FIXTURES.flatMap((f) => [[f, 'composed'], [f, 'fused']] as const);

describe.each(TEST_BACKENDS)('official parity fixtures on %s', (backend) => {
  beforeAll(() => useBackend(backend));

  it.each(CASES)('%s (%s engine): states, masks, loss and every gradient match the official PyTorch cell', async (name, engine) => {
    const file = await readSafetensorsFile(`${DATA}${name}.safetensors`);
    const before = tf.memory().numTensors;
    const r = runParity(file, { engine });
    expect(tf.memory().numTensors).toBe(before);
    expect(r.backend).toBe(backend);
    expect(r.maxAbsError.mask).toBe(0);
    expect(r.maxAbsError.h).toBeLessThan(PARITY_TOLERANCE.output);
    expect(r.maxAbsError.c).toBeLessThan(PARITY_TOLERANCE.output);
    expect(r.maxAbsError.loss).toBeLessThan(1e-4);
    const grads = Object.keys(r.maxRelGradError);
    expect(grads).toEqual(expect.arrayContaining(['x', 'h0', 'c0', 'inputAttention.query.weight', 'cell.weightIh', 'cell.weightHh', 'communication.gate.weight']));
    for (const g of grads) expect(r.maxRelGradError[g], g).toBeLessThan(PARITY_TOLERANCE.gradient);
    expect(r.pass).toBe(true);
  });
});

describe('runParity input checks', () => {
  beforeAll(() => useBackend('cpu'));

  it('a file that is not a fixture is a CheckpointError naming what is missing', async () => {
    const file = await readSafetensorsFile(`${DATA}lstm-small.safetensors`);
    const tensors = Object.fromEntries([...file.tensors].filter(([k]) => k !== 'expected.h'));
    const broken = parseSafetensors(serializeSafetensors(tensors, file.metadata));
    expect(() => runParity(broken)).toThrow(CheckpointError);
    expect(() => runParity(broken)).toThrow("parity: not a parity fixture: missing 'expected.h'");
  });

  it('bad metadata is a CheckpointError naming the field', async () => {
    const file = await readSafetensorsFile(`${DATA}lstm-small.safetensors`);
    const broken = parseSafetensors(serializeSafetensors(file.tensors, { ...file.metadata, cell: 'rnn' }));
    expect(() => runParity(broken)).toThrow(`parity: metadata 'cell' must be "lstm" or "gru", got "rnn"`);
  });

  it('a perturbed weight fails the check', async () => {
    const file = await readSafetensorsFile(`${DATA}lstm-small.safetensors`);
    const w = file.tensors.get('param.mha.fc.bias')!;
    const data = Float32Array.from(w.data as Float32Array, (v) => v + 0.01);
    file.tensors.set('param.mha.fc.bias', { ...w, data });
    expect(runParity(file).pass).toBe(false);
  });
});

describe('pnpm parity (the CLI)', () => {
  const cli = fileURLToPath(new URL('../cli/parity-cli.ts', import.meta.url));
  const run = (...args: string[]) =>
    spawnSync(process.execPath, ['--conditions=@rimjs/source', '--import', 'tsx', cli, ...args], { encoding: 'utf8', timeout: 60_000 });

  it('prints one JSON line and exits 0 for a passing fixture', () => {
    const r = run(`${DATA}gru-small.safetensors`, '--backend', 'wasm');
    expect(r.status).toBe(0);
    const lines = r.stdout.trim().split('\n');
    expect(lines).toHaveLength(1);
    const report = JSON.parse(lines[0]!);
    expect(report).toMatchObject({ cell: 'gru', backend: 'wasm', pass: true });
  });

  it('exits 2 with a clear message for a file that is not a fixture, and for bad usage', () => {
    const r = run(`${DATA}README.md`);
    expect(r.status).toBe(2);
    expect(r.stderr).toMatch(/parity: readSafetensorsFile: .*README\.md: header length/);
    const u = run();
    expect(u.status).toBe(2);
    expect(u.stderr).toMatch(/expected exactly one fixture file, got 0/);
  });
});
