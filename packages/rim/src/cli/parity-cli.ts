#!/usr/bin/env node
// `pnpm parity <fixture.safetensors> [--backend cpu|wasm|auto]`: runs a parity fixture of the
// official RIM cell and prints one JSON line. Exit 0: within tolerance; 1: not; 2: unusable input.
import { parseArgs } from 'node:util';
import { initBackend, readSafetensorsFile, RimjsError } from '@rimjs/core';
import { runParity } from '../parity/run-parity.js';

const USAGE = 'usage: parity <fixture.safetensors> [--backend auto|cpu|wasm|tensorflow|webgpu]';

async function main(argv: string[]): Promise<number> {
  let parsed;
  try {
    parsed = parseArgs({ args: argv, allowPositionals: true, options: { backend: { type: 'string', default: 'cpu' }, help: { type: 'boolean', short: 'h' } } });
  } catch (e) {
    console.error(`parity: ${(e as Error).message}\n${USAGE}`);
    return 2;
  }
  if (parsed.values.help) {
    console.log(USAGE);
    return 0;
  }
  if (parsed.positionals.length !== 1) {
    console.error(`parity: expected exactly one fixture file, got ${parsed.positionals.length}\n${USAGE}`);
    return 2;
  }
  const path = parsed.positionals[0]!;
  try {
    const info = await initBackend(parsed.values.backend!);
    const file = await readSafetensorsFile(path);
    const report = runParity(file);
    console.log(JSON.stringify({ file: path, ...report, backend: info.name }));
    return report.pass ? 0 : 1;
  } catch (e) {
    if (e instanceof RimjsError) {
      console.error(`parity: ${e.message}`);
      return 2;
    }
    throw e;
  }
}

process.exitCode = await main(process.argv.slice(2));
