// The safetensors reader and writer of @rimjs/core, with the file functions (Node). Re-exported by ../index.ts.
export * from './portable.js';
export { readSafetensorsFile } from './read-safetensors-file.js';
export { writeSafetensorsFile } from './write-safetensors-file.js';
