import * as tf from '@tensorflow/tfjs-core';
import { CheckpointError, parseSafetensors, serializeSafetensors, type TensorToWrite } from '@rimjs/core';
import { MAX_BLOCK_SIDE, checkBlockShape, type BlockShape } from './block-shape.js';
import { bsrToDense, denseToBsr, type BsrMatrix } from './bsr-matrix.js';

/** The `rimjs.format` metadata value of a block-sparse safetensors file. */
export const BLOCK_SPARSE_FORMAT = 'rimjs-block-sparse/1';

/** What {@link decodeBlockSparse} returns. */
export interface BlockSparseContents {
  /** The user metadata (without the `rimjs.*` keys). */
  metadata: Record<string, string>;
  /** Every tensor as a dense tfjs tensor (BSR matrices expanded), ready for `Parameters.load`; the caller disposes them. */
  tensors: Record<string, tf.Tensor>;
  /** The BSR matrices by name (host data), for {@link prepareBsr}. */
  bsr: Record<string, BsrMatrix>;
}

/**
 * A safetensors file holding `tensors`, those named in `sparse` in BSR form: for a matrix `w`,
 * `w.block_row_ptr` (I32 `[rows / bh + 1]`), `w.block_col_idx` (I32 `[nnzb]`) and `w.blocks`
 * (F32 `[nnzb, bh, bw]`), the blocks with a non-zero value; the others as dense F32. Metadata
 * `rimjs.format` = {@link BLOCK_SPARSE_FORMAT} and `rimjs.bsr` = JSON `{ name: { shape, block } }`,
 * plus the caller's `metadata`.
 *
 * @param tensors float32 tensors by name (not disposed)
 * @param sparse block shape per matrix to store sparse
 * @throws ConfigError / ShapeError for a bad block shape; CheckpointError for a missing name.
 * @example
 * const bytes = await encodeBlockSparse(params.toRecord(), { 'lstm.weightHh': [8, 8] });
 */
export async function encodeBlockSparse(
  tensors: Readonly<Record<string, tf.Tensor>>,
  sparse: Readonly<Record<string, BlockShape>>,
  metadata: Record<string, string> = {},
): Promise<Uint8Array> {
  const out = new Map<string, TensorToWrite>();
  const layout: Record<string, { shape: number[]; block: number[] }> = {};
  for (const name of Object.keys(sparse)) {
    if (!(name in tensors)) throw new CheckpointError(`encodeBlockSparse: 'sparse' names '${name}', which is not in 'tensors'`);
  }
  for (const [name, t] of Object.entries(tensors)) {
    const data = (await t.data()) as Float32Array;
    const block = sparse[name];
    if (!block) {
      out.set(name, { dtype: 'F32', shape: [...t.shape], data });
      continue;
    }
    checkBlockShape(`encodeBlockSparse(${name})`, 'block', block, t.shape);
    const m = denseToBsr(data, t.shape[0]!, t.shape[1]!, block);
    out.set(`${name}.block_row_ptr`, { dtype: 'I32', shape: [m.rowPtr.length], data: m.rowPtr });
    out.set(`${name}.block_col_idx`, { dtype: 'I32', shape: [m.colIdx.length], data: m.colIdx });
    out.set(`${name}.blocks`, { dtype: 'F32', shape: [m.colIdx.length, block[0], block[1]], data: m.values });
    layout[name] = { shape: [...t.shape], block: [...block] };
  }
  return serializeSafetensors(out, { ...metadata, 'rimjs.format': BLOCK_SPARSE_FORMAT, 'rimjs.bsr': JSON.stringify(layout) });
}

function fail(source: string, what: string): never {
  throw new CheckpointError(`decodeBlockSparse: ${source}: ${what}`);
}

function readLayout(source: string, meta: Record<string, string>): Record<string, { shape: [number, number]; block: [number, number] }> {
  if (meta['rimjs.format'] !== BLOCK_SPARSE_FORMAT) fail(source, `metadata 'rimjs.format' must be '${BLOCK_SPARSE_FORMAT}', got ${JSON.stringify(meta['rimjs.format'])}`);
  let layout: unknown;
  try {
    layout = JSON.parse(meta['rimjs.bsr'] ?? '');
  } catch {
    fail(source, `metadata 'rimjs.bsr' is not JSON`);
  }
  if (typeof layout !== 'object' || layout === null || Array.isArray(layout)) fail(source, `metadata 'rimjs.bsr' must be an object`);
  const dims = (v: unknown, max: number): v is [number, number] =>
    Array.isArray(v) && v.length === 2 && v.every((d) => Number.isInteger(d) && d >= 1 && d <= max);
  for (const [name, l] of Object.entries(layout as Record<string, { shape?: unknown; block?: unknown }>)) {
    if (!dims(l.shape, 1 << 20) || !dims(l.block, MAX_BLOCK_SIDE) || l.shape[0] % l.block[0] !== 0 || l.shape[1] % l.block[1] !== 0) {
      fail(source, `'rimjs.bsr' entry '${name}' needs shape [rows, cols] tiled by block [bh, bw] (sides in [1, ${MAX_BLOCK_SIDE}]), got ${JSON.stringify(l)}`);
    }
  }
  return layout as Record<string, { shape: [number, number]; block: [number, number] }>;
}

