import { ConfigCheck } from '@rimjs/core';

/**
 * FLOPs of a training step per FLOP of the forward pass. The convention (Kaplan et al. 2020,
 * "Scaling Laws", and most MFU reports): the backward pass costs about twice the forward (one
 * matmul for the input gradient and one for the weight gradient per forward matmul), so
 * `train = forward + 2 * forward = 3 * forward`. Optimizer updates are not counted.
 */
export const TRAIN_FLOPS_FACTOR = 3;

/**
 * FLOPs of a training step (forward + backward) from the forward FLOPs: `3 * forward`.
 *
 * @throws ConfigError when `forwardFlops` is not a finite number >= 0.
 * @example
 * trainFlops(lstmCellFlops({ batch: 64, inputSize: 32, hiddenSize: 100 }));
 */
export function trainFlops(forwardFlops: number): number {
  new ConfigCheck('trainFlops').number('forwardFlops', forwardFlops, 0).throwIfAny();
  return TRAIN_FLOPS_FACTOR * forwardFlops;
}
