import { CheckpointError } from '../errors.js';
import { LITTLE_ENDIAN, type SafetensorsDtype } from './dtypes.js';
import { halfTable } from './half.js';

/** A fresh copy in its own ArrayBuffer (Buffer#slice would share memory, so no slice()). */
function copy(bytes: Uint8Array): Uint8Array {
  const out = new Uint8Array(bytes.length);
  out.set(bytes);
  return out;
}

const INT32_MIN = -(2 ** 31);
const INT32_MAX = 2 ** 31 - 1;

/**
 * Decodes one tensor's bytes (already checked: `bytes.length` is `count * DTYPE_BYTES[dtype]`)
 * into the typed array of {@link RawTensor}. Always copies, so the result never aliases the file.
 * Private to the reader.
 *
 * @param where Prefix of error messages, naming the function, source and tensor.
 * @throws CheckpointError when an I64 value does not fit int32, a BOOL byte is not 0 or 1, or a
 *   finite F64 value overflows float32.
 */
export function decodeTensor(
  where: string,
  dtype: SafetensorsDtype,
  bytes: Uint8Array,
  count: number,
): Float32Array | Int32Array | Uint8Array {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  switch (dtype) {
    case 'F32': {
      if (LITTLE_ENDIAN) return new Float32Array(copy(bytes).buffer);
      const out = new Float32Array(count);
      for (let i = 0; i < count; i++) out[i] = view.getFloat32(4 * i, true);
      return out;
    }
    case 'I32': {
      if (LITTLE_ENDIAN) return new Int32Array(copy(bytes).buffer);
      const out = new Int32Array(count);
      for (let i = 0; i < count; i++) out[i] = view.getInt32(4 * i, true);
      return out;
    }
    case 'U8':
      return copy(bytes);
    case 'BOOL': {
      const out = copy(bytes);
      const bad = out.findIndex((b) => b > 1);
      if (bad >= 0) throw new CheckpointError(`${where}: BOOL byte at index ${bad} is ${out[bad]}, expected 0 or 1`);
      return out;
    }
    case 'F16':
    case 'BF16': {
      const table = halfTable(dtype);
      const out = new Float32Array(count);
      for (let i = 0; i < count; i++) out[i] = table[bytes[2 * i]! | (bytes[2 * i + 1]! << 8)]!;
      return out;
    }
    case 'F64': {
      const out = new Float32Array(count);
      for (let i = 0; i < count; i++) {
        const v = view.getFloat64(8 * i, true);
        const f = Math.fround(v);
        if (Number.isFinite(v) && !Number.isFinite(f)) {
          throw new CheckpointError(`${where}: F64 value ${v} at index ${i} is too large for float32`);
        }
        out[i] = f;
      }
      return out;
    }
    case 'I64': {
      const out = new Int32Array(count);
      for (let i = 0; i < count; i++) {
        const lo = view.getUint32(8 * i, true);
        const hi = view.getInt32(8 * i + 4, true);
        if (!((hi === 0 && lo <= INT32_MAX) || (hi === -1 && lo >= 2 ** 31))) {
          const v = view.getBigInt64(8 * i, true);
          throw new CheckpointError(
            `${where}: I64 value ${v} at index ${i} is outside the int32 range [${INT32_MIN}, ${INT32_MAX}] rimjs reads I64 into`,
          );
        }
        out[i] = lo | 0;
      }
      return out;
    }
  }
}
