import { describe, expect, it } from 'vitest';
import { CheckpointError, ConfigError } from '../errors.js';
import { parseSafetensors } from './parse-safetensors.js';

/** A file built by hand: u64 LE header length (default: the header's), header, data. */
function file(header: string | object, data: ArrayLike<number> = [], headerLength?: bigint): Uint8Array {
  const h = new TextEncoder().encode(typeof header === 'string' ? header : JSON.stringify(header));
  const out = new Uint8Array(8 + h.length + data.length);
  new DataView(out.buffer).setBigUint64(0, headerLength ?? BigInt(h.length), true);
  out.set(h, 8);
  out.set(data, 8 + h.length);
  return out;
}

/** Little-endian bytes of 16-bit words. */
function u16(...words: number[]): number[] {
  return words.flatMap((w) => [w & 0xff, w >> 8]);
}

const PREFIX = 'parseSafetensors: bad.safetensors: ';

/** Parses hostile bytes; returns the CheckpointError's message after the prefix. */
function problem(bytes: Uint8Array, maxHeaderBytes?: number): string {
  let caught: unknown;
  try {
    parseSafetensors(bytes, { source: 'bad.safetensors', maxHeaderBytes });
  } catch (e) {
    caught = e;
  }
  expect(caught).toBeInstanceOf(CheckpointError);
  const message = (caught as Error).message;
  expect(message.startsWith(PREFIX)).toBe(true);
  return message.slice(PREFIX.length);
}

const f32 = (begin: number, end: number, shape = [(end - begin) / 4]) => ({ dtype: 'F32', shape, data_offsets: [begin, end] });

