import { describe, it, expect, beforeAll } from 'vitest';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as tf from '@tensorflow/tfjs-core';
import { CheckpointError } from '@rimjs/core';
import { useBackend } from '@rimjs/core/testing';
import { createProgress } from '@rimjs/runkit';
import { Classifier } from './classifier.js';
import { classifierLoss, minibatch } from './losses.js';
import { trainWithCheckpoints } from './train-loop.js';
import type { ImageSet } from './data.js';

const set: ImageSet = (() => {
  const pixels = new Float32Array(40 * 784).map((_, i) => ((i * 7919) % 255) / 255);
  return { count: 40, pixels, labels: Uint8Array.from({ length: 40 }, (_, i) => i % 10) };
})();
const quiet = createProgress({ quiet: true, logEvery: 1000, out: { write: () => true } as unknown as NodeJS.WritableStream });

async function train(dir: string, steps: number, identity = { seed: 1 }): Promise<Float32Array> {
  const c = new Classifier(5);
  await trainWithCheckpoints({
    name: 'c', params: c.params, steps, lr: 1e-2, checkpoint: join(dir, 'c.safetensors'), checkpointEvery: 2, identity, progress: quiet,
    loss: (step) => tf.tidy(() => {
      const { x, y } = minibatch(set, 4, 9, step);
      return classifierLoss(c, x, y);
    }),
  });
  const w = c.params.get('fc.weight').dataSync().slice() as Float32Array;
  c.dispose();
  return w;
}

describe('trainWithCheckpoints', () => {
  beforeAll(() => useBackend('cpu'));

  it('a run stopped at step 2 and resumed to 4 ends where a straight run of 4 ends; another identity is refused', async () => {
    const a = mkdtempSync(join(tmpdir(), 'ind-a-'));
    const b = mkdtempSync(join(tmpdir(), 'ind-b-'));
    const straight = await train(a, 4);
    await train(b, 2);
    const resumed = await train(b, 4);
    expect(Array.from(resumed)).toEqual(Array.from(straight));
    await expect(train(b, 6, { seed: 2 })).rejects.toThrow(CheckpointError);
    rmSync(a, { recursive: true });
    rmSync(b, { recursive: true });
  });
});
