// The safetensors reader and writer of @rimjs/core without files: browser-safe. Re-exported by ../portable.ts.
export { SAFETENSORS_DTYPES, DTYPE_BYTES, isSafetensorsDtype, dataKindOf, type SafetensorsDtype, type DataKind } from './dtypes.js';
export type { RawTensor, TensorToWrite, SafetensorsFile, ParseSafetensorsOptions } from './types.js';
export { parseSafetensors, DEFAULT_MAX_HEADER_BYTES } from './parse-safetensors.js';
export { serializeSafetensors, type TensorsToWrite } from './serialize-safetensors.js';
export { toTensors } from './to-tensors.js';
export { fromTensors } from './from-tensors.js';
