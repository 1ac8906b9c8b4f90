/**
 * The safetensors dtypes rimjs reads and writes, their sizes, and the typed array each one is
 * held in once read. Other safetensors dtypes (I8, I16, U16, U32, U64, F8_*) are rejected with a
 * {@link CheckpointError} naming them.
 */

/** Every safetensors dtype rimjs reads and writes. */
export const SAFETENSORS_DTYPES = ['F64', 'F32', 'F16', 'BF16', 'I64', 'I32', 'U8', 'BOOL'] as const;

/** One of {@link SAFETENSORS_DTYPES}: the dtype named in the file header. */
export type SafetensorsDtype = (typeof SAFETENSORS_DTYPES)[number];

/** Bytes per element of each dtype in the file. */
export const DTYPE_BYTES: Readonly<Record<SafetensorsDtype, number>> = {
  F64: 8,
  F32: 4,
  F16: 2,
  BF16: 2,
  I64: 8,
  I32: 4,
  U8: 1,
  BOOL: 1,
};

/**
 * The typed array a dtype is held in once read: floats as `Float32Array` (F64 rounded, F16 and
 * BF16 exact), integers as `Int32Array` (I64 only when every value fits int32), U8 and BOOL as
 * `Uint8Array`.
 */
export type DataKind = 'float32' | 'int32' | 'uint8';

const KIND: Readonly<Record<SafetensorsDtype, DataKind>> = {
  F64: 'float32',
  F32: 'float32',
  F16: 'float32',
  BF16: 'float32',
  I64: 'int32',
  I32: 'int32',
  U8: 'uint8',
  BOOL: 'uint8',
};

/**
 * Whether `x` names a dtype rimjs reads and writes.
 * @throws never.
 * @example isSafetensorsDtype('F16') // true; isSafetensorsDtype('I8') // false
 */
export function isSafetensorsDtype(x: unknown): x is SafetensorsDtype {
  return typeof x === 'string' && (SAFETENSORS_DTYPES as readonly string[]).includes(x);
}

/**
 * The typed array kind a dtype is read into (see {@link DataKind}).
 * @throws never.
 * @example dataKindOf('BF16') // 'float32'
 */
export function dataKindOf(dtype: SafetensorsDtype): DataKind {
  return KIND[dtype];
}

/** True on little-endian hosts (all current JS engines), where bytes can be copied as they are. */
export const LITTLE_ENDIAN = new Uint8Array(new Uint16Array([1]).buffer)[0] === 1;
