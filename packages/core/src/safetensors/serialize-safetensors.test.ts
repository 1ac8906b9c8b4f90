import { describe, expect, it } from 'vitest';
import { CheckpointError } from '../errors.js';
import { parseSafetensors } from './parse-safetensors.js';
import { serializeSafetensors } from './serialize-safetensors.js';
import type { TensorToWrite } from './types.js';

/** The header JSON text (padding included) and the data buffer of a file. */
function split(bytes: Uint8Array): { json: string; data: Uint8Array; headerLength: number } {
  const headerLength = Number(new DataView(bytes.buffer, bytes.byteOffset).getBigUint64(0, true));
  return {
    json: new TextDecoder().decode(bytes.subarray(8, 8 + headerLength)),
    data: bytes.subarray(8 + headerLength),
    headerLength,
  };
}

function u16s(data: Uint8Array): number[] {
  return Array.from({ length: data.length / 2 }, (_, i) => data[2 * i]! | (data[2 * i + 1]! << 8));
}

function writeError(tensors: Record<string, unknown>, metadata?: unknown): string {
  try {
    serializeSafetensors(tensors as Record<string, TensorToWrite>, metadata as Record<string, string>);
  } catch (e) {
    expect(e).toBeInstanceOf(CheckpointError);
    return (e as Error).message;
  }
  throw new Error('serializeSafetensors did not throw');
}