describe('parseSafetensors: hostile and broken input', () => {
  it('rejects a file shorter than the 8-byte length', () => {
    expect(problem(new Uint8Array(5))).toBe('file is 5 bytes, shorter than the 8-byte header length');
    expect(problem(new Uint8Array(0))).toBe('file is 0 bytes, shorter than the 8-byte header length');
  });

  it('rejects a header length past the end of the file', () => {
    expect(problem(file('{}', [], 100n))).toBe('header length 100 runs past the end of the file (2 bytes follow the length)');
  });

  it('rejects an absurd header length before allocating anything, with a configurable limit', () => {
    expect(problem(file('{}', [], 2n ** 64n - 1n))).toBe(
      'header length 18446744073709551615 exceeds the limit of 100000000 bytes (option maxHeaderBytes)',
    );
    const ok = file({ w: f32(0, 4) }, [0, 0, 128, 63]);
    expect(parseSafetensors(ok).tensors.get('w')?.data).toEqual(new Float32Array([1]));
    expect(problem(ok, 16)).toMatch(/^header length \d+ exceeds the limit of 16 bytes \(option maxHeaderBytes\)$/);
  });

  it('rejects headers that are not UTF-8 JSON objects', () => {
    const badUtf8 = file('{"a":1}');
    badUtf8[10] = 0xff; // inside the key
    expect(problem(badUtf8)).toBe('header is not valid UTF-8');
    expect(problem(file('{"a":'))).toMatch(/^header is not valid JSON \(.+\)$/);
    expect(problem(file('{} {}'))).toMatch(/^header is not valid JSON/);
    expect(problem(file('[1, 2]'))).toBe("header must begin with '{' (0x7b), got byte 0x5b");
    expect(problem(file('42'))).toBe("header must begin with '{' (0x7b), got byte 0x34");
    expect(problem(file(' {}'))).toBe("header must begin with '{' (0x7b), got byte 0x20");
    expect(problem(file(''))).toBe("header must begin with '{' (0x7b), got an empty header");
  });

  it('rejects tensor entries that are not objects or miss fields', () => {
    expect(problem(file({ w: 3 }))).toBe('tensor "w": entry must be an object {dtype, shape, data_offsets}, got 3');
    expect(problem(file({ w: [1] }))).toBe('tensor "w": entry must be an object {dtype, shape, data_offsets}, got [1]');
    expect(problem(file({ w: null }))).toBe('tensor "w": entry must be an object {dtype, shape, data_offsets}, got null');
    expect(problem(file({ w: { shape: [1], data_offsets: [0, 4] } }, [0, 0, 0, 0]))).toBe(
      "tensor \"w\": 'dtype' must be a string, got nothing",
    );
    expect(problem(file({ w: { dtype: 'F32', data_offsets: [0, 4] } }, [0, 0, 0, 0]))).toBe(
      "tensor \"w\": 'shape' must be an array of non-negative integers, got nothing",
    );
    expect(problem(file({ w: { dtype: 'F32', shape: [1] } }, [0, 0, 0, 0]))).toBe(
      "tensor \"w\": 'data_offsets' must be [begin, end], two non-negative integers, got nothing",
    );
  });

  it('rejects unknown dtypes, naming the tensor and the dtypes it reads', () => {
    const all = 'F64, F32, F16, BF16, I64, I32, U8, BOOL';
    expect(problem(file({ w: { dtype: 'I8', shape: [1], data_offsets: [0, 1] } }, [0]))).toBe(
      `tensor "w": unsupported dtype "I8"; rimjs reads ${all}`,
    );
    expect(problem(file({ w: { dtype: 'f32', shape: [1], data_offsets: [0, 4] } }, [0, 0, 0, 0]))).toBe(
      `tensor "w": unsupported dtype "f32"; rimjs reads ${all}`,
    );
    expect(problem(file({ w: { dtype: 4, shape: [1], data_offsets: [0, 4] } }))).toBe(
      "tensor \"w\": 'dtype' must be a string, got 4",
    );
  });

  it('rejects shapes that are not arrays of non-negative safe integers', () => {
    for (const shape of [[-1], [1.5], ['2'], '2', [2 ** 60], [null]]) {
      expect(problem(file({ w: { dtype: 'F32', shape, data_offsets: [0, 4] } }, [0, 0, 0, 0]))).toBe(
        `tensor "w": 'shape' must be an array of non-negative integers, got ${JSON.stringify(shape)}`,
      );
    }
  });

  it('rejects absurd element counts without overflowing', () => {
    const huge = [2 ** 26, 2 ** 26, 2 ** 26]; // 2^78 elements, each dim a safe integer
    expect(problem(file({ w: { dtype: 'F32', shape: huge, data_offsets: [0, 4] } }, [0, 0, 0, 0]))).toBe(
      `tensor "w": shape [${huge.join(', ')}] has more elements than the 4-byte data buffer can hold as F32`,
    );
    // A zero anywhere makes the count 0, however large the rest.
    expect(problem(file({ w: { dtype: 'F32', shape: [2 ** 52, 0], data_offsets: [0, 4] } }, [0, 0, 0, 0]))).toBe(
      `tensor "w": data_offsets [0, 4] span 4 bytes, but shape [${2 ** 52}, 0] of F32 (4 bytes each) needs 0`,
    );
  });

  it('rejects data_offsets that are not two ordered integers inside the data buffer', () => {
    for (const offsets of [[0], [0, 4, 8], [0, '4'], [0, 4.5], [-4, 0], 'x']) {
      expect(problem(file({ w: { dtype: 'U8', shape: [4], data_offsets: offsets } }, [0, 0, 0, 0]))).toBe(
        `tensor "w": 'data_offsets' must be [begin, end], two non-negative integers, got ${JSON.stringify(offsets)}`,
      );
    }
    expect(problem(file({ w: f32(8, 4, [1]) }, new Uint8Array(8)))).toBe('tensor "w": data_offsets [8, 4] has begin after end');
    expect(problem(file({ w: f32(0, 8) }, new Uint8Array(4)))).toBe(
      'tensor "w": data_offsets [0, 8] ends past the 4-byte data buffer',
    );
    expect(problem(file({ w: { dtype: 'U8', shape: [1], data_offsets: [0, 2 ** 53] } }, [0]))).toBe(
      `tensor "w": 'data_offsets' must be [begin, end], two non-negative integers, got [0,${2 ** 53}]`,
    );
  });

  it('rejects a byte length other than product(shape) * dtype size', () => {
    expect(problem(file({ w: f32(0, 4, [2]) }, new Uint8Array(8)))).toBe(
      'tensor "w": data_offsets [0, 4] span 4 bytes, but shape [2] of F32 (4 bytes each) needs 8',
    );
    expect(problem(file({ w: { dtype: 'F16', shape: [2, 2], data_offsets: [0, 6] } }, new Uint8Array(8)))).toBe(
      'tensor "w": data_offsets [0, 6] span 6 bytes, but shape [2, 2] of F16 (2 bytes each) needs 8',
    );
  });

  it('rejects overlapping tensors, including an empty tensor inside another', () => {
    expect(problem(file({ a: f32(0, 8), b: f32(4, 12) }, new Uint8Array(12)))).toBe(
      'tensor "a" [0, 8] and tensor "b" [4, 12] overlap',
    );
    expect(problem(file({ a: f32(0, 8), b: f32(0, 8) }, new Uint8Array(8)))).toBe(
      'tensor "a" [0, 8] and tensor "b" [0, 8] overlap',
    );
    expect(problem(file({ a: f32(0, 8), e: f32(4, 4, [0]) }, new Uint8Array(8)))).toBe(
      'tensor "a" [0, 8] and tensor "e" [4, 4] overlap',
    );
  });

  it('rejects holes at the start, middle and end of the data buffer', () => {
    expect(problem(file({ a: f32(4, 8) }, new Uint8Array(8)))).toBe(
      'data bytes [0, 4) before tensor "a" belong to no tensor (a hole)',
    );
    expect(problem(file({ a: f32(0, 4), b: f32(8, 12) }, new Uint8Array(12)))).toBe(
      'data bytes [4, 8) before tensor "b" belong to no tensor (a hole)',
    );
    expect(problem(file({ a: f32(0, 4) }, new Uint8Array(8)))).toBe('data bytes [4, 8) at the end belong to no tensor (a hole)');
    expect(problem(file({}, new Uint8Array(3)))).toBe('data bytes [0, 3) at the end belong to no tensor (a hole)');
  });

  it('catches a duplicate JSON key (the last one wins in JSON.parse) by the hole it leaves', () => {
    const header = `{"a":${JSON.stringify(f32(0, 4))},"a":${JSON.stringify(f32(4, 8))}}`;
    expect(problem(file(header, new Uint8Array(8)))).toBe('data bytes [0, 4) before tensor "a" belong to no tensor (a hole)');
  });

  it('rejects __metadata__ that is not string to string', () => {
    expect(problem(file({ __metadata__: 'x' }))).toBe(`'__metadata__' must be an object of strings, got "x"`);
    expect(problem(file({ __metadata__: ['a'] }))).toBe(`'__metadata__' must be an object of strings, got ["a"]`);
    expect(problem(file({ __metadata__: { step: 10 } }))).toBe(`'__metadata__' key "step" must map to a string, got 10`);
    expect(problem(file({ __metadata__: { a: null } }))).toBe(`'__metadata__' key "a" must map to a string, got null`);
  });

  it('rejects I64 values outside int32 (and so outside +-2^53), naming tensor, index and value', () => {
    const i64 = (v: bigint) => {
      const b = new Uint8Array(16);
      new DataView(b.buffer).setBigInt64(8, v, true);
      return file({ ids: { dtype: 'I64', shape: [2], data_offsets: [0, 16] } }, b);
    };
    const range = 'outside the int32 range [-2147483648, 2147483647] rimjs reads I64 into';
    expect(problem(i64(2n ** 31n))).toBe(`tensor "ids": I64 value 2147483648 at index 1 is ${range}`);
    expect(problem(i64(-(2n ** 31n) - 1n))).toBe(`tensor "ids": I64 value -2147483649 at index 1 is ${range}`);
    expect(problem(i64(2n ** 53n + 1n))).toBe(`tensor "ids": I64 value 9007199254740993 at index 1 is ${range}`);
  });

  it('rejects BOOL bytes other than 0 or 1 and F64 values too large for float32', () => {
    expect(problem(file({ m: { dtype: 'BOOL', shape: [3], data_offsets: [0, 3] } }, [1, 0, 2]))).toBe(
      'tensor "m": BOOL byte at index 2 is 2, expected 0 or 1',
    );
    const b = new Uint8Array(8);
    new DataView(b.buffer).setFloat64(0, 1e300, true);
    expect(problem(file({ x: { dtype: 'F64', shape: [], data_offsets: [0, 8] } }, b))).toBe(
      'tensor "x": F64 value 1e+300 at index 0 is too large for float32',
    );
  });

  it('rejects a non-Uint8Array and a bad maxHeaderBytes option', () => {
    expect(problem('abc' as unknown as Uint8Array)).toBe('bytes must be a Uint8Array, got string');
    expect(() => parseSafetensors(file('{}'), { maxHeaderBytes: -1 })).toThrow(ConfigError);
    expect(() => parseSafetensors(file('{}'), { maxHeaderBytes: -1 })).toThrow(
      'parseSafetensors: options.maxHeaderBytes: must be a non-negative integer, got -1',
    );
  });

  it('names the source as <bytes> when none is given, and cuts long tensor names', () => {
    expect(() => parseSafetensors(new Uint8Array(1))).toThrow(
      new CheckpointError('parseSafetensors: <bytes>: file is 1 bytes, shorter than the 8-byte header length'),
    );
    const long = 'n'.repeat(500);
    expect(problem(file({ [long]: 1 }))).toBe(`tensor "${'n'.repeat(100)}...": entry must be an object {dtype, shape, data_offsets}, got 1`);
  });
});

