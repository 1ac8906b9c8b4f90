import { CheckpointError } from '../errors.js';
import { serializeSafetensors, type TensorsToWrite } from './serialize-safetensors.js';

function failure(path: string, what: string, e: unknown): CheckpointError {
  return new CheckpointError(`writeSafetensorsFile: ${path}: ${what} (${(e as Error).message})`, { cause: e });
}

/**
 * Writes a safetensors file atomically (Node only: `node:fs/promises` and `node:crypto` are
 * imported when this is called). The bytes go to `path + '.tmp-<pid>-<12 random hex digits>'`
 * in the same folder, are flushed with fsync, and the temporary file is renamed over `path`, so
 * a crash leaves either the old file or the whole new one, never half of it. The folder is
 * fsynced after the rename where the platform allows. On failure the temporary file is removed
 * and an existing `path` is left as it was.
 *
 * @param path The file to write; its folder must exist.
 * @param content The file's bytes (e.g. from {@link fromTensors}), or tensors to serialize.
 * @param metadata `__metadata__` when `content` is tensors; not allowed with bytes.
 * @throws CheckpointError naming the path when writing, syncing or renaming fails (the fs error
 *   is the `cause`), when metadata comes with bytes, and whatever {@link serializeSafetensors}
 *   throws for tensors.
 * @example
 * await writeSafetensorsFile('runs/a/step-100.safetensors', await fromTensors(weights));
 * await writeSafetensorsFile('b.safetensors', { w: { dtype: 'F32', shape: [1], data: [0.5] } }, { step: '1' });
 */
export async function writeSafetensorsFile(
  path: string,
  content: Uint8Array | TensorsToWrite,
  metadata?: Record<string, string>,
): Promise<void> {
  if (typeof path !== 'string' || path === '') {
    throw new CheckpointError(`writeSafetensorsFile: 'path' must be a non-empty string, got ${String(path)}`);
  }
  let bytes: Uint8Array;
  if (content instanceof Uint8Array) {
    if (metadata !== undefined) {
      throw new CheckpointError(`writeSafetensorsFile: ${path}: metadata goes with tensors; bytes already carry their header`);
    }
    bytes = content;
  } else {
    bytes = serializeSafetensors(content, metadata);
  }
  const fs = await import('node:fs/promises');
  const { randomBytes } = await import('node:crypto');
  const { dirname } = await import('node:path');
  const tmp = `${path}.tmp-${process.pid}-${randomBytes(6).toString('hex')}`;
  try {
    const handle = await fs.open(tmp, 'wx'); // wx: never follow or reuse an existing file
    try {
      await handle.writeFile(bytes);
      await handle.sync();
    } finally {
      await handle.close();
    }
    await fs.rename(tmp, path);
  } catch (e) {
    await fs.rm(tmp, { force: true }).catch(() => undefined);
    throw failure(path, `cannot write (the old file, if any, is unchanged)`, e);
  }
  // Make the rename itself durable. Folders cannot be opened for sync on every platform (Windows).
  try {
    const dir = await fs.open(dirname(path), 'r');
    try {
      await dir.sync();
    } finally {
      await dir.close();
    }
  } catch {
    // The file is complete and in place; only the folder entry's durability is left to the OS.
  }
}
