import { InvalidArgumentError } from 'commander';
import { BACKEND_NAMES, type BackendName } from '@rimjs/core';
import { LR_SCHEDULES, type LrSchedule } from '@rimjs/runkit';
import { MODEL_KINDS, type ModelKind } from '../presets/preset-types.js';

/**
 * A comma-separated list of distinct integers in [min, max], in the order given.
 * @throws InvalidArgumentError `expected a comma-separated list of <what>, got '...'` or `expected distinct <plural>, got '...'`.
 */
function distinctIntegers(value: string, min: number, max: number, what: string, plural: string): number[] {
  const parts = value.split(',').map((s) => s.trim());
  const list = parts.map(Number);
  const ok = parts.every((p, i) => /^\d+$/.test(p) && Number.isSafeInteger(list[i]) && list[i]! >= min && list[i]! <= max);
  if (!ok) throw new InvalidArgumentError(`expected a comma-separated list of ${what}, got '${value}'`);
  if (new Set(list).size !== list.length) throw new InvalidArgumentError(`expected distinct ${plural}, got '${value}'`);
  return list;
}

/** Commander parsers that reject what does not fit, saying what was expected (commander names the option). */
export const parse = {
  positiveInt(value: string): number {
    const n = Number(value);
    if (!/^\d+$/.test(value.trim()) || !Number.isSafeInteger(n) || n < 1) throw new InvalidArgumentError(`expected a positive integer, got '${value}'`);
    return n;
  },
  nonNegativeInt(value: string): number {
    const n = Number(value);
    if (!/^\d+$/.test(value.trim()) || !Number.isSafeInteger(n)) throw new InvalidArgumentError(`expected an integer >= 0, got '${value}'`);
    return n;
  },
  positiveNumber(value: string): number {
    const n = Number(value);
    if (value.trim() === '' || !Number.isFinite(n) || n <= 0) throw new InvalidArgumentError(`expected a number > 0, got '${value}'`);
    return n;
  },
  nonNegativeNumber(value: string): number {
    const n = Number(value);
    if (value.trim() === '' || !Number.isFinite(n) || n < 0) throw new InvalidArgumentError(`expected a number >= 0, got '${value}'`);
    return n;
  },
  finiteNumber(value: string): number {
    const n = Number(value);
    if (value.trim() === '' || !Number.isFinite(n)) throw new InvalidArgumentError(`expected a number, got '${value}'`);
    return n;
  },
  rate(value: string): number {
    const n = Number(value);
    if (value.trim() === '' || !Number.isFinite(n) || n < 0 || n >= 1) throw new InvalidArgumentError(`expected a number in [0, 1), got '${value}'`);
    return n;
  },
  /** `a.b,c`: a comma-separated list of names (no empty entry). */
  names(value: string): string[] {
    const list = value.split(',').map((s) => s.trim());
    if (list.some((s) => s === '')) throw new InvalidArgumentError(`expected a comma-separated list of names, got '${value}'`);
    return list;
  },
  /** `1,2,3`: distinct integers >= 0, in the order given. */
  seeds(value: string): number[] {
    return distinctIntegers(value, 0, 2 ** 32 - 1, 'integers >= 0, e.g. 1,2,3', 'seeds');
  },
  /** `10,14`: distinct image sides in [1, 1024], in the order given. */
  sides(value: string): number[] {
    return distinctIntegers(value, 1, 1024, 'image sides in [1, 1024], e.g. 10,14', 'sides');
  },
  models(value: string): ModelKind[] {
    const list = value.split(',').map((s) => s.trim()).filter((s) => s !== '');
    const bad = list.filter((m) => !(MODEL_KINDS as readonly string[]).includes(m));
    if (list.length === 0 || bad.length > 0) throw new InvalidArgumentError(`expected a comma-separated list of ${MODEL_KINDS.join(', ')}, got '${value}'`);
    return list as ModelKind[];
  },
  backend(value: string): BackendName {
    if (!(BACKEND_NAMES as readonly string[]).includes(value)) throw new InvalidArgumentError(`expected one of ${BACKEND_NAMES.join(', ')}, got '${value}'`);
    return value as BackendName;
  },
  dropoutPer(value: string): 'unit' | 'slot' {
    if (value !== 'unit' && value !== 'slot') throw new InvalidArgumentError(`expected unit or slot, got '${value}'`);
    return value;
  },
  threads(value: string): 1 | 2 {
    if (value !== '1' && value !== '2') throw new InvalidArgumentError(`expected 1 or 2, got '${value}'`);
    return Number(value) as 1 | 2;
  },
  lrSchedule(value: string): LrSchedule {
    if (!(LR_SCHEDULES as readonly string[]).includes(value)) throw new InvalidArgumentError(`expected ${LR_SCHEDULES.join(', ')}, got '${value}'`);
    return value as LrSchedule;
  },
  engine(value: string): 'fused' | 'composed' {
    if (value !== 'fused' && value !== 'composed') throw new InvalidArgumentError(`expected fused or composed, got '${value}'`);
    return value;
  },
  cell(value: string): 'official' | 'paper' {
    if (value !== 'official' && value !== 'paper') throw new InvalidArgumentError(`expected official or paper, got '${value}'`);
    return value;
  },
  unitCell(value: string): 'lstm' | 'gru' {
    if (value !== 'lstm' && value !== 'gru') throw new InvalidArgumentError(`expected lstm or gru, got '${value}'`);
    return value;
  },
  /** `section.field=value`, collected over repeats. */
  set(value: string, previous: string[] = []): string[] {
    if (!/^(task|sizes|train)\.[A-Za-z]+=.*$/.test(value)) throw new InvalidArgumentError(`expected task.<field>=<value>, sizes.<field>=<value> or train.<field>=<value>, got '${value}'`);
    return [...previous, value];
  },
};
