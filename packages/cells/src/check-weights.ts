import { assertShape } from '@rimjs/core';
import type { CellWeights, GroupCellWeights } from './weights.js';

/** Checks dense weights against the sizes of a step; throws ShapeError naming `where`. */
export function checkCellWeights(where: string, w: CellWeights, inputSize: number, hidden: number, gates: number): void {
  const g = gates * hidden;
  const gName = `${gates}*hidden`;
  assertShape(where, 'weights.wIh', w.wIh, [['inputSize', inputSize], [gName, g]]);
  assertShape(where, 'weights.wHh', w.wHh, [['hidden', hidden], [gName, g]]);
  assertShape(where, 'weights.bIh', w.bIh, [[gName, g]]);
  assertShape(where, 'weights.bHh', w.bHh, [[gName, g]]);
}

/** Checks grouped weights against the sizes of a step; throws ShapeError naming `where`. */
export function checkGroupWeights(
  where: string,
  w: GroupCellWeights,
  units: number,
  inputSize: number,
  hidden: number,
  gates: number,
): void {
  const g = gates * hidden;
  const gName = `${gates}*hidden`;
  assertShape(where, 'weights.wIh', w.wIh, [['units', units], ['inputSize', inputSize], [gName, g]]);
  assertShape(where, 'weights.wHh', w.wHh, [['units', units], ['hidden', hidden], [gName, g]]);
  assertShape(where, 'weights.bIh', w.bIh, [['units', units], [gName, g]]);
  assertShape(where, 'weights.bHh', w.bHh, [['units', units], [gName, g]]);
}
