// Private: the official RIMs block layout shared by blockDiagonalToGroup and groupToBlockDiagonal.
//
// A dense PyTorch cell holding K cells of hk = nhid / K units each: within gate e, the rows of
// unit b are e*nhid + b*hk ... e*nhid + (b+1)*hk - 1; unit b reads columns b*inPerUnit ...
// (b+1)*inPerUnit - 1 of weight_ih and b*hk ... (b+1)*hk - 1 of weight_hh. In the grouped form,
// gate e of unit b is the column range e*hk ... (e+1)*hk - 1 of the last axis.

/** Gate names in PyTorch's order, for messages. */
export const GATE_NAMES: Record<number, readonly string[]> = { 4: ['i', 'f', 'g', 'o'], 3: ['r', 'z', 'n'] };

/** Where dense row `row` lives: gate `e`, unit `b`, row `r` within the unit. */
export function denseRow(row: number, nhid: number, hk: number): { e: number; b: number; r: number } {
  const e = Math.floor(row / nhid);
  const within = row - e * nhid;
  const b = Math.floor(within / hk);
  return { e, b, r: within - b * hk };
}