function checkBsr(source: string, name: string, m: BsrMatrix): void {
  const [bh, bw] = m.block;
  const gr = m.rows / bh;
  const gc = m.cols / bw;
  if (m.rowPtr.length !== gr + 1 || m.rowPtr[0] !== 0) fail(source, `'${name}.block_row_ptr' must have ${gr + 1} entries starting at 0`);
  for (let i = 0; i < gr; i++) {
    if (m.rowPtr[i + 1]! < m.rowPtr[i]!) fail(source, `'${name}.block_row_ptr' must not decrease (entry ${i + 1})`);
    for (let k = m.rowPtr[i]! + 1; k < m.rowPtr[i + 1]!; k++) {
      if (m.colIdx[k]! <= m.colIdx[k - 1]!) fail(source, `'${name}.block_col_idx' must increase within block row ${i}`);
    }
  }
  if (m.rowPtr[gr] !== m.colIdx.length) fail(source, `'${name}.block_row_ptr' ends at ${m.rowPtr[gr]}, but there are ${m.colIdx.length} blocks`);
  if (m.colIdx.some((j) => j < 0 || j >= gc)) fail(source, `'${name}.block_col_idx' must lie in [0, ${gc})`);
  if (m.values.length !== m.colIdx.length * bh * bw) fail(source, `'${name}.blocks' must be [${m.colIdx.length}, ${bh}, ${bw}]`);
}

/**
 * Reads what {@link encodeBlockSparse} wrote (any file core's hardened safetensors reader
 * accepts, then checks the BSR structure: pointer monotone and complete, column indices in range
 * and increasing per block row, block values of the right size).
 *
 * @throws CheckpointError naming the file and what is wrong; nothing is left allocated.
 */
export function decodeBlockSparse(bytes: Uint8Array, { source = '<bytes>' }: { source?: string } = {}): BlockSparseContents {
  const file = parseSafetensors(bytes, { source });
  const layout = readLayout(source, file.metadata);
  const metadata = Object.fromEntries(Object.entries(file.metadata).filter(([k]) => !k.startsWith('rimjs.')));
  const bsr: Record<string, BsrMatrix> = {};
  const used = new Set<string>();
  for (const [name, { shape, block }] of Object.entries(layout)) {
    const parts = ['block_row_ptr', 'block_col_idx', 'blocks'].map((p) => {
      const t = file.tensors.get(`${name}.${p}`);
      if (!t) fail(source, `missing '${name}.${p}'`);
      used.add(`${name}.${p}`);
      return t;
    });
    const [ptr, idx, vals] = parts as [NonNullable<(typeof parts)[0]>, NonNullable<(typeof parts)[0]>, NonNullable<(typeof parts)[0]>];
    if (!(ptr.data instanceof Int32Array) || !(idx.data instanceof Int32Array) || !(vals.data instanceof Float32Array)) {
      fail(source, `'${name}' needs I32 block_row_ptr and block_col_idx and float blocks`);
    }
    const m: BsrMatrix = { rows: shape[0], cols: shape[1], block, rowPtr: ptr.data, colIdx: idx.data, values: vals.data };
    checkBsr(source, name, m);
    bsr[name] = m;
  }
  const tensors: Record<string, tf.Tensor> = {};
  for (const [name, t] of file.tensors) {
    if (used.has(name)) continue;
    if (!(t.data instanceof Float32Array)) fail(source, `dense tensor '${name}' must be a float dtype, got ${t.dtype}`);
  }
  for (const [name, t] of file.tensors) if (!used.has(name)) tensors[name] = tf.tensor(t.data, t.shape, 'float32');
  for (const [name, m] of Object.entries(bsr)) tensors[name] = tf.tensor2d(bsrToDense(m), [m.rows, m.cols]);
  return { metadata, tensors, bsr };
}
