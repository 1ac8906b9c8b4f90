import { createRequire } from 'node:module';

/** Whether a package can be resolved from here or from @rimjs/core (which imports the native backends). */
function resolvable(name: string): boolean {
  const here = createRequire(import.meta.url);
  let core: NodeJS.Require | null = null;
  try {
    core = createRequire(here.resolve('@rimjs/core/package.json'));
  } catch {
    core = null;
  }
  for (const req of [here, core]) {
    try {
      req?.resolve(name);
      if (req) return true;
    } catch {
      // not installed there
    }
  }
  return false;
}

/**
 * The backends `pnpm bench --full` runs when no `--backend` is given: `tensorflow` when
 * `@tensorflow/tfjs-node-gpu` or `@tensorflow/tfjs-node` is installed, then `wasm` and `cpu`
 * (both npm packages, always there).
 *
 * @example
 * availableBackends(); // ['wasm', 'cpu'] without native TensorFlow
 */
export function availableBackends(): string[] {
  const native = ['@tensorflow/tfjs-node-gpu', '@tensorflow/tfjs-node'].some(resolvable);
  return [...(native ? ['tensorflow'] : []), 'wasm', 'cpu'];
}
