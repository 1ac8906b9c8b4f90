import * as tf from '@tensorflow/tfjs-core';

/**
 * The part of the cpu and wasm backends of tfjs 4.22.0 a JavaScript kernel uses (private API:
 * tfjs is pinned, and `js-kernel.test.ts` fails if an upgrade changes it).
 */
interface CpuBackendLike {
  data: { get(dataId: unknown): { values: Float32Array } };
  makeTensorInfo(shape: number[], dtype: 'float32', values: Float32Array): tf.TensorInfo;
}
interface WasmBackendLike {
  makeOutput(shape: number[], dtype: 'float32'): tf.TensorInfo;
  typedArrayFromHeap(t: tf.TensorInfo): Float32Array;
}

/** The backends whose tensors a JavaScript kernel reads and writes in place. */
export const JS_KERNEL_BACKENDS = ['cpu', 'wasm'] as const;

/** Attributes of a JavaScript kernel: numbers only. */
export type JsAttrs = Record<string, number>;

/**
 * One JavaScript kernel: `shapes` gives the output shapes from the input shapes and attributes,
 * `compute` fills the outputs (zero-initialised) from the inputs, all as flat float32 arrays.
 */
export interface JsKernel {
  name: string;
  shapes(inputs: number[][], attrs: JsAttrs): number[][];
  compute(inputs: Float32Array[], outputs: Float32Array[], attrs: JsAttrs): void;
}

function kernelFunc(k: JsKernel, backendName: string): tf.KernelFunc {
  return ({ inputs, attrs, backend }) => {
    const ins = Object.keys(inputs)
      .sort((a, b) => Number(a) - Number(b))
      .map((key) => inputs[key]!);
    const a = attrs as unknown as JsAttrs;
    const shapes = k.shapes(
      ins.map((t) => t.shape),
      a,
    );
    if (backendName === 'cpu') {
      const cpu = backend as unknown as CpuBackendLike;
      const outVals = shapes.map((s) => new Float32Array(tf.util.sizeFromShape(s)));
      k.compute(
        ins.map((t) => cpu.data.get(t.dataId).values),
        outVals,
        a,
      );
      return shapes.map((s, i) => cpu.makeTensorInfo(s, 'float32', outVals[i]!));
    }
    const wasm = backend as unknown as WasmBackendLike;
    // Allocate every output first: an allocation can grow the wasm heap, which detaches views.
    const outs = shapes.map((s) => wasm.makeOutput(s, 'float32'));
    const outVals = outs.map((o) => wasm.typedArrayFromHeap(o));
    outVals.forEach((v) => v.fill(0));
    k.compute(
      ins.map((t) => wasm.typedArrayFromHeap(t)),
      outVals,
      a,
    );
    return outs;
  };
}

const registered = new Set<string>();

/**
 * Runs a JavaScript kernel on the active backend (cpu or wasm): one engine call for what would
 * be many tfjs ops, reading and writing the backend's own memory. Registers it on first use.
 * Carries no gradient: the fused op's hand-written backward calls the gradient kernels itself.
 *
 * @param inputs float32 tensors, in the order `compute` reads them
 * @returns the outputs, in the order of `shapes`
 */
export function runJsKernel(k: JsKernel, inputs: tf.Tensor[], attrs: JsAttrs): tf.Tensor[] {
  const backendName = tf.getBackend();
  const key = `${k.name}/${backendName}`;
  if (!registered.has(key)) {
    if (!(JS_KERNEL_BACKENDS as readonly string[]).includes(backendName)) {
      throw new Error(`runJsKernel: ${k.name} runs on ${JS_KERNEL_BACKENDS.join(' and ')}, not ${backendName}`);
    }
    if (!tf.getKernel(k.name, backendName)) tf.registerKernel({ kernelName: k.name, backendName, kernelFunc: kernelFunc(k, backendName) });
    registered.add(key);
  }
  const named: tf.NamedTensorMap = {};
  inputs.forEach((t, i) => (named[String(i)] = t));
  const out = tf.engine().runKernel(k.name, named, attrs as unknown as tf.NamedAttrMap);
  return (Array.isArray(out) ? out : [out]) as tf.Tensor[];
}

/** Whether the active backend runs {@link runJsKernel}. */
export function jsKernelsAvailable(): boolean {
  return (JS_KERNEL_BACKENDS as readonly string[]).includes(tf.getBackend());
}
