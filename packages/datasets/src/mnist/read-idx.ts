import { readFileSync } from 'node:fs';
import { gunzipSync } from 'node:zlib';
import { DatasetError } from '../dataset-error.js';

/** The contents of an IDX file of unsigned bytes (type 0x08). */
export interface IdxArray {
  /** The dimensions from the header, e.g. `[60000, 28, 28]` for images, `[60000]` for labels. */
  readonly dims: readonly number[];
  /** `prod(dims)` bytes, row-major. */
  readonly data: Uint8Array;
  /** The file read. */
  readonly path: string;
}

/** What {@link readIdx} should accept. */
export interface ReadIdxOptions {
  /** Required number of dimensions: 3 for images (magic 0x00000803), 1 for labels (0x00000801). */
  readonly ndims?: number;
}

const hex = (n: number): string => `0x${(n >>> 0).toString(16).padStart(8, '0')}`;

/**
 * Reads an IDX file (the format of MNIST and Fashion-MNIST), plain or gzipped (detected by the
 * gzip magic bytes `1f 8b`, not by the name). The header is the magic `00 00 08 nd` (unsigned
 * bytes, `nd` dimensions), then `nd` big-endian uint32 sizes, then the data.
 *
 * @param path the file, e.g. `/usr/share/datasets/fashion-mnist/train-images-idx3-ubyte.gz`.
 * @throws DatasetError naming the path, what was expected and what came, when the file is
 *   missing or unreadable, not valid gzip, has a wrong magic, data type or number of
 *   dimensions, or a length that disagrees with its dimensions.
 * @example
 * const images = readIdx('t10k-images-idx3-ubyte.gz', { ndims: 3 }); // dims [10000, 28, 28]
 */
export function readIdx(path: string, options: ReadIdxOptions = {}): IdxArray {
  const where = `readIdx: '${path}'`;
  const expectedKind =
    options.ndims === 3 ? 'an IDX image file (magic 0x00000803)' : options.ndims === 1 ? 'an IDX label file (magic 0x00000801)' : 'an IDX file (magic 0x000008nn)';
  let bytes: Uint8Array;
  try {
    bytes = readFileSync(path);
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code ?? (e as Error).message;
    throw new DatasetError(`${where}: cannot read the file (${code}); expected ${expectedKind}, plain or gzipped`, path);
  }
  let what = 'file';
  if (bytes.length >= 2 && bytes[0] === 0x1f && bytes[1] === 0x8b) {
    try {
      bytes = gunzipSync(bytes);
    } catch (e) {
      throw new DatasetError(`${where}: starts with the gzip magic 1f 8b but is not a valid gzip stream (${(e as Error).message})`, path);
    }
    what = 'gunzipped file';
  }
  if (bytes.length < 4) {
    throw new DatasetError(`${where}: expected ${expectedKind}, got a ${what} of ${bytes.length} bytes`, path);
  }
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const magic = view.getUint32(0);
  const type = bytes[2]!;
  const ndims = bytes[3]!;
  if (bytes[0] !== 0 || bytes[1] !== 0 || ndims === 0) {
    throw new DatasetError(`${where}: expected ${expectedKind}, got magic ${hex(magic)} (not an IDX file)`, path);
  }
  if (type !== 0x08) {
    throw new DatasetError(`${where}: expected data type 0x08 (unsigned byte), got 0x${type.toString(16).padStart(2, '0')} in magic ${hex(magic)}`, path);
  }
  if (options.ndims !== undefined && ndims !== options.ndims) {
    throw new DatasetError(`${where}: expected ${expectedKind}, got magic ${hex(magic)} (${ndims} dimensions)`, path);
  }
  const header = 4 + 4 * ndims;
  if (bytes.length < header) {
    throw new DatasetError(`${where}: expected a header of ${header} bytes for ${ndims} dimensions, got a ${what} of ${bytes.length} bytes`, path);
  }
  const dims = Array.from({ length: ndims }, (_, i) => view.getUint32(4 + 4 * i));
  const expected = header + dims.reduce((a, b) => a * b, 1);
  if (bytes.length !== expected) {
    throw new DatasetError(`${where}: expected ${expected} bytes for dims [${dims.join(', ')}], got a ${what} of ${bytes.length} bytes`, path);
  }
  return { dims, data: bytes.slice(header), path };
}
