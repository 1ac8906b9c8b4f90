import type { RimCellConfig } from '@rimjs/rim';
import { attentionFlops } from '../flops/attention-flops.js';
import { checkSizes } from '../flops/check-sizes.js';
import { groupLinearFlops, matmulFlops } from '../flops/matmul-flops.js';
import { gruCellFlops, lstmCellFlops } from '../flops/rnn-cell-flops.js';

/** Shape of one time step of a one-layer RIM sequence model (`createSequenceModel({ kind: 'rim' })`). */
export interface RimStepShape {
  batch: number;
  /** Token vocabulary: the one-hot width of the embedding matmul. */
  vocabSize: number;
  /** Decoder outputs per step. */
  outputSize: number;
  /** The resolved cell config (`resolveRimCellConfig`); `inputSize` is the embedding size. */
  cell: RimCellConfig;
}

/** FLOPs of one forward step of a RIM sequence model, by part, for the whole batch. */
export interface RimStepFlops {
  embedding: number;
  inputAttention: number;
  cell: number;
  communication: number;
  update: number;
  decoder: number;
  /** The sum of the parts. */
  total: number;
}

/**
 * FLOPs of one forward time step of a one-layer RIM sequence model, counted from the shapes with
 * the package's convention (multiply-add 2, other elementwise ops 1; see `matmulFlops`). Names:
 * `B` batch, `K` units, `H` hidden per unit, `E` embedding (= `inputSize`), `S = 1 + numInputs`
 * slots (the null slot counts: its keys and values are computed, as zeros), `hi`/`dk`/`dv` input
 * heads / key / value size, `hc`/`kc`/`vc` communication heads / key / value size, `V` vocabulary,
 * `O` outputs.
 *
 * | part | counted |
 * | --- | --- |
 * | embedding | one-hot matmul `[B, V] @ [V, E]`: `2 B V E` |
 * | input attention | query `K x [B, H] @ [H, hi dk]`, keys `S x [B, E] @ [E, hi dk]`, values `S x [B, E] @ [E, hi dv]` (no bias), `attentionFlops` over `K` queries and `S` slots, and the mean over heads `hi B K dv` when `hi > 1` |
 * | cell | `lstmCellFlops` / `gruCellFlops` with `K` units of input `dv` (`inputValueSize`) |
 * | communication | q, k `K x [B, H] @ [H, hc kc]`, v `K x [B, H] @ [H, hc vc]`, `attentionFlops` over `K x K`, output gated (`fc` and `gate` `[B K, hc vc] @ [hc vc, H]` + bias, sigmoid, tanh, product: `3 B K H`) or residual (one map + bias), and the residual add `B K H` |
 * | update | `h = m h~ + (1 - m) h`: 3 per element of `h` (and of `c` for LSTM units), plus `1 - m` (`B K`) |
 * | decoder | `[B, K H] @ [K H, O]` + bias |
 *
 * Not counted: the top-k selection, dropout, gradient masks, reshapes and copies. A training
 * step is `trainFlops(total)` (3 x forward); the loss and the optimizer are not counted.
 *
 * @throws ConfigError when a size is not a non-negative integer.
 * @example
 * const cell = resolveRimCellConfig({ inputSize: 600, numUnits: 6, topK: 4, hidden: 100 });
 * rimStepFlops({ batch: 64, vocabSize: 10, outputSize: 10, cell }).total;
 */
export function rimStepFlops({ batch: B, vocabSize: V, outputSize: O, cell: c }: RimStepShape): RimStepFlops {
  checkSizes('rimStepFlops', { batch: B, vocabSize: V, outputSize: O });
  const { numUnits: K, hidden: H, inputSize: E } = c;
  const S = 1 + c.numInputs;
  const [hi, dk, dv] = [c.inputHeads, c.inputKeySize, c.inputValueSize];
  const embedding = matmulFlops(B, V, E);
  const inputAttention =
    groupLinearFlops({ batch: B, units: K, inSize: H, outSize: hi * dk, bias: false }) +
    groupLinearFlops({ batch: B, units: S, inSize: E, outSize: hi * dk, bias: false }) +
    groupLinearFlops({ batch: B, units: S, inSize: E, outSize: hi * dv, bias: false }) +
    attentionFlops({ batch: B, queries: K, keys: S, heads: hi, keySize: dk, valueSize: dv }) +
    (hi > 1 ? hi * B * K * dv : 0);
  const shape = { batch: B, units: K, inputSize: dv, hiddenSize: H };
  const cell = c.cell === 'lstm' ? lstmCellFlops(shape) : gruCellFlops(shape);
  let communication = 0;
  if (c.communication) {
    const [hc, kc, vc] = [c.commHeads, c.commKeySize, c.commValueSize];
    const out = groupLinearFlops({ batch: B * K, inSize: hc * vc, outSize: H, bias: true });
    communication =
      2 * groupLinearFlops({ batch: B, units: K, inSize: H, outSize: hc * kc, bias: false }) +
      groupLinearFlops({ batch: B, units: K, inSize: H, outSize: hc * vc, bias: false }) +
      attentionFlops({ batch: B, queries: K, keys: K, heads: hc, keySize: kc, valueSize: vc }) +
      (c.commOutput === 'gated' ? 2 * out + 3 * B * K * H : out) +
      B * K * H;
  }
  const update = (c.cell === 'lstm' ? 6 : 3) * B * K * H + B * K;
  const decoder = groupLinearFlops({ batch: B, inSize: K * H, outSize: O, bias: true });
  const total = embedding + inputAttention + cell + communication + update + decoder;
  return { embedding, inputAttention, cell, communication, update, decoder, total };
}
