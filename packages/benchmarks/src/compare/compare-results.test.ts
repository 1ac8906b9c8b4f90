import { ConfigError } from '@rimjs/core';
import { describe, expect, it } from 'vitest';
import { makeRecord, makeResults } from '../test-fixtures.js';
import { compareResults } from './compare-results.js';
import { renderComparison } from './render-comparison.js';

const at = (caseId: string, msMedian: number, over = {}) =>
  makeRecord({ caseId, msMedian, msMin: msMedian, msMax: msMedian, msAll: [msMedian, msMedian, msMedian], ...over });

describe('compareResults', () => {
  const old = makeResults([at('a', 10), at('b', 10), at('c', 10), at('gone', 10)]);
  const now = makeResults([at('a', 20), at('b', 10.5), at('c', 5), at('new', 3)]);

  it('flags a 2x slowdown as a regression, and sorts the rest', () => {
    const rows = compareResults(old, now, { threshold: 0.1 });
    const by = Object.fromEntries(rows.map((r) => [r.caseId, r]));
    expect(by.a).toMatchObject({ oldMs: 10, newMs: 20, ratio: 2, status: 'regression', regression: true });
    expect(by.b).toMatchObject({ ratio: 1.05, status: 'unchanged', regression: false });
    expect(by.c).toMatchObject({ ratio: 0.5, status: 'improvement', regression: false });
    expect(by.new).toMatchObject({ oldMs: null, newMs: 3, ratio: null, status: 'added' });
    expect(by.gone).toMatchObject({ oldMs: 10, newMs: null, status: 'removed' });
    expect(rows.map((r) => r.caseId)).toEqual(['a', 'b', 'c', 'new', 'gone']);
  });

  it('uses the threshold: 5 % slower is a regression at threshold 0.01', () => {
    const rows = compareResults(old, now, { threshold: 0.01 });
    expect(rows.find((r) => r.caseId === 'b')!.regression).toBe(true);
  });

  it('matches on backend, batch and steps too', () => {
    const rows = compareResults(makeResults([at('a', 10)]), makeResults([at('a', 30, { backend: 'wasm' })]));
    expect(rows.map((r) => r.status)).toEqual(['added', 'removed']);
  });

  it('rejects a negative threshold', () => {
    expect(() => compareResults(old, now, { threshold: -1 })).toThrow(ConfigError);
    expect(() => compareResults(old, now, { threshold: -1 })).toThrow('compareResults.threshold');
  });
});

describe('renderComparison', () => {
  it('renders the summary and a table with the regression in bold', () => {
    const md = renderComparison(compareResults(makeResults([at('a', 10), at('b', 10)]), makeResults([at('a', 20), at('b', 10)])));
    expect(md).toContain('1 regression(s), 0 improvement(s), 1 unchanged, 0 added, 0 removed (threshold 10 % on msMedian).');
    expect(md).toContain('| case | backend | mode | old ms | new ms | ratio | status |');
    expect(md).toContain('| speed/a | cpu | train | 10 | 20 | 2.00x | **REGRESSION** |');
    expect(md).toContain('| speed/b | cpu | train | 10 | 10 | 1.00x | unchanged |');
  });
});
