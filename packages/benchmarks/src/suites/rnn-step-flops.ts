import { checkSizes } from '../flops/check-sizes.js';
import { groupLinearFlops, matmulFlops } from '../flops/matmul-flops.js';
import { gruCellFlops, lstmCellFlops } from '../flops/rnn-cell-flops.js';

/** Shape of one time step of a dense LSTM / GRU sequence model (`createSequenceModel({ kind: 'lstm' })`). */
export interface RnnStepShape {
  kind: 'lstm' | 'gru';
  batch: number;
  /** Token vocabulary: the one-hot width of the embedding matmul. */
  vocabSize: number;
  embeddingSize: number;
  /** The state size (600 for the paper's LSTM-600). */
  hidden: number;
  /** Decoder outputs per step. */
  outputSize: number;
}

/**
 * FLOPs of one forward time step of a dense LSTM / GRU sequence model, whole batch: the one-hot
 * embedding matmul `2 B V E`, the cell (`lstmCellFlops` / `gruCellFlops` with input `E`), and the
 * decoder `[B, hidden] @ [hidden, O]` + bias. A training step is `trainFlops` of it.
 *
 * @throws ConfigError when a size is not a non-negative integer.
 * @example
 * rnnStepFlops({ kind: 'lstm', batch: 64, vocabSize: 10, embeddingSize: 600, hidden: 600, outputSize: 10 });
 */
export function rnnStepFlops({ kind, batch, vocabSize, embeddingSize, hidden, outputSize }: RnnStepShape): number {
  checkSizes('rnnStepFlops', { batch, vocabSize, embeddingSize, hidden, outputSize });
  const shape = { batch, inputSize: embeddingSize, hiddenSize: hidden };
  const cell = kind === 'lstm' ? lstmCellFlops(shape) : gruCellFlops(shape);
  return matmulFlops(batch, vocabSize, embeddingSize) + cell + groupLinearFlops({ batch, inSize: hidden, outSize: outputSize, bias: true });
}
