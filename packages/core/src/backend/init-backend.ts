import * as tf from '@tensorflow/tfjs-core';
import { BackendError, ConfigError } from '../errors.js';
import './register-kernels.js';

/** Backends rimjs knows how to start. `auto` picks the fastest that works. */
export const BACKEND_NAMES = ['auto', 'tensorflow', 'wasm', 'cpu', 'webgpu'] as const;
export type BackendName = (typeof BACKEND_NAMES)[number];

/** What {@link initBackend} started, and why. */
export interface BackendInfo {
  /** The tfjs backend now active: `tensorflow`, `wasm`, `cpu` or `webgpu`. */
  name: Exclude<BackendName, 'auto'>;
  /** What the caller asked for. */
  requested: BackendName;
  /** One sentence: why this backend, and what was tried before it. */
  reason: string;
}

const INSTALL_HINT: Record<string, string> = {
  tensorflow:
    "install '@tensorflow/tfjs-node-gpu@4.22.0' (CUDA) or '@tensorflow/tfjs-node@4.22.0'; both download libtensorflow at install time",
  wasm: "install '@tensorflow/tfjs-backend-wasm@4.22.0'",
  cpu: "install '@tensorflow/tfjs-backend-cpu@4.22.0'",
  webgpu: "install '@tensorflow/tfjs-backend-webgpu@4.22.0' and, in Node, the 'webgpu' package (Dawn)",
};

async function importOptional(specifier: string): Promise<unknown> {
  // A variable specifier keeps bundlers and TypeScript from requiring the optional package.
  const spec = specifier;
  return import(spec);
}

/**
 * The cpu backend prints an "install the node backend" banner on its first use in Node; rimjs
 * chooses its backend deliberately (and `initBackend` says why), so the active backend stays quiet.
 */
export function quietFirstUse(): void {
  const active = tf.backend() as { firstUse?: boolean };
  if (active.firstUse === true) active.firstUse = false;
}

/** Checks that the active backend really computes: 1 + 2 = 3. */
async function probe(): Promise<void> {
  const y = tf.tidy(() => tf.add(tf.scalar(1), tf.scalar(2)));
  const [v] = await y.data();
  y.dispose();
  if (v !== 3) throw new Error(`probe computed 1 + 2 = ${v}`);
}

async function trySet(name: string): Promise<string | null> {
  try {
    if (tf.findBackendFactory(name) == null) return `no '${name}' backend is registered`;
    const ok = await tf.setBackend(name);
    if (!ok) return `tf.setBackend('${name}') returned false`;
    await tf.ready();
    quietFirstUse();
    await probe();
    return null;
  } catch (e) {
    return (e as Error).message;
  }
}

async function startNative(): Promise<string | null> {
  const errors: string[] = [];
  for (const pkg of ['@tensorflow/tfjs-node-gpu', '@tensorflow/tfjs-node']) {
    try {
      await importOptional(pkg);
      const why = await trySet('tensorflow');
      if (why === null) return null;
      errors.push(`${pkg}: ${why}`);
    } catch (e) {
      const code = (e as { code?: string }).code;
      const message = (e as Error).message ?? '';
      const missing =
        code === 'ERR_MODULE_NOT_FOUND' ||
        code === 'MODULE_NOT_FOUND' ||
        /Cannot find (package|module)|Could not resolve|Failed to load url/.test(message);
      errors.push(`${pkg}: ${missing ? 'not installed' : `not loadable (${(e as Error).message.split('\n')[0]})`}`);
    }
  }
  return errors.join('; ');
}

async function startWebgpu(): Promise<string | null> {
  try {
    const g = globalThis as { navigator?: { gpu?: unknown } };
    if (g.navigator?.gpu == null) {
      const dawn = (await importOptional('webgpu')) as { create: (o: string[]) => unknown; globals: object };
      Object.assign(globalThis, dawn.globals);
      Object.defineProperty(globalThis, 'navigator', { value: { gpu: dawn.create([]) }, configurable: true });
    }
    await importOptional('@tensorflow/tfjs-backend-webgpu');
    return await trySet('webgpu');
  } catch (e) {
    return (e as Error).message.split('\n')[0] ?? 'unknown error';
  }
}

/**
 * Starts a TensorFlow.js backend and says which.
 *
 * `'auto'` picks native TensorFlow (`@tensorflow/tfjs-node-gpu`, then `-node`) when installed
 * *and* working, else `wasm`, else `cpu`. A named backend that cannot start is an error; it is
 * never silently replaced.
 *
 * @param name `auto` | `tensorflow` | `wasm` | `cpu` | `webgpu`.
 * @throws BackendError naming the backend, why it failed and how to install it.
 * @throws ConfigError for an unknown name.
 * @example
 * const info = await initBackend('auto');
 * console.log(info.name, '-', info.reason);
 */
export async function initBackend(name: BackendName | string = 'auto'): Promise<BackendInfo> {
  if (!(BACKEND_NAMES as readonly string[]).includes(name)) {
    throw new ConfigError(`initBackend: 'name' must be one of ${BACKEND_NAMES.join(' | ')}, got ${JSON.stringify(name)}`);
  }
  const requested = name as BackendName;
  if (requested === 'auto') {
    const tried: string[] = [];
    const nativeWhy = await startNative();
    if (nativeWhy === null) return { name: 'tensorflow', requested, reason: 'native TensorFlow is installed and working' };
    tried.push(`tensorflow (${nativeWhy})`);
    for (const b of ['wasm', 'cpu'] as const) {
      const why = await trySet(b);
      if (why === null) {
        return { name: b, requested, reason: `picked ${b}; tried before it: ${tried.join('; ')}` };
      }
      tried.push(`${b} (${why})`);
    }
    throw new BackendError(`initBackend('auto'): no backend could start: ${tried.join('; ')}`);
  }
  const why =
    requested === 'tensorflow' ? await startNative() : requested === 'webgpu' ? await startWebgpu() : await trySet(requested);
  if (why !== null) {
    throw new BackendError(`initBackend('${requested}'): the backend cannot start: ${why}. To use it, ${INSTALL_HINT[requested]}.`);
  }
  return { name: requested, requested, reason: `${requested} was requested and started` };
}

/** The name of the active backend (`tf.getBackend()`), for logs and benchmark records. */
export function currentBackend(): string {
  return tf.getBackend();
}
