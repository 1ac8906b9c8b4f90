import { CheckpointError } from '../errors.js';
import { LITTLE_ENDIAN, type SafetensorsDtype } from './dtypes.js';
import { encodeHalf } from './half.js';

interface IntRange {
  min: number;
  max: number;
}

const INT_RANGE: Partial<Record<SafetensorsDtype, IntRange>> = {
  I64: { min: Number.MIN_SAFE_INTEGER, max: Number.MAX_SAFE_INTEGER },
  I32: { min: -(2 ** 31), max: 2 ** 31 - 1 },
  U8: { min: 0, max: 255 },
  BOOL: { min: 0, max: 1 },
};

/** Copies a typed array's bytes as they are (only right on little-endian hosts). */
function copyBytes(data: Float32Array | Int32Array | Uint8Array, out: Uint8Array): void {
  out.set(new Uint8Array(data.buffer, data.byteOffset, data.byteLength));
}

/**
 * Writes `data` as `dtype` into `out` (exactly `data.length * DTYPE_BYTES[dtype]` bytes),
 * checking every value: integer dtypes need integers in range (I64: safe integers; BOOL: 0 or 1),
 * float dtypes need finite values to stay finite (no silent overflow to infinity). NaN and
 * infinities of float inputs are kept. Private to the writer.
 *
 * @param where Prefix of error messages, naming the function and tensor.
 * @throws CheckpointError naming the index and value of the first value that does not fit.
 */
export function encodeTensor(where: string, dtype: SafetensorsDtype, data: ArrayLike<number>, out: Uint8Array): void {
  const n = data.length;
  if (LITTLE_ENDIAN && dtype === 'F32' && data instanceof Float32Array) return copyBytes(data, out);
  if (LITTLE_ENDIAN && dtype === 'I32' && data instanceof Int32Array) return copyBytes(data, out);
  if (dtype === 'U8' && data instanceof Uint8Array) return copyBytes(data, out);
  const view = new DataView(out.buffer, out.byteOffset, out.byteLength);
  const range = INT_RANGE[dtype];
  for (let i = 0; i < n; i++) {
    const v = data[i]!;
    if (range !== undefined) {
      if (!Number.isInteger(v) || v < range.min || v > range.max) {
        throw new CheckpointError(
          `${where}: value ${v} at index ${i} is not an integer in [${range.min}, ${range.max}] as ${dtype} requires`,
        );
      }
    }
    switch (dtype) {
      case 'F64':
        view.setFloat64(8 * i, v, true);
        break;
      case 'F32': {
        const f = Math.fround(v);
        if (Number.isFinite(v) && !Number.isFinite(f)) throw overflow(where, v, i, dtype);
        view.setFloat32(4 * i, f, true);
        break;
      }
      case 'F16':
      case 'BF16': {
        const bits = encodeHalf(v, dtype);
        if (Number.isFinite(v) && (bits & 0x7fff) === (dtype === 'F16' ? 0x7c00 : 0x7f80)) throw overflow(where, v, i, dtype);
        view.setUint16(2 * i, bits, true);
        break;
      }
      case 'I64':
        view.setBigInt64(8 * i, BigInt(v), true);
        break;
      case 'I32':
        view.setInt32(4 * i, v, true);
        break;
      case 'U8':
      case 'BOOL':
        out[i] = v;
        break;
    }
  }
}

function overflow(where: string, v: number, i: number, dtype: SafetensorsDtype): CheckpointError {
  return new CheckpointError(`${where}: value ${v} at index ${i} is too large for ${dtype} (it would become infinite)`);
}
