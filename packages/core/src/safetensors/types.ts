import type { SafetensorsDtype } from './dtypes.js';

/**
 * One tensor as read from a safetensors file: pure data, no tfjs.
 *
 * `data` holds `product(shape)` elements in row-major ("C") order: a `Float32Array` for F64, F32,
 * F16 and BF16; an `Int32Array` for I32 and I64; a `Uint8Array` for U8 and BOOL (0 or 1).
 * A scalar has `shape: []` and one element; an empty tensor has a 0 in its shape and none.
 */
export interface RawTensor {
  /** The dtype named in the file (the original storage type, not the in-memory one). */
  dtype: SafetensorsDtype;
  /** Dimension sizes, outermost first: `[rows, cols]` for a matrix, `[]` for a scalar. */
  shape: number[];
  /** The elements, `product(shape)` of them, row-major. */
  data: Float32Array | Int32Array | Uint8Array;
}

/**
 * A tensor to write: like {@link RawTensor}, but `data` may be any array of numbers, and is
 * checked against `dtype` (integers in range for I32/I64/U8, 0 or 1 for BOOL, finite values
 * that stay finite for F32/F16/BF16).
 */
export interface TensorToWrite {
  /** The dtype to store. */
  dtype: SafetensorsDtype;
  /** Dimension sizes, outermost first; `[]` for a scalar. */
  shape: readonly number[];
  /** The elements, `product(shape)` of them, row-major. */
  data: ArrayLike<number>;
}

/** A whole safetensors file as read by {@link parseSafetensors}. */
export interface SafetensorsFile {
  /** The `__metadata__` string-to-string map; `{}` when the file has none. */
  metadata: Record<string, string>;
  /** The tensors by name, in header order. */
  tensors: Map<string, RawTensor>;
}

/** Options of {@link parseSafetensors} and {@link readSafetensorsFile}. */
export interface ParseSafetensorsOptions {
  /** What the bytes are, for error messages: a file path or URL. Default `'<bytes>'`. */
  source?: string;
  /**
   * The largest JSON header accepted, in bytes. Default 100_000_000 (100 MB, the limit of the
   * reference implementation). A file claiming more is rejected before anything is allocated.
   */
  maxHeaderBytes?: number;
}