describe('serializeSafetensors', () => {
  it('round-trips every dtype through parseSafetensors', () => {
    const tensors: Record<string, TensorToWrite> = {
      f64: { dtype: 'F64', shape: [3], data: [0.1, -2.5, 1e-3] },
      f32: { dtype: 'F32', shape: [2, 2], data: new Float32Array([1, -0.5, 3.25, NaN]) },
      f16: { dtype: 'F16', shape: [4], data: [1, -2, 2 ** -24, Infinity] },
      bf16: { dtype: 'BF16', shape: [3], data: [1, -2, 3.140625] },
      i64: { dtype: 'I64', shape: [3], data: [-1, 0, 2 ** 31 - 1] },
      i32: { dtype: 'I32', shape: [2], data: new Int32Array([-(2 ** 31), 42]) },
      u8: { dtype: 'U8', shape: [3], data: new Uint8Array([0, 7, 255]) },
      bool: { dtype: 'BOOL', shape: [2], data: [1, 0] },
    };
    const { tensors: back } = parseSafetensors(serializeSafetensors(tensors));
    expect(back.get('f64')).toEqual({ dtype: 'F64', shape: [3], data: new Float32Array([0.1, -2.5, 1e-3]) });
    expect(back.get('f32')).toEqual({ dtype: 'F32', shape: [2, 2], data: new Float32Array([1, -0.5, 3.25, NaN]) });
    expect(back.get('f16')!.data).toEqual(new Float32Array([1, -2, 2 ** -24, Infinity]));
    expect(back.get('bf16')!.data).toEqual(new Float32Array([1, -2, 3.140625]));
    expect(back.get('i64')).toEqual({ dtype: 'I64', shape: [3], data: new Int32Array([-1, 0, 2 ** 31 - 1]) });
    expect(back.get('i32')!.data).toEqual(new Int32Array([-(2 ** 31), 42]));
    expect(back.get('u8')!.data).toEqual(new Uint8Array([0, 7, 255]));
    expect(back.get('bool')).toEqual({ dtype: 'BOOL', shape: [2], data: new Uint8Array([1, 0]) });
  });

  it('writes F16 bits equal to numpy float16 rounding (round half to even, no double rounding)', () => {
    // [value, bits] from numpy: np.array(v, np.float64).astype(np.float16).view(np.uint16)
    const table: [number, number][] = [
      [1, 0x3c00], [-2, 0xc000], [2 ** -24, 0x0001], [2 ** -25, 0x0000], [3 * 2 ** -25, 0x0002],
      [2 ** -14 - 2 ** -25, 0x0400], [2 ** -14, 0x0400], [1 + 2 ** -11, 0x3c00], [1 + 3 * 2 ** -11, 0x3c02],
      [1 + 2 ** -11 + 2 ** -40, 0x3c01], [65504, 0x7bff], [65519, 0x7bff], [65519.99999999907, 0x7bff],
      [0.1, 0x2e66], [-0.3333333333333333, 0xb555], [1e-8, 0x0000], [3.14159265358979, 0x4248],
      [123.456, 0x57b7], [-7e-6, 0x8075], [2049, 0x6800], [2051, 0x6802], [-0, 0x8000],
    ];
    const bytes = serializeSafetensors({ h: { dtype: 'F16', shape: [table.length], data: table.map(([v]) => v) } });
    expect(u16s(split(bytes).data)).toEqual(table.map(([, b]) => b));
    expect(u16s(split(serializeSafetensors({ h: { dtype: 'F16', shape: [2], data: [NaN, -Infinity] } })).data)).toEqual([0x7e00, 0xfc00]);
  });

  it('writes BF16 by rounding to nearest even from the float64 value', () => {
    // bfloat16 = 1 sign, 8 exponent, 7 mantissa bits: 1 + 2^-8 is halfway between 1 and 1 + 2^-7.
    const data = [1, 1 + 2 ** -8, 1 + 3 * 2 ** -8, 1 + 2 ** -8 + 2 ** -30, Math.PI, -0, 2 ** -133, Infinity];
    const bits = [0x3f80, 0x3f80, 0x3f82, 0x3f81, 0x4049, 0x8000, 0x0001, 0x7f80];
    expect(u16s(split(serializeSafetensors({ b: { dtype: 'BF16', shape: [8], data } })).data)).toEqual(bits);
  });

  it('pads the header with spaces to 8 bytes and lays tensors out by element size, then name', () => {
    const bytes = serializeSafetensors({
      z8: { dtype: 'U8', shape: [3], data: [1, 2, 3] },
      b32: { dtype: 'F32', shape: [1], data: [1] },
      a32: { dtype: 'I32', shape: [2], data: [1, 2] },
      h: { dtype: 'F16', shape: [1], data: [1] },
      d: { dtype: 'F64', shape: [1], data: [1] },
    });
    const { json, headerLength, data } = split(bytes);
    expect(headerLength % 8).toBe(0);
    expect(json).toMatch(/^\{.*\} *$/);
    expect(json.length - json.trimEnd().length).toBeLessThan(8);
    const header = JSON.parse(json) as Record<string, { data_offsets: [number, number] }>;
    expect(Object.keys(header)).toEqual(['d', 'a32', 'b32', 'h', 'z8']);
    expect(Object.values(header).map((e) => e.data_offsets)).toEqual([[0, 8], [8, 16], [16, 20], [20, 22], [22, 25]]);
    expect(data.length).toBe(25);
    expect(bytes.length).toBe(8 + headerLength + 25);
  });

  it('round-trips metadata, and writes no __metadata__ without any', () => {
    const metadata = { step: '100', note: 'héllo ✓ "quoted"', empty: '', __proto__key: 'x' };
    const withMeta = Object.assign(Object.fromEntries([['__proto__', 'own key']]), metadata) as Record<string, string>;
    const bytes = serializeSafetensors({ w: { dtype: 'F32', shape: [1], data: [2] } }, withMeta);
    expect(split(bytes).json.startsWith('{"__metadata__":')).toBe(true);
    expect(parseSafetensors(bytes).metadata).toEqual(withMeta);
    expect(Object.keys(parseSafetensors(bytes).metadata)).toContain('__proto__');
    const bare = serializeSafetensors({ w: { dtype: 'F32', shape: [1], data: [2] } }, {});
    expect(split(bare).json).not.toContain('__metadata__');
    expect(parseSafetensors(bare).metadata).toEqual({});
  });

  it('round-trips scalars, empty tensors, an empty file and a parsed file (Map input)', () => {
    const tensors = {
      s: { dtype: 'F32', shape: [], data: [7.5] },
      e: { dtype: 'F32', shape: [0], data: [] },
      e2: { dtype: 'I32', shape: [2, 0, 3], data: new Int32Array(0) },
    } as const satisfies Record<string, TensorToWrite>;
    const file = parseSafetensors(serializeSafetensors(tensors, { a: 'b' }));
    expect(file.tensors.get('s')).toEqual({ dtype: 'F32', shape: [], data: new Float32Array([7.5]) });
    expect(file.tensors.get('e')).toEqual({ dtype: 'F32', shape: [0], data: new Float32Array(0) });
    expect(file.tensors.get('e2')).toEqual({ dtype: 'I32', shape: [2, 0, 3], data: new Int32Array(0) });
    const again = serializeSafetensors(file.tensors, file.metadata);
    expect(parseSafetensors(again)).toEqual(file);
    const empty = serializeSafetensors({});
    expect(empty.length).toBe(16);
    expect(parseSafetensors(empty)).toEqual({ metadata: {}, tensors: new Map() });
  });

  it('rejects bad tensors and values with a CheckpointError naming the tensor', () => {
    const w = (t: unknown) => ({ w: t });
    const at = 'serializeSafetensors: tensor "w": ';
    expect(writeError({ __metadata__: { dtype: 'F32', shape: [], data: [1] } })).toBe(
      "serializeSafetensors: '__metadata__' is reserved and cannot name a tensor",
    );
    expect(writeError(w(5))).toBe(`${at}must be {dtype, shape, data}, got 5`);
    expect(writeError(w({ dtype: 'I8', shape: [1], data: [1] }))).toBe(
      `${at}'dtype' must be one of F64, F32, F16, BF16, I64, I32, U8, BOOL, got "I8"`,
    );
    expect(writeError(w({ dtype: 'F32', shape: [-1], data: [] }))).toBe(
      `${at}'shape' must be an array of non-negative integers, got [-1]`,
    );
    expect(writeError(w({ dtype: 'F32', shape: [2], data: 3 }))).toBe(`${at}'data' must be an array or typed array of numbers, got 3`);
    expect(writeError(w({ dtype: 'F32', shape: [2, 2], data: [1, 2, 3] }))).toBe(`${at}'data' has 3 elements, but shape [2, 2] needs 4`);
    expect(writeError(w({ dtype: 'I32', shape: [2], data: [1, 2 ** 31] }))).toBe(
      `${at}value 2147483648 at index 1 is not an integer in [-2147483648, 2147483647] as I32 requires`,
    );
    expect(writeError(w({ dtype: 'U8', shape: [1], data: [1.5] }))).toBe(`${at}value 1.5 at index 0 is not an integer in [0, 255] as U8 requires`);
    expect(writeError(w({ dtype: 'BOOL', shape: [1], data: new Uint8Array([2]) }))).toBe(
      `${at}value 2 at index 0 is not an integer in [0, 1] as BOOL requires`,
    );
    expect(writeError(w({ dtype: 'I64', shape: [1], data: [2 ** 53] }))).toBe(
      `${at}value 9007199254740992 at index 0 is not an integer in [-9007199254740991, 9007199254740991] as I64 requires`,
    );
    expect(writeError(w({ dtype: 'F32', shape: [1], data: [1e39] }))).toBe(`${at}value 1e+39 at index 0 is too large for F32 (it would become infinite)`);
    expect(writeError(w({ dtype: 'F16', shape: [2], data: [1, 65520] }))).toBe(`${at}value 65520 at index 1 is too large for F16 (it would become infinite)`);
    expect(writeError(w({ dtype: 'BF16', shape: [1], data: [3.4e38] }))).toBe(`${at}value 3.4e+38 at index 0 is too large for BF16 (it would become infinite)`);
    expect(writeError({}, { step: 1 })).toBe(`serializeSafetensors: 'metadata' key "step" must map to a string, got 1`);
    expect(writeError({}, 'meta')).toBe(`serializeSafetensors: 'metadata' must be an object of strings, got "meta"`);
  });
});
