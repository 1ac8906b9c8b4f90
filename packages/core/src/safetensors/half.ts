/**
 * 16-bit floats: IEEE half (F16: 1 sign, 5 exponent, 10 mantissa bits) and bfloat16 (BF16: 1
 * sign, 8 exponent, 7 mantissa bits). Private to the safetensors reader and writer.
 */

/** The two 16-bit float formats. */
export type HalfFormat = 'F16' | 'BF16';

const LAYOUT: Readonly<Record<HalfFormat, { expBits: number; mantBits: number }>> = {
  F16: { expBits: 5, mantBits: 10 },
  BF16: { expBits: 8, mantBits: 7 },
};

/** The exact value of 16 bits read as `format` (slow; the tables below cache it). */
function decodeBits(bits: number, format: HalfFormat): number {
  const { expBits, mantBits } = LAYOUT[format];
  const bias = (1 << (expBits - 1)) - 1;
  const expMax = (1 << expBits) - 1;
  const sign = bits & 0x8000 ? -1 : 1;
  const exp = (bits >> mantBits) & expMax;
  const mant = bits & ((1 << mantBits) - 1);
  if (exp === 0) return sign * mant * 2 ** (1 - bias - mantBits); // zero or subnormal
  if (exp === expMax) return mant === 0 ? sign * Infinity : NaN;
  return sign * (1 + mant / 2 ** mantBits) * 2 ** (exp - bias);
}

const TABLES: Partial<Record<HalfFormat, Float32Array>> = {};

/**
 * All 65536 values of `format` as float32 (every F16 and BF16 value is exact in float32),
 * built on first use: 256 KB per format.
 * @throws never.
 */
export function halfTable(format: HalfFormat): Float32Array {
  let table = TABLES[format];
  if (table === undefined) {
    table = new Float32Array(65536);
    for (let bits = 0; bits < 65536; bits++) table[bits] = decodeBits(bits, format);
    TABLES[format] = table;
  }
  return table;
}

function roundHalfEven(v: number): number {
  const f = Math.floor(v);
  const d = v - f;
  if (d !== 0.5) return d > 0.5 ? f + 1 : f;
  return f % 2 === 0 ? f : f + 1;
}

const SCRATCH = new DataView(new ArrayBuffer(8));

/**
 * The 16 bits of `format` nearest to `x` (round half to even, straight from the float64 bits, so
 * no double rounding through float32). NaN becomes the quiet NaN; values too large become
 * infinity, which the caller checks for.
 * @throws never.
 */
export function encodeHalf(x: number, format: HalfFormat): number {
  const { expBits, mantBits } = LAYOUT[format];
  const bias = (1 << (expBits - 1)) - 1;
  const expMax = (1 << expBits) - 1;
  const infBits = expMax << mantBits;
  if (Number.isNaN(x)) return infBits | (1 << (mantBits - 1));
  const sign = x < 0 || Object.is(x, -0) ? 0x8000 : 0;
  const a = Math.abs(x);
  if (a === Infinity) return sign | infBits;
  const minExp = 1 - bias;
  // Below the smallest normal: a count of the smallest subnormal step. Rounding up to
  // 2^mantBits gives the smallest normal, whose bits are the same number.
  if (a < 2 ** minExp) return sign | roundHalfEven(a * 2 ** (mantBits - minExp));
  // A normal float64 (a >= 2^-126): 11 exponent bits, then 52 mantissa bits, 20 in `hi`.
  SCRATCH.setFloat64(0, a);
  const hi = SCRATCH.getUint32(0);
  const lo = SCRATCH.getUint32(4);
  let e = ((hi >>> 20) & 0x7ff) - 1023;
  const cut = 20 - mantBits; // mantissa bits of `hi` below the kept ones
  let m = (hi & 0xfffff) >>> cut;
  const rest = hi & ((1 << cut) - 1);
  const half = 1 << (cut - 1);
  if (rest > half || (rest === half && (lo !== 0 || (m & 1) === 1))) m++;
  if (m === 1 << mantBits) {
    m = 0;
    e++;
  }
  if (e + bias >= expMax) return sign | infBits;
  return sign | ((e + bias) << mantBits) | m;
}
