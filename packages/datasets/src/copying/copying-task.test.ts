import { describe, it, expect, beforeAll } from 'vitest';
import * as tf from '@tensorflow/tfjs-core';
import { ConfigError } from '@rimjs/core';
import { expectNoLeak, useBackend } from '@rimjs/core/testing';
import { CopyingTask } from './copying-task.js';

/** Column b of a time-major [time, batch] array. */
const column = (data: ArrayLike<number>, time: number, batch: number, b: number): number[] =>
  Array.from({ length: time }, (_, t) => data[t * batch + b]!);

describe('CopyingTask', () => {
  beforeAll(() => useBackend('cpu'));

  it('has the official layout at T = 50: time 70, vocab 10, shapes and dtypes', () => {
    const task = new CopyingTask();
    expect([task.time, task.vocab, task.marker, task.name]).toEqual([70, 10, 9, 'copying-T50']);
    expect(task.shapes.inputs).toEqual({ dims: [['time', 70], ['batch', null]], dtype: 'int32' });
    const b = task.toTensors(task.batchAt(0, 16, 1));
    expect([b.inputs.shape, b.inputs.dtype, b.targets.shape, b.targets.dtype]).toEqual([[70, 16], 'int32', [70, 16], 'int32']);
    tf.dispose(b);
    expect(new CopyingTask({ delay: 200 }).time).toBe(220);
  });

  it('every sequence is: 10 symbols in 1..8, T-1 blanks, marker 9, 10 blanks; target T+10 blanks then the symbols', () => {
    for (const delay of [1, 50, 200]) {
      const task = new CopyingTask({ delay });
      const batch = 32;
      const { inputs, targets } = task.batchAt(3, batch, 'layout');
      const time = delay + 20;
      for (let b = 0; b < batch; b++) {
        const x = column(inputs.data, time, batch, b);
        const y = column(targets.data, time, batch, b);
        const symbols = x.slice(0, 10);
        symbols.forEach((s) => expect(s >= 1 && s <= 8).toBe(true));
        const expectedX = [...symbols, ...Array(delay - 1).fill(0), 9, ...Array(10).fill(0)];
        const expectedY = [...Array(delay + 10).fill(0), ...symbols];
        expect(x).toEqual(expectedX);
        expect(y).toEqual(expectedY);
      }
    }
  });

  it('honours numSymbols and symbolRange', () => {
    const task = new CopyingTask({ delay: 5, numSymbols: 3, symbolRange: 4 });
    expect([task.time, task.vocab, task.marker]).toEqual([11, 6, 5]);
    const { inputs, targets } = task.batchAt(0, 50, 2);
    for (let b = 0; b < 50; b++) {
      const x = column(inputs.data, 11, 50, b);
      expect(x.slice(0, 3).every((s) => s >= 1 && s <= 4)).toBe(true);
      expect(x.slice(3)).toEqual([0, 0, 0, 0, 5, 0, 0, 0]);
      expect(column(targets.data, 11, 50, b)).toEqual([0, 0, 0, 0, 0, 0, 0, 0, ...x.slice(0, 3)]);
    }
  });

  it('draws symbols uniformly from 1..8', () => {
    const { inputs } = new CopyingTask().batchAt(0, 2000, 3);
    const counts = new Array(10).fill(0);
    for (let t = 0; t < 10; t++) for (let b = 0; b < 2000; b++) counts[inputs.data[t * 2000 + b]!]++;
    expect(counts[0]).toBe(0);
    expect(counts[9]).toBe(0);
    // 20000 draws, expected 2500 each, sd about 47: allow 5 sd.
    for (let s = 1; s <= 8; s++) expect(Math.abs(counts[s] - 2500)).toBeLessThan(235);
  });

  it('is deterministic by (seed, step), and batches() equals batchAt()', () => {
    const task = new CopyingTask();
    expect(task.batchAt(7, 8, 42).inputs.data).toEqual(new CopyingTask().batchAt(7, 8, 42).inputs.data);
    expect(task.batchAt(7, 8, 42).inputs.data).not.toEqual(task.batchAt(7, 8, 43).inputs.data);
    const it2 = task.batches({ batchSize: 8, seed: 42, start: 7, steps: 1 });
    const b = it2.next().value!;
    expect(Array.from(b.inputs.dataSync())).toEqual(Array.from(task.batchAt(7, 8, 42).inputs.data));
    tf.dispose(b);
    expect(task.batches({ batchSize: 64, seed: 1 }).next().done).toBe(false);
  });

  it('rejects bad configs, naming every field', () => {
    expect(() => new CopyingTask({ delay: 0, symbolRange: 1.5 })).toThrow(ConfigError);
    expect(() => new CopyingTask({ delay: 0, symbolRange: 1.5 })).toThrow(/CopyingConfig\.delay: must be an integer in \[1, ∞\], got 0\n.*CopyingConfig\.symbolRange/);
    expect(() => new CopyingTask({ T: 50 } as never)).toThrow(/CopyingConfig\.T: unknown field/);
  });

  it('leaks no tensor over batches and evaluationSet', async () => {
    const task = new CopyingTask({ size: 64 });
    await expectNoLeak(() => {
      for (const b of task.batches({ batchSize: 16, seed: 1 })) tf.dispose(b);
    });
    await expectNoLeak(() => tf.dispose(task.evaluationSet({ size: 32 })));
  });
});
