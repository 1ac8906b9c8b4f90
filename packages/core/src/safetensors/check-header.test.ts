import { describe as suite, expect, it } from 'vitest';
import { CheckpointError } from '../errors.js';
import { describe, tensorLabel } from './check-header.js';
import { parseSafetensors } from './parse-safetensors.js';

function file(json: string): Uint8Array {
  const h = new TextEncoder().encode(json);
  const out = new Uint8Array(8 + h.length);
  new DataView(out.buffer).setBigUint64(0, BigInt(h.length), true);
  out.set(h, 8);
  return out;
}

suite('check-header message helpers', () => {
  it('describes values as short JSON, and nothing for undefined', () => {
    expect(describe(undefined)).toBe('nothing');
    expect(describe([1, 'a'])).toBe('[1,"a"]');
    expect(describe('x'.repeat(200))).toBe(`"${'x'.repeat(76)}...`);
    expect(tensorLabel('w"1')).toBe('tensor "w\\"1"');
  });

  it('survives values nested too deep to stringify, in a hostile header', () => {
    const depth = 100_000; // JSON.parse copes; JSON.stringify of it overflows the stack
    const nested = '['.repeat(depth) + ']'.repeat(depth);
    const run = (json: string) => () => parseSafetensors(file(json), { source: 'deep' });
    expect(run(`{"a":${nested}}`)).toThrow(
      new CheckpointError('parseSafetensors: deep: tensor "a": entry must be an object {dtype, shape, data_offsets}, got an array'),
    );
    expect(run(`{"a":{"dtype":"F32","shape":${nested},"data_offsets":[0,0]}}`)).toThrow(
      new CheckpointError("parseSafetensors: deep: tensor \"a\": 'shape' must be an array of non-negative integers, got an array"),
    );
    expect(run(`{"__metadata__":{"k":${nested}}}`)).toThrow(
      new CheckpointError(`parseSafetensors: deep: '__metadata__' key "k" must map to a string, got an array`),
    );
  });
});
