// Test-only: writes small IDX files (not built, not exported).
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';

/** The bytes of an IDX file of unsigned bytes with the given dims. */
export function encodeIdx(dims: readonly number[], data: ArrayLike<number>): Uint8Array {
  const header = new Uint8Array(4 + 4 * dims.length);
  const view = new DataView(header.buffer);
  view.setUint32(0, 0x00000800 + dims.length);
  dims.forEach((d, i) => view.setUint32(4 + 4 * i, d));
  const out = new Uint8Array(header.length + data.length);
  out.set(header);
  out.set(Uint8Array.from(data), header.length);
  return out;
}

/** A fresh temporary folder. */
export function tmpDir(): string {
  return mkdtempSync(join(tmpdir(), 'rimjs-datasets-'));
}

/** Writes `bytes` (gzipped when `gzip`) to `dir/name` and returns the path. */
export function writeFile(dir: string, name: string, bytes: Uint8Array, gzip = false): string {
  const path = join(dir, name);
  writeFileSync(path, gzip ? gzipSync(bytes) : bytes);
  return path;
}

/** `count` images `[count, rows, cols]` whose pixel values encode (image, pixel), and labels `k mod 10`. */
export function syntheticDigits(count: number, rows: number, cols: number): { pixels: Uint8Array; labels: Uint8Array } {
  const pixels = Uint8Array.from({ length: count * rows * cols }, (_, i) => (i * 7 + Math.floor(i / (rows * cols)) * 13) % 256);
  const labels = Uint8Array.from({ length: count }, (_, k) => k % 10);
  return { pixels, labels };
}
