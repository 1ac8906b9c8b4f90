// @rimjs/core, browser-safe part: everything but the safetensors file functions. Bundlers that set
// the `browser` export condition get this entry; Node gets index.ts, which adds them.
// Importing it registers gradients, chained ops, the cpu/webgl/wasm backends and rimjs' kernels.
import './backend/register-kernels.js';
export { RimjsError, ShapeError, ConfigError, CheckpointError, BackendError, NumericError } from './errors.js';
export { assertShape, assertSameShape, assertKnownKeys, ConfigCheck, type Dim } from './assert.js';
export { Rng, type RngState } from './rng.js';
export { initBackend, currentBackend, BACKEND_NAMES, type BackendName, type BackendInfo } from './backend/init-backend.js';
export {
  zeros,
  constant,
  normal,
  uniform,
  torchDefault,
  glorotUniform,
  orthogonal,
  type Initializer,
} from './init/initializers.js';
export { Parameters, type AddOptions } from './params/parameters.js';
export { groupLinear, defaultGroupLinearStrategy, type GroupLinearOptions } from './group-linear/group-linear.js';
export { groupLinearReference } from './group-linear/group-linear-reference.js';
export { GroupLinear, type GroupLinearConfig } from './group-linear/group-linear-layer.js';
export { GROUP_LINEAR_STRATEGIES, type GroupLinearStrategy, type GroupLinearFn } from './group-linear/strategies.js';
export { stopGradient } from './train/stop-gradient.js';
export { maskGradient } from './train/mask-gradient.js';
export { clipByGlobalNorm } from './train/clip-by-global-norm.js';
export { clippedStep } from './train/clipped-step.js';
export { customGradient, type CustomGradientForward } from './train/custom-gradient.js';
export { recordedOp, type RecordedForward } from './train/recorded-op.js';
export { runJsKernel, jsKernelsAvailable, JS_KERNEL_BACKENDS, type JsKernel, type JsAttrs } from './backend/js-kernel.js';
export { prepareGroupLinear, type PreparedGroupLinear } from './group-linear/prepared-group-linear.js';
export { groupLinearWeightGrad, type GroupLinearWeightGradStrategy } from './group-linear/group-linear-weight-grad.js';
export { checkGradients, type GradientCheck } from './train/check-gradients.js';
export { conv2dIm2col, type Im2colOptions } from './conv/conv2d-im2col.js';
export { plainGradMatMul } from './train/plain-grad-mat-mul.js';
export {
  parseSafetensors,
  serializeSafetensors,
  toTensors,
  fromTensors,
  SAFETENSORS_DTYPES,
  DTYPE_BYTES,
  DEFAULT_MAX_HEADER_BYTES,
  isSafetensorsDtype,
  dataKindOf,
  type SafetensorsDtype,
  type DataKind,
  type RawTensor,
  type TensorToWrite,
  type TensorsToWrite,
  type SafetensorsFile,
  type ParseSafetensorsOptions,
} from './safetensors/portable.js';
