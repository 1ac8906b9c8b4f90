import { CheckpointError, ConfigError } from '../errors.js';
import { checkCoverage, checkEntry, checkMetadata, describe, isObject, tensorLabel, type HeaderEntry } from './check-header.js';
import { decodeTensor } from './decode-tensor.js';
import type { ParseSafetensorsOptions, RawTensor, SafetensorsFile } from './types.js';

/** The default limit on the JSON header, in bytes (that of the reference implementation). */
export const DEFAULT_MAX_HEADER_BYTES = 100_000_000;

/**
 * Reads a safetensors file held in memory: an 8-byte little-endian u64 header length N, N bytes
 * of UTF-8 JSON header (which must begin with `{` and may be padded with trailing spaces), then
 * the data buffer. Every tensor is copied out, converted as {@link RawTensor} says (F64, F16 and
 * BF16 to float32; I64 to int32).
 *
 * The input is treated as hostile: every claim of the header is checked before anything sized by
 * it is allocated, and the tensors must cover the data buffer exactly (no holes, no overlaps).
 * Unknown header fields of a tensor entry are ignored.
 *
 * @param bytes The whole file.
 * @param options `source` names the bytes in errors (a path); `maxHeaderBytes` caps the header.
 * @returns The metadata (`{}` when absent) and the tensors in header order.
 * @throws CheckpointError naming the source, the tensor where relevant, and the problem: a file
 *   under 8 bytes; a header length past the end or over `maxHeaderBytes`; a header that is not
 *   UTF-8 JSON of an object; an entry that is not `{dtype, shape, data_offsets}`; an unsupported
 *   dtype; a shape not of non-negative integers, or with more elements than the file holds;
 *   offsets out of order, past the data, or of the wrong byte length; overlapping tensors;
 *   holes; `__metadata__` not string to string; I64 values outside int32; BOOL bytes not 0/1.
 * @throws ConfigError when `options.maxHeaderBytes` is not a non-negative integer.
 * @example
 * const file = parseSafetensors(bytes, { source: 'model.safetensors' });
 * const w = file.tensors.get('weight'); // { dtype: 'F32', shape: [4, 3], data: Float32Array(12) }
 */
export function parseSafetensors(bytes: Uint8Array, options: ParseSafetensorsOptions = {}): SafetensorsFile {
  return parseSafetensorsAs('parseSafetensors', bytes, options);
}

/** {@link parseSafetensors} with the function name of messages given (readSafetensorsFile). */
export function parseSafetensorsAs(fn: string, input: Uint8Array, options: ParseSafetensorsOptions): SafetensorsFile {
  const source = options.source ?? '<bytes>';
  const at = `${fn}: ${source}`;
  const fail = (problem: string): CheckpointError => new CheckpointError(`${at}: ${problem}`);
  const maxHeader = options.maxHeaderBytes ?? DEFAULT_MAX_HEADER_BYTES;
  if (!Number.isSafeInteger(maxHeader) || maxHeader < 0) {
    throw new ConfigError(`${fn}: options.maxHeaderBytes: must be a non-negative integer, got ${describe(maxHeader)}`);
  }
  if (!(input instanceof Uint8Array)) {
    throw fail(`bytes must be a Uint8Array, got ${input === null ? 'null' : typeof input}`);
  }
  // A plain view, so that a Node Buffer's own slice() and subarray() play no part.
  const bytes = new Uint8Array(input.buffer, input.byteOffset, input.byteLength);
  if (bytes.length < 8) throw fail(`file is ${bytes.length} bytes, shorter than the 8-byte header length`);

  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const claimed = view.getBigUint64(0, true);
  if (claimed > BigInt(maxHeader)) {
    throw fail(`header length ${claimed} exceeds the limit of ${maxHeader} bytes (option maxHeaderBytes)`);
  }
  const n = Number(claimed);
  if (n > bytes.length - 8) {
    throw fail(`header length ${n} runs past the end of the file (${bytes.length - 8} bytes follow the length)`);
  }
  const headerBytes = bytes.subarray(8, 8 + n);
  if (headerBytes[0] !== 0x7b) {
    const got = n === 0 ? 'an empty header' : `byte 0x${headerBytes[0]!.toString(16).padStart(2, '0')}`;
    throw fail(`header must begin with '{' (0x7b), got ${got}`);
  }
  let text: string;
  try {
    text = new TextDecoder('utf-8', { fatal: true }).decode(headerBytes);
  } catch {
    throw fail('header is not valid UTF-8');
  }
  let header: unknown;
  try {
    header = JSON.parse(text); // trailing space padding is JSON whitespace
  } catch (e) {
    throw fail(`header is not valid JSON (${(e as Error).message})`);
  }
  if (!isObject(header)) throw fail(`header must be a JSON object, got ${describe(header)}`);

  const data = bytes.subarray(8 + n); // [dataLength] bytes
  let metadata: Record<string, string> = {};
  const entries: HeaderEntry[] = [];
  for (const [name, value] of Object.entries(header)) {
    if (name === '__metadata__') metadata = checkMetadata(value, fail);
    else entries.push(checkEntry(name, value, data.length, fail));
  }
  checkCoverage(entries, data.length, fail);

  const tensors = new Map<string, RawTensor>();
  for (const e of entries) {
    const values = decodeTensor(`${at}: ${tensorLabel(e.name)}`, e.dtype, data.subarray(e.begin, e.end), e.count);
    tensors.set(e.name, { dtype: e.dtype, shape: e.shape, data: values });
  }
  return { metadata, tensors };
}
