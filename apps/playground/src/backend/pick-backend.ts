import * as tf from '@tensorflow/tfjs-core';
import { getThreadsCount, setWasmPaths } from '@tensorflow/tfjs-backend-wasm';
import wasmPlain from '@tensorflow/tfjs-backend-wasm/dist/tfjs-backend-wasm.wasm?url';
import wasmSimd from '@tensorflow/tfjs-backend-wasm/dist/tfjs-backend-wasm-simd.wasm?url';
import wasmThreaded from '@tensorflow/tfjs-backend-wasm/dist/tfjs-backend-wasm-threaded-simd.wasm?url';
import '@rimjs/core'; // registers cpu, webgl and wasm, and rimjs' kernels for them

/** The backends the page tries, fastest first. */
export const PAGE_BACKENDS = ['webgpu', 'webgl', 'wasm', 'cpu'] as const;
export type PageBackend = (typeof PAGE_BACKENDS)[number];

/** What the page runs on, in words for the visitor. */
export interface PickedBackend {
  name: PageBackend;
  /** e.g. `wasm (SIMD, 4 threads: the page is cross-origin isolated)`. */
  label: string;
  /** What was tried before and why it was passed over. */
  tried: string[];
}

async function works(name: PageBackend): Promise<string | null> {
  try {
    if (name === 'webgpu') {
      if (!('gpu' in navigator)) return 'the browser has no navigator.gpu';
      await import('@tensorflow/tfjs-backend-webgpu');
    }
    if (!(await tf.setBackend(name))) return `tf.setBackend('${name}') returned false`;
    await tf.ready();
    const y = tf.add(tf.scalar(1), tf.scalar(2));
    const v = (await y.data())[0];
    y.dispose();
    return v === 3 ? null : `computed 1 + 2 = ${v}`;
  } catch (e) {
    return (e as Error).message;
  }
}

/**
 * Starts the fastest backend this browser has: WebGPU, WebGL, wasm (with threads and SIMD when the
 * page is cross-origin isolated and the browser has them), else cpu. `only` forces one (the URL's
 * `?backend=`).
 */
export async function pickBackend(only?: PageBackend): Promise<PickedBackend> {
  setWasmPaths({ 'tfjs-backend-wasm.wasm': wasmPlain, 'tfjs-backend-wasm-simd.wasm': wasmSimd, 'tfjs-backend-wasm-threaded-simd.wasm': wasmThreaded });
  const tried: string[] = [];
  for (const name of only ? [only] : PAGE_BACKENDS) {
    const why = await works(name);
    if (why !== null) {
      tried.push(`${name}: ${why}`);
      continue;
    }
    let label: string = name;
    if (name === 'wasm') {
      const simd = await tf.env().getAsync('WASM_HAS_SIMD_SUPPORT');
      const threads = getThreadsCount();
      label = `wasm (${simd ? 'SIMD' : 'no SIMD'}, ${threads} thread${threads === 1 ? '' : 's'}${globalThis.crossOriginIsolated ? ', cross-origin isolated' : ', not cross-origin isolated: one thread'})`;
    }
    return { name, label, tried };
  }
  throw new Error(`no backend works in this browser: ${tried.join('; ')}`);
}
