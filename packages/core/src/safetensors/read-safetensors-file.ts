import { CheckpointError } from '../errors.js';
import { parseSafetensorsAs } from './parse-safetensors.js';
import type { ParseSafetensorsOptions, SafetensorsFile } from './types.js';

/**
 * Reads and parses a safetensors file from disk (Node only: `node:fs/promises` is imported when
 * this is called, never by importing rimjs, so browsers can load the package).
 *
 * @param path The file.
 * @param options `maxHeaderBytes` as in {@link parseSafetensors}; `source` defaults to `path`.
 * @returns The metadata and tensors, as {@link parseSafetensors} returns them.
 * @throws CheckpointError naming the path: when the file cannot be read (missing, a directory,
 *   no permission; the fs error is the `cause`), and every problem {@link parseSafetensors} finds.
 * @example
 * const { metadata, tensors } = await readSafetensorsFile('runs/a/step-100.safetensors');
 */
export async function readSafetensorsFile(path: string, options: ParseSafetensorsOptions = {}): Promise<SafetensorsFile> {
  if (typeof path !== 'string' || path === '') {
    throw new CheckpointError(`readSafetensorsFile: 'path' must be a non-empty string, got ${String(path)}`);
  }
  const { readFile } = await import('node:fs/promises');
  let bytes: Uint8Array;
  try {
    bytes = await readFile(path);
  } catch (e) {
    throw new CheckpointError(`readSafetensorsFile: ${path}: cannot read (${(e as Error).message})`, { cause: e });
  }
  return parseSafetensorsAs('readSafetensorsFile', bytes, { ...options, source: options.source ?? path });
}
