import { CheckpointError } from '../errors.js';
import { describe, isObject, tensorLabel } from './check-header.js';
import { DTYPE_BYTES, SAFETENSORS_DTYPES, isSafetensorsDtype, type SafetensorsDtype } from './dtypes.js';
import { encodeTensor } from './encode-tensor.js';
import type { TensorToWrite } from './types.js';

/** Tensors to write, by name: a plain record, or a Map such as {@link SafetensorsFile.tensors}. */
export type TensorsToWrite = Readonly<Record<string, TensorToWrite>> | ReadonlyMap<string, TensorToWrite>;

interface Planned {
  name: string;
  dtype: SafetensorsDtype;
  shape: number[];
  data: ArrayLike<number>;
  begin: number;
  end: number;
}

const FN = 'serializeSafetensors';

function checkTensor(name: string, t: unknown): Omit<Planned, 'begin' | 'end'> {
  const at = `${FN}: ${tensorLabel(name)}`;
  if (name === '__metadata__') throw new CheckpointError(`${FN}: '__metadata__' is reserved and cannot name a tensor`);
  if (!isObject(t)) throw new CheckpointError(`${at}: must be {dtype, shape, data}, got ${describe(t)}`);
  const { dtype, shape, data } = t;
  if (!isSafetensorsDtype(dtype)) {
    throw new CheckpointError(`${at}: 'dtype' must be one of ${SAFETENSORS_DTYPES.join(', ')}, got ${describe(dtype)}`);
  }
  if (!Array.isArray(shape) || !shape.every((d) => Number.isSafeInteger(d) && d >= 0)) {
    throw new CheckpointError(`${at}: 'shape' must be an array of non-negative integers, got ${describe(shape)}`);
  }
  const length = (data as { length?: unknown } | null)?.length;
  if (typeof data !== 'object' || data === null || typeof length !== 'number') {
    throw new CheckpointError(`${at}: 'data' must be an array or typed array of numbers, got ${describe(data)}`);
  }
  const count = (shape as number[]).reduce((p, d) => p * d, 1);
  if (length !== count) {
    throw new CheckpointError(`${at}: 'data' has ${length} elements, but shape [${shape.join(', ')}] needs ${count}`);
  }
  return { name, dtype, shape: [...(shape as number[])], data: data as ArrayLike<number> };
}

function checkMetadata(metadata: unknown): Record<string, string> {
  if (metadata === undefined) return {};
  if (!isObject(metadata)) throw new CheckpointError(`${FN}: 'metadata' must be an object of strings, got ${describe(metadata)}`);
  for (const [key, v] of Object.entries(metadata)) {
    if (typeof v !== 'string') {
      throw new CheckpointError(`${FN}: 'metadata' key ${describe(key)} must map to a string, got ${describe(v)}`);
    }
  }
  return metadata as Record<string, string>;
}

/**
 * Writes tensors and string metadata as a safetensors file. Tensors are laid out by element size,
 * largest first, then by name (code-unit order) — the order of the reference implementation — so
 * the data buffer is contiguous and, the header being padded with spaces to a multiple of 8
 * bytes, every tensor starts at a multiple of its element size in the file. `__metadata__` is
 * written first, and only when `metadata` has a key.
 *
 * Every value is checked against its dtype (see {@link TensorToWrite}); F64 values are written
 * exactly, F32/F16/BF16 rounded to nearest even. A file read by {@link parseSafetensors} writes
 * back with `serializeSafetensors(file.tensors, file.metadata)` (I64 and F64 then hold the int32
 * and float32 values read).
 *
 * @param tensors The tensors by name; `data` has `product(shape)` elements, row-major.
 * @param metadata Optional `__metadata__`, string keys to string values.
 * @returns The whole file.
 * @throws CheckpointError naming the tensor and problem: a tensor named `__metadata__`; an entry
 *   that is not `{dtype, shape, data}`; an unknown dtype; a bad shape; a data length other than
 *   product(shape); a value that does not fit its dtype; metadata not string to string.
 * @example
 * const bytes = serializeSafetensors({ w: { dtype: 'F32', shape: [2], data: new Float32Array([1, 2]) } }, { step: '10' });
 */
export function serializeSafetensors(tensors: TensorsToWrite, metadata?: Record<string, string>): Uint8Array {
  if (!(tensors instanceof Map) && !isObject(tensors)) {
    throw new CheckpointError(`${FN}: 'tensors' must be a record or Map of tensors, got ${describe(tensors)}`);
  }
  const meta = checkMetadata(metadata);
  const list = (tensors instanceof Map ? [...tensors] : Object.entries(tensors)).map(([name, t]) => checkTensor(name, t));
  list.sort((a, b) => DTYPE_BYTES[b.dtype] - DTYPE_BYTES[a.dtype] || (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));

  let cursor = 0;
  const planned: Planned[] = list.map((t) => {
    const begin = cursor;
    cursor += t.data.length * DTYPE_BYTES[t.dtype];
    return { ...t, begin, end: cursor };
  });
  const parts: string[] = [];
  if (Object.keys(meta).length > 0) parts.push(`"__metadata__":${JSON.stringify(meta)}`);
  for (const p of planned) {
    parts.push(`${JSON.stringify(p.name)}:${JSON.stringify({ dtype: p.dtype, shape: p.shape, data_offsets: [p.begin, p.end] })}`);
  }
  const json = new TextEncoder().encode(`{${parts.join(',')}}`);
  const headerLength = Math.ceil(json.length / 8) * 8; // padded with spaces (0x20)

  const out = new Uint8Array(8 + headerLength + cursor);
  new DataView(out.buffer).setBigUint64(0, BigInt(headerLength), true);
  out.set(json, 8);
  out.fill(0x20, 8 + json.length, 8 + headerLength);
  const dataStart = 8 + headerLength;
  for (const p of planned) {
    encodeTensor(`${FN}: ${tensorLabel(p.name)}`, p.dtype, p.data, out.subarray(dataStart + p.begin, dataStart + p.end));
  }
  return out;
}
