import { mkdir, mkdtemp, readFile, readdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CheckpointError } from '../errors.js';
import { readSafetensorsFile } from './read-safetensors-file.js';
import { serializeSafetensors } from './serialize-safetensors.js';
import { writeSafetensorsFile } from './write-safetensors-file.js';

let dir = '';
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'rimjs-safetensors-'));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

const weights = { w: { dtype: 'F32' as const, shape: [2], data: [0.5, -4] } };

describe('writeSafetensorsFile / readSafetensorsFile', () => {
  it('writes tensors with metadata and reads them back, leaving no temporary file', async () => {
    const path = join(dir, 'a.safetensors');
    await writeSafetensorsFile(path, weights, { step: '7' });
    const file = await readSafetensorsFile(path);
    expect(file.metadata).toEqual({ step: '7' });
    expect(file.tensors.get('w')).toEqual({ dtype: 'F32', shape: [2], data: new Float32Array([0.5, -4]) });
    expect(await readdir(dir)).toEqual(['a.safetensors']);
  });

  it('writes given bytes as they are and replaces an existing file', async () => {
    const path = join(dir, 'b.safetensors');
    await writeFile(path, 'old');
    const bytes = serializeSafetensors(weights, { v: '2' });
    await writeSafetensorsFile(path, bytes);
    expect(new Uint8Array(await readFile(path))).toEqual(bytes);
    expect((await readdir(dir)).filter((n) => n.includes('.tmp-'))).toEqual([]);
  });

  it('fails with a CheckpointError, removes the temporary file and keeps what was at the path', async () => {
    const sub = join(dir, 'is-a-folder');
    await mkdir(sub);
    await writeFile(join(sub, 'inside'), 'keep me');
    const write = writeSafetensorsFile(sub, weights);
    await expect(write).rejects.toThrow(CheckpointError);
    await expect(write).rejects.toThrow(`writeSafetensorsFile: ${sub}: cannot write (the old file, if any, is unchanged) (`);
    expect(await readFile(join(sub, 'inside'), 'utf8')).toBe('keep me');
    expect((await readdir(dir)).filter((n) => n.includes('.tmp-'))).toEqual([]);
    const missing = join(dir, 'no-such-folder', 'x.safetensors');
    await expect(writeSafetensorsFile(missing, weights)).rejects.toThrow(`writeSafetensorsFile: ${missing}: cannot write`);
  });

  it('rejects metadata with bytes, and bad tensors before touching the disk', async () => {
    const path = join(dir, 'c.safetensors');
    await expect(writeSafetensorsFile(path, new Uint8Array(16), { a: 'b' })).rejects.toThrow(
      new CheckpointError(`writeSafetensorsFile: ${path}: metadata goes with tensors; bytes already carry their header`),
    );
    await expect(writeSafetensorsFile(path, { w: { dtype: 'U8', shape: [1], data: [300] } })).rejects.toThrow(
      new CheckpointError('serializeSafetensors: tensor "w": value 300 at index 0 is not an integer in [0, 255] as U8 requires'),
    );
    await expect(readFile(path)).rejects.toThrow(/ENOENT/);
  });

  it('names the path when reading a missing, a truncated or a corrupt file', async () => {
    const missing = join(dir, 'missing.safetensors');
    const error = await readSafetensorsFile(missing).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(CheckpointError);
    expect((error as Error).message).toMatch(new RegExp(`^readSafetensorsFile: ${missing}: cannot read \\(ENOENT`));
    expect((error as Error).cause).toMatchObject({ code: 'ENOENT' });

    const bytes = serializeSafetensors(weights);
    const headerLength = Number(new DataView(bytes.buffer).getBigUint64(0, true));
    const truncated = join(dir, 'truncated.safetensors');
    await writeFile(truncated, bytes.subarray(0, 30));
    await expect(readSafetensorsFile(truncated)).rejects.toThrow(
      new CheckpointError(
        `readSafetensorsFile: ${truncated}: header length ${headerLength} runs past the end of the file (22 bytes follow the length)`,
      ),
    );
    const whole = join(dir, 'whole.safetensors');
    await writeFile(whole, bytes);
    await expect(readSafetensorsFile(whole, { maxHeaderBytes: 8, source: 'shown' })).rejects.toThrow(
      new CheckpointError(`readSafetensorsFile: shown: header length ${headerLength} exceeds the limit of 8 bytes (option maxHeaderBytes)`),
    );
  });
});
