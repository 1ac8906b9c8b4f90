import { describe, it, expect } from 'vitest';
import { join } from 'node:path';
import { DatasetError } from '../dataset-error.js';
import { encodeIdx, tmpDir, writeFile } from '../testing/idx-fixture.js';
import { readIdx } from './read-idx.js';

describe('readIdx', () => {
  const dir = tmpDir();
  const images = Uint8Array.from({ length: 3 * 4 * 5 }, (_, i) => (i * 37) % 256);

  it('reads images and labels, plain and gzipped, with their dims', () => {
    for (const gzip of [false, true]) {
      const p = writeFile(dir, `img-${gzip}`, encodeIdx([3, 4, 5], images), gzip);
      const got = readIdx(p, { ndims: 3 });
      expect(got.dims).toEqual([3, 4, 5]);
      expect(Array.from(got.data)).toEqual(Array.from(images));
      const l = readIdx(writeFile(dir, `lab-${gzip}`, encodeIdx([3], [7, 0, 9]), gzip), { ndims: 1 });
      expect([l.dims, Array.from(l.data)]).toEqual([[3], [7, 0, 9]]);
    }
  });

  it('checks the magic: first bytes 00 00 08 nn', () => {
    const p = writeFile(dir, 'header', encodeIdx([3, 4, 5], images));
    expect(readIdx(p).dims).toEqual([3, 4, 5]);
    const bytes = encodeIdx([3, 4, 5], images);
    expect(bytes.slice(0, 4)).toEqual(Uint8Array.from([0, 0, 8, 3]));
  });

  it('a missing file is a DatasetError naming the path and what was expected', () => {
    const missing = join(dir, 'nope-idx3-ubyte');
    expect(() => readIdx(missing, { ndims: 3 })).toThrow(DatasetError);
    expect(() => readIdx(missing, { ndims: 3 })).toThrow(
      `readIdx: '${missing}': cannot read the file (ENOENT); expected an IDX image file (magic 0x00000803), plain or gzipped`,
    );
    try {
      readIdx(missing);
    } catch (e) {
      expect((e as DatasetError).path).toBe(missing);
    }
  });

  it('rejects a wrong magic, data type, number of dims, truncation and bad gzip, saying what came', () => {
    const png = writeFile(dir, 'png', Uint8Array.from([0x89, 0x50, 0x4e, 0x47, 1, 2, 3, 4]));
    expect(() => readIdx(png)).toThrow(`readIdx: '${png}': expected an IDX file (magic 0x000008nn), got magic 0x89504e47 (not an IDX file)`);
    const floats = encodeIdx([2], [0, 0]);
    floats[2] = 0x0d;
    const f = writeFile(dir, 'float', floats);
    expect(() => readIdx(f)).toThrow(/expected data type 0x08 \(unsigned byte\), got 0x0d in magic 0x00000d01/);
    const labels = writeFile(dir, 'labels', encodeIdx([3], [1, 2, 3]));
    expect(() => readIdx(labels, { ndims: 3 })).toThrow(
      `readIdx: '${labels}': expected an IDX image file (magic 0x00000803), got magic 0x00000801 (1 dimensions)`,
    );
    const full = encodeIdx([3, 4, 5], images);
    for (const gzip of [false, true]) {
      const cut = writeFile(dir, `cut-${gzip}`, full.slice(0, 40), gzip);
      expect(() => readIdx(cut)).toThrow(
        `readIdx: '${cut}': expected 76 bytes for dims [3, 4, 5], got a ${gzip ? 'gunzipped file' : 'file'} of 40 bytes`,
      );
    }
    const short = writeFile(dir, 'short', Uint8Array.from([0, 0, 8, 3, 0, 0]));
    expect(() => readIdx(short)).toThrow(/expected a header of 16 bytes for 3 dimensions, got a file of 6 bytes/);
    const badGz = writeFile(dir, 'bad.gz', Uint8Array.from([0x1f, 0x8b, 1, 2, 3]));
    expect(() => readIdx(badGz)).toThrow(DatasetError);
    expect(() => readIdx(badGz)).toThrow(/starts with the gzip magic 1f 8b but is not a valid gzip stream/);
    const empty = writeFile(dir, 'empty', new Uint8Array(0));
    expect(() => readIdx(empty)).toThrow(/got a file of 0 bytes/);
  });
});
