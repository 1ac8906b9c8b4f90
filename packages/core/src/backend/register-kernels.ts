/**
 * Side-effect module: makes a working TensorFlow.js engine out of pure-npm packages.
 *
 * tfjs-core's Node build registers no gradients and no chained ops (`x.square()`) by itself;
 * the `@tensorflow/tfjs` union's Node bundle registers both with the one shared tfjs-core.
 * The cpu and wasm backends are the embedded defaults; native TensorFlow is loaded only on
 * request by `initBackend`.
 */
import '@tensorflow/tfjs';
import '@tensorflow/tfjs-backend-cpu';
import '@tensorflow/tfjs-backend-wasm';
import { registerWasmSliceKernels } from './wasm-slice-kernels.js';

// tfjs-backend-wasm's Slice copies its whole input first; see wasm-slice-kernels.ts.
registerWasmSliceKernels();