describe('parseSafetensors: valid files built by hand', () => {
  it('reads F16 exactly: normals, subnormals, max, infinities, NaN and -0', () => {
    // Bits and values written out from the IEEE half layout (1 sign, 5 exponent, 10 mantissa).
    const bits = [0x3c00, 0xc000, 0x0001, 0x03ff, 0x0400, 0x7bff, 0x7c00, 0xfc00, 0x7e00, 0x8000, 0x3555];
    const want = [1, -2, 2 ** -24, 1023 * 2 ** -24, 2 ** -14, 65504, Infinity, -Infinity, NaN, -0, (1365 / 1024) / 4];
    const t = parseSafetensors(file({ h: { dtype: 'F16', shape: [11], data_offsets: [0, 22] } }, u16(...bits))).tensors.get('h')!;
    expect(t.dtype).toBe('F16');
    expect(t.shape).toEqual([11]);
    expect(t.data).toBeInstanceOf(Float32Array);
    expect(Array.from(t.data)).toEqual(want);
    expect(Object.is(t.data[9], -0)).toBe(true);
  });

  it('reads BF16 exactly (the top half of a float32)', () => {
    const bits = [0x3f80, 0xc000, 0x4049, 0x7f80, 0x0001, 0x7f7f, 0xff80];
    const want = [1, -2, 3.140625, Infinity, 2 ** -133, (2 - 2 ** -7) * 2 ** 127, -Infinity];
    const t = parseSafetensors(file({ b: { dtype: 'BF16', shape: [7], data_offsets: [0, 14] } }, u16(...bits))).tensors.get('b')!;
    expect(Array.from(t.data)).toEqual(want);
  });

  it('reads F64 (rounded to float32), I64 (as int32), I32, U8, BOOL and F32', () => {
    const data = new Uint8Array(8 * 3 + 8 * 4 + 4 * 2 + 4 * 2 + 2 + 3);
    const v = new DataView(data.buffer);
    [0.1, -2.5, 1e-50].forEach((x, i) => v.setFloat64(8 * i, x, true));
    [-1n, 0n, 2n ** 31n - 1n, -(2n ** 31n)].forEach((x, i) => v.setBigInt64(24 + 8 * i, x, true));
    [7, -8].forEach((x, i) => v.setInt32(56 + 4 * i, x, true));
    [0.5, -3].forEach((x, i) => v.setFloat32(64 + 4 * i, x, true));
    data.set([0, 255], 72);
    data.set([1, 0, 1], 74);
    const header = {
      d: { dtype: 'F64', shape: [3], data_offsets: [0, 24] },
      l: { dtype: 'I64', shape: [2, 2], data_offsets: [24, 56] },
      i: { dtype: 'I32', shape: [2], data_offsets: [56, 64] },
      f: { dtype: 'F32', shape: [2, 1], data_offsets: [64, 72] },
      u: { dtype: 'U8', shape: [2], data_offsets: [72, 74] },
      m: { dtype: 'BOOL', shape: [3], data_offsets: [74, 77] },
    };
    const { tensors, metadata } = parseSafetensors(file(header, data));
    expect(metadata).toEqual({});
    expect([...tensors.keys()]).toEqual(['d', 'l', 'i', 'f', 'u', 'm']);
    expect(tensors.get('d')!.data).toEqual(new Float32Array([Math.fround(0.1), -2.5, 0]));
    expect(tensors.get('l')).toEqual({ dtype: 'I64', shape: [2, 2], data: new Int32Array([-1, 0, 2 ** 31 - 1, -(2 ** 31)]) });
    expect(tensors.get('i')!.data).toEqual(new Int32Array([7, -8]));
    expect(tensors.get('f')).toEqual({ dtype: 'F32', shape: [2, 1], data: new Float32Array([0.5, -3]) });
    expect(tensors.get('u')!.data).toEqual(new Uint8Array([0, 255]));
    expect(tensors.get('m')).toEqual({ dtype: 'BOOL', shape: [3], data: new Uint8Array([1, 0, 1]) });
  });

  it('reads scalars, empty tensors, space padding, unaligned offsets and a view into a larger buffer', () => {
    const header = {
      __metadata__: { format: 'pt' },
      byte: { dtype: 'U8', shape: [1], data_offsets: [0, 1] },
      s: { dtype: 'F32', shape: [], data_offsets: [1, 5], extra: 'ignored' }, // starts at an odd offset
      e: { dtype: 'F32', shape: [0, 3], data_offsets: [5, 5] },
    };
    // A "__proto__" key (which an object literal cannot hold) must stay a plain key.
    const json = JSON.stringify(header).replace('"format"', '"__proto__":"kept as a key","format"');
    const padded = json + ' '.repeat(5);
    const inner = file(padded, [9, 0, 0, 0xc0, 0x3f]); // 1.5 = 0x3fc00000
    const outer = new Uint8Array(inner.length + 3);
    outer.set(inner, 3);
    const { metadata, tensors } = parseSafetensors(outer.subarray(3));
    expect(Object.getPrototypeOf(metadata)).toBe(Object.prototype);
    expect(Object.entries(metadata)).toEqual([['__proto__', 'kept as a key'], ['format', 'pt']]);
    expect(tensors.get('byte')!.data).toEqual(new Uint8Array([9]));
    expect(tensors.get('s')).toEqual({ dtype: 'F32', shape: [], data: new Float32Array([1.5]) });
    expect(tensors.get('e')).toEqual({ dtype: 'F32', shape: [0, 3], data: new Float32Array(0) });
  });

  it('reads from a Node Buffer view into a shared pool (whose slice() does not copy)', () => {
    const inner = file({ a: { dtype: 'U8', shape: [1], data_offsets: [0, 1] }, w: f32(1, 9) }, [5, 0, 0, 128, 63, 0, 0, 0, 64]);
    const pooled = Buffer.concat([Buffer.from([1, 2, 3]), Buffer.from(inner), Buffer.from([4])]).subarray(3, 3 + inner.length);
    const { tensors } = parseSafetensors(pooled);
    expect(tensors.get('a')!.data).toEqual(new Uint8Array([5]));
    expect(tensors.get('w')!.data).toEqual(new Float32Array([1, 2]));
    expect(tensors.get('w')!.data.buffer.byteLength).toBe(8);
  });

  it('copies data out, so changing the file bytes later changes nothing read', () => {
    const bytes = file({ w: f32(0, 4) }, [0, 0, 128, 63]);
    const w = parseSafetensors(bytes).tensors.get('w')!;
    bytes.fill(0);
    expect(w.data).toEqual(new Float32Array([1]));
  });
});
