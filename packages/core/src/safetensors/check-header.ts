/**
 * Checks of a parsed safetensors JSON header, one entry at a time and then all together.
 * Private to the reader: every problem goes to `fail`, which builds the CheckpointError.
 */
import { DTYPE_BYTES, SAFETENSORS_DTYPES, isSafetensorsDtype, type SafetensorsDtype } from './dtypes.js';

/** Builds the error to throw; the message gets the function and source in front. */
export type Fail = (problem: string) => Error;

/** One checked tensor entry; offsets are relative to the start of the data buffer. */
export interface HeaderEntry {
  name: string;
  dtype: SafetensorsDtype;
  shape: number[];
  begin: number;
  end: number;
  /** product(shape), known to fit the data buffer. */
  count: number;
}

/** A value for a message: JSON, cut to 80 characters. @throws never. */
export function describe(x: unknown): string {
  if (x === undefined) return 'nothing';
  let s: string;
  try {
    s = JSON.stringify(x) ?? String(x);
  } catch {
    s = Array.isArray(x) ? 'an array' : typeof x; // e.g. nested too deep for the stack
  }
  return s.length > 80 ? `${s.slice(0, 77)}...` : s;
}

/** `tensor "name"` for a message, the name cut to 100 characters. @throws never. */
export function tensorLabel(name: string): string {
  return `tensor ${JSON.stringify(name.length > 100 ? `${name.slice(0, 100)}...` : name)}`;
}

/** A JSON object (not null, not an array). @throws never. */
export function isObject(x: unknown): x is Record<string, unknown> {
  return typeof x === 'object' && x !== null && !Array.isArray(x);
}

/** product(shape), or null when it exceeds `limit` (checked as it grows, so it never overflows). */
function elementCount(shape: readonly number[], limit: number): number | null {
  if (shape.includes(0)) return 0;
  let count = 1;
  for (const d of shape) {
    count *= d;
    if (count > limit) return null;
  }
  return count;
}

/**
 * Checks `__metadata__`: an object whose every value is a string. Returns a fresh copy.
 * @throws what `fail` builds, naming the first bad key.
 */
export function checkMetadata(value: unknown, fail: Fail): Record<string, string> {
  if (!isObject(value)) throw fail(`'__metadata__' must be an object of strings, got ${describe(value)}`);
  for (const [key, v] of Object.entries(value)) {
    if (typeof v !== 'string') throw fail(`'__metadata__' key ${describe(key)} must map to a string, got ${describe(v)}`);
  }
  // fromEntries defines own properties, so a key "__proto__" stays a plain key.
  return Object.fromEntries(Object.entries(value)) as Record<string, string>;
}

/**
 * Checks one tensor entry against the data buffer's length.
 * @throws what `fail` builds: bad entry, dtype, shape, offsets, element count or byte length.
 */
export function checkEntry(name: string, value: unknown, dataLength: number, fail: Fail): HeaderEntry {
  const t = tensorLabel(name);
  if (!isObject(value)) throw fail(`${t}: entry must be an object {dtype, shape, data_offsets}, got ${describe(value)}`);
  const { dtype, shape, data_offsets: offsets } = value;
  if (typeof dtype !== 'string') throw fail(`${t}: 'dtype' must be a string, got ${describe(dtype)}`);
  if (!isSafetensorsDtype(dtype)) {
    throw fail(`${t}: unsupported dtype ${describe(dtype)}; rimjs reads ${SAFETENSORS_DTYPES.join(', ')}`);
  }
  const isDim = (d: unknown): d is number => Number.isSafeInteger(d) && (d as number) >= 0;
  if (!Array.isArray(shape) || !shape.every(isDim)) {
    throw fail(`${t}: 'shape' must be an array of non-negative integers, got ${describe(shape)}`);
  }
  if (!Array.isArray(offsets) || offsets.length !== 2 || !offsets.every(isDim)) {
    throw fail(`${t}: 'data_offsets' must be [begin, end], two non-negative integers, got ${describe(offsets)}`);
  }
  const [begin, end] = offsets as [number, number];
  const span = `data_offsets [${begin}, ${end}]`;
  if (begin > end) throw fail(`${t}: ${span} has begin after end`);
  if (end > dataLength) throw fail(`${t}: ${span} ends past the ${dataLength}-byte data buffer`);
  const size = DTYPE_BYTES[dtype];
  const dims = `[${shape.join(', ')}]`;
  const count = elementCount(shape, Math.floor(dataLength / size));
  if (count === null) {
    throw fail(`${t}: shape ${dims} has more elements than the ${dataLength}-byte data buffer can hold as ${dtype}`);
  }
  if (count * size !== end - begin) {
    throw fail(
      `${t}: ${span} span ${end - begin} bytes, but shape ${dims} of ${dtype} (${size} bytes each) needs ${count * size}`,
    );
  }
  return { name, dtype, shape: [...shape], begin, end, count };
}

/**
 * Checks that the tensors cover the data buffer exactly, as the format requires: no byte in two
 * tensors, no byte in none. (This also defeats duplicate JSON keys, which would leave a hole.)
 * @throws what `fail` builds, naming the overlapping tensors or the hole's byte range.
 */
export function checkCoverage(entries: readonly HeaderEntry[], dataLength: number, fail: Fail): void {
  const sorted = [...entries].sort((a, b) => a.begin - b.begin || a.end - b.end);
  let cursor = 0;
  let prev: HeaderEntry | undefined;
  for (const e of sorted) {
    if (e.begin < cursor && prev !== undefined) {
      throw fail(
        `${tensorLabel(prev.name)} [${prev.begin}, ${prev.end}] and ${tensorLabel(e.name)} [${e.begin}, ${e.end}] overlap`,
      );
    }
    if (e.begin > cursor) {
      throw fail(`data bytes [${cursor}, ${e.begin}) before ${tensorLabel(e.name)} belong to no tensor (a hole)`);
    }
    cursor = e.end;
    prev = e;
  }
  if (cursor !== dataLength) {
    throw fail(`data bytes [${cursor}, ${dataLength}) at the end belong to no tensor (a hole)`);
  }
}
