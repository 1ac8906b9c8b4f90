import * as tf from '@tensorflow/tfjs-core';

/**
 * The part of tfjs-backend-wasm 4.22.0's `BackendWasm` these kernels use (private API: tfjs is
 * pinned, and `wasm-slice-kernels.test.ts` fails if an upgrade changes it).
 */
interface WasmBackendLike {
  makeOutput(shape: number[], dtype: tf.DataType): tf.TensorInfo;
  typedArrayFromHeap(t: tf.TensorInfo): Float32Array | Int32Array | Uint8Array;
  readSync(dataId: unknown): unknown;
}

/**
 * `x[begin : begin + size]` on the wasm backend, reading `x` through a view of the wasm heap.
 *
 * Replaces tfjs-backend-wasm 4.22.0's `Slice`, which first copies the **whole** input out of the
 * heap (`readSync`: `HEAPU8.slice`) and then copies the slice: slicing one step out of a
 * `[time, batch, n]` tensor cost a copy of all `time` steps (measured: 30 ms for 64 rows of a
 * 4480 x 2400 tensor; 0.1 ms with the view). `SplitV` and `Unpack` inherit it. Same results,
 * element for element (only copies); strings go to the original kernel.
 */
function sliceView(x: tf.TensorInfo, begin: number[], size: number[], backend: WasmBackendLike): tf.TensorInfo {
  const out = backend.makeOutput(size, x.dtype);
  const n = tf.util.sizeFromShape(size);
  if (n === 0) return out;
  const xVals = backend.typedArrayFromHeap(x);
  const outVals = backend.typedArrayFromHeap(out);
  const rank = x.shape.length;
  const strides = tf.util.computeStrides(x.shape);
  // Collapse the trailing axes that are taken whole into one contiguous run.
  let inner = rank - 1;
  while (inner > 0 && begin[inner] === 0 && size[inner] === x.shape[inner]) inner--;
  const run = tf.util.sizeFromShape(size.slice(inner)); // elements copied per contiguous run
  const outer = n / run;
  const idx = new Array<number>(inner).fill(0); // position among the outer axes
  let o = 0;
  for (let r = 0; r < outer; r++) {
    let offset = begin[inner]! * (strides[inner] ?? 1);
    for (let a = 0; a < inner; a++) offset += (begin[a]! + idx[a]!) * strides[a]!;
    outVals.set(xVals.subarray(offset, offset + run), o);
    o += run;
    for (let a = inner - 1; a >= 0; a--) {
      if (++idx[a]! < size[a]!) break;
      idx[a] = 0;
    }
  }
  return out;
}

type KernelArgs = { inputs: tf.NamedTensorInfoMap; attrs: tf.NamedAttrMap; backend: unknown };

function sliceKernel(original: tf.KernelFunc) {
  return (args: KernelArgs): tf.TensorInfo => {
    const x = args.inputs['x']!;
    if (x.dtype === 'string') return original(args as Parameters<tf.KernelFunc>[0]) as tf.TensorInfo;
    const [begin, size] = tf.slice_util.parseSliceParams(x as tf.Tensor, args.attrs['begin'] as number[], args.attrs['size'] as number[]);
    return sliceView(x, begin!, size!, args.backend as WasmBackendLike);
  };
}

function splitVKernel(original: tf.KernelFunc) {
  return (args: KernelArgs): tf.TensorInfo[] => {
    const x = args.inputs['x']!;
    if (x.dtype === 'string') return original(args as Parameters<tf.KernelFunc>[0]) as tf.TensorInfo[];
    const axis = tf.util.parseAxisParam(args.attrs['axis'] as number, x.shape)[0]!;
    const sizes = tf.backend_util.prepareSplitSize(x as tf.Tensor, args.attrs['numOrSizeSplits'] as number[] | number, axis);
    const begin = new Array<number>(x.shape.length).fill(0);
    return sizes.map((s) => {
      const size = [...x.shape];
      size[axis] = s;
      const part = sliceView(x, [...begin], size, args.backend as WasmBackendLike);
      begin[axis]! += s;
      return part;
    });
  };
}

function unpackKernel(original: tf.KernelFunc) {
  return (args: KernelArgs): tf.TensorInfo[] => {
    const value = args.inputs['value']!;
    if (value.dtype === 'string') return original(args as Parameters<tf.KernelFunc>[0]) as tf.TensorInfo[];
    let axis = args.attrs['axis'] as number;
    if (axis < 0) axis += value.shape.length;
    const outShape = value.shape.filter((_, i) => i !== axis);
    const size = [...value.shape];
    size[axis] = 1;
    const begin = new Array<number>(value.shape.length).fill(0);
    return Array.from({ length: value.shape[axis]! }, (_, i) => {
      begin[axis] = i;
      const part = sliceView(value, begin, size, args.backend as WasmBackendLike);
      return { ...part, shape: outShape };
    });
  };
}

const REPLACEMENTS: Record<string, (original: tf.KernelFunc) => unknown> = {
  Slice: sliceKernel,
  SplitV: splitVKernel,
  Unpack: unpackKernel,
};

/** Whether {@link registerWasmSliceKernels} has replaced the wasm kernels in this engine. */
let registered = false;

/**
 * Replaces the wasm backend's `Slice`, `SplitV` and `Unpack` kernels by ones that read their
 * input through a view of the wasm heap instead of a copy of the whole input (see `sliceView`).
 * Idempotent; a no-op when tfjs-backend-wasm registered no such kernels.
 *
 * @returns the names of the kernels replaced
 */
export function registerWasmSliceKernels(): string[] {
  if (registered) return Object.keys(REPLACEMENTS);
  const done: string[] = [];
  for (const [name, make] of Object.entries(REPLACEMENTS)) {
    const config = tf.getKernel(name, 'wasm');
    if (!config) continue;
    tf.unregisterKernel(name, 'wasm');
    tf.registerKernel({ ...config, kernelFunc: make(config.kernelFunc) as tf.KernelFunc });
    done.push(name);
  }
  registered = true;
  return done;
}
