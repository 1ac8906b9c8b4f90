// @rimjs/core: the shared tensor interface of rimjs. This file is the package's only public door in
// Node; browsers get ./portable.ts (the same without the safetensors file functions).
export * from './portable.js';
export { readSafetensorsFile, writeSafetensorsFile } from './safetensors/index.js';
