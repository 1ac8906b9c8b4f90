import type { MemoryCensus } from '../analysis/memory-census.js';
import { formatTable } from '../log/format-table.js';

const percent = (x: number | null): string => (x === null ? '-' : `${(100 * x).toFixed(1)} %`);

/** `{3,4} 90.0 % (formed 100 %, copied 99.1 %)`: a sleeping set and how its sequences fared. */
function groupText(g: MemoryCensus['groups'][number]): string {
  return `{${g.sleepers.join(',')}} ${percent(g.share)} (formed ${percent(g.formed)}, copied ${percent(g.accuracy)})`;
}

/**
 * The memory census as a Markdown table: a row per model and delay with the share of sequences
 * where every symbol was held by a sleeping unit, the copy accuracy there and elsewhere, and the
 * commonest sleeping sets.
 */
export function censusTable(census: Readonly<Record<string, readonly MemoryCensus[]>>): string {
  const rows = Object.entries(census).flatMap(([model, list]) =>
    list.map((c) => [model, `T = ${c.delay}`, String(c.sequences), percent(c.formed), percent(c.accuracyFormed), percent(c.accuracyOther), c.groups.map(groupText).join('; ')]),
  );
  return formatTable(['model', 'delay', 'sequences', 'symbols held by sleepers', 'copied there', 'copied elsewhere', 'commonest sleeping units'], rows);
}

/** The paragraph under the census table: what it counts. */
export const CENSUS_EXPLAINED =
  'A sequence counts as "held by sleepers" when every symbol was read by a unit (active at the ' +
  "symbol's step) that stayed inactive through the second half of the gap before the marker, so " +
  'the symbol sits in a state nothing changes: the mechanism the paper credits. "Copied" is the ' +
  'per-symbol copy accuracy (argmax) of those sequences and of the others; the sleeping sets are ' +
  'the units inactive through that half-gap, `{}` when none was.';
