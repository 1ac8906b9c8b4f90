import { describe, expect, it } from 'vitest';
import { makeRecord, makeResults } from '../test-fixtures.js';
import { renderMarkdown } from './render-markdown.js';

const rim = makeRecord({ caseId: 'rim-train', model: 'rim', msMedian: 20, msPerStep: 2 });
const lstm = makeRecord({ caseId: 'lstm-train', model: 'lstm', preset: 'lstm-600', msMedian: 10, msMin: 9, msMax: 11, msAll: [9, 10, 11], msPerStep: 1 });
const rimWasm = makeRecord({ caseId: 'rim-train', backend: 'wasm', msMedian: 20, msPerStep: 2 });

describe('renderMarkdown', () => {
  it('renders one table per suite, task and backend, and echoes the machine and run', () => {
    const md = renderMarkdown(makeResults([rim, lstm, rimWasm]));
    expect(md).toContain('# rimjs benchmarks');
    expect(md).toContain('2 x Test CPU');
    expect(md).toContain('Node v20.0.0, tfjs 4.22.0');
    expect(md).toContain('Run: quick, suites speed, backends cpu, seed 42.');
    expect(md).toContain('## Suite `speed`');
    expect(md).toContain('### copying on cpu');
    expect(md).toContain('### copying on wasm');
    expect(md).toContain('| case | model | preset | size | mode | batch | steps | ms/step |');
    // The lstm row: 1 ms/step, 9-11 ms per run, 3,200 seq/s, 100 M FLOPs per step, 40 tensors per step.
    expect(md).toContain('| lstm-train | **lstm** (fastest) | lstm-600 | paper | train | 64 | 10 | **1** | 9-11 | 3,200 | 50 | 100 M | 40 |');
  });

  it('marks the fastest model per task and backend only where two models compete', () => {
    const md = renderMarkdown(makeResults([rim, lstm, rimWasm]));
    expect(md.match(/\(fastest\)/g)).toHaveLength(1); // cpu: lstm beats rim; wasm: rim alone
    expect(md).toContain('| rim-train | rim | copying |');
  });

  it('flags leaks and lists failures and images', () => {
    const results = { ...makeResults([makeRecord({ leakedTensors: 3 })]), failures: [{ suite: 'speed', caseId: 'tim-train', backend: 'wasm', message: 'no Einsum' }] };
    const md = renderMarkdown(results, { images: [{ title: 'bars', file: 'speed-copying-bars.svg' }], appendix: '## Extra' });
    expect(md).toContain('**3 LEAK**');
    expect(md).toContain('| speed | tim-train | wasm | no Einsum |');
    expect(md).toContain('![bars](speed-copying-bars.svg)');
    expect(md.trimEnd().endsWith('## Extra')).toBe(true);
  });
});
