import { join } from 'node:path';
import { RimjsError } from '@rimjs/core';
import { compareResults } from '../compare/compare-results.js';
import { renderComparison } from '../compare/render-comparison.js';
import { fmt } from '../report/format.js';
import { writeReport } from '../report/write-report.js';
import { readResults } from '../schema/read-results.js';
import type { BenchRecord } from '../schema/bench-record.js';
import { runBenchmarks } from '../suite/run-benchmarks.js';
import type { Suite } from '../suite/suite.js';
import { BENCH_USAGE, parseBenchArgs } from './parse-bench-args.js';

/** Where {@link runCli} writes; default the process's streams. */
export interface CliIo {
  stdout?: (text: string) => void;
  stderr?: (text: string) => void;
}

function stamp(iso: string): string {
  return iso.replace(/\.\d+Z$/, '').replace(/[-:]/g, '').replace('T', '-');
}

function progress(r: BenchRecord): string {
  const leak = r.leakedTensors === 0 ? '' : `  LEAKED ${r.leakedTensors} tensors`;
  const mib = (bytes: number): string => `${fmt(bytes / 2 ** 20)} MiB`;
  return (
    `${r.suite}/${r.caseId} @${r.backend}: ${fmt(r.msPerStep)} ms/step (${fmt(r.msMin)}-${fmt(r.msMax)} ms/run), ${fmt(r.seqPerSec)} seq/s, ` +
    `${fmt(r.gflops)} GFLOP/s, ${fmt(r.tensorsPerStep)} tensors/step, peak tf ${mib(r.peakTfBytes)}, RSS ${mib(r.peakRssBytes)}${leak}`
  );
}

/**
 * The `pnpm bench` command: parses `argv` (see `BENCH_USAGE`), runs the chosen suites, writes
 * the report folder (results.json, report.md, SVGs), optionally compares with a previous
 * results file, and returns the exit code: 0 ok; 1 a case failed, or a regression with
 * `--fail-on-regression`; 2 bad arguments.
 *
 * @param suites the suites it may run (the benchmark app passes the model suites).
 * @example
 * process.exitCode = await runCli(process.argv.slice(2), [groupLinearSuite()]);
 */
export async function runCli(argv: readonly string[], suites: readonly Suite[], io: CliIo = {}): Promise<number> {
  const stdout = io.stdout ?? ((t: string) => void process.stdout.write(`${t}\n`));
  const stderr = io.stderr ?? ((t: string) => void process.stderr.write(`${t}\n`));
  let opts;
  try {
    opts = parseBenchArgs(argv);
  } catch (e) {
    stderr(`${(e as Error).message}\n\n${BENCH_USAGE}`);
    return 2;
  }
  if (opts.help) {
    stdout(BENCH_USAGE);
    return 0;
  }
  if (opts.list) {
    for (const s of suites) {
      stdout(`${s.name}: ${s.description ?? ''}`);
      for (const c of s.cases) stdout(`  ${c.id}  (${c.model} ${c.preset} ${c.task} ${c.size} ${c.mode}, batch ${c.batch}, steps ${c.steps}${c.tier === 'full' ? ', full only' : ''})`);
    }
    return 0;
  }
  try {
    const old = opts.compare ? await readResults(opts.compare) : undefined;
    const caseFilter = opts.caseFilter;
    const results = await runBenchmarks(suites, {
      quick: !opts.full,
      backends: opts.backends,
      seed: opts.seed,
      ...(opts.suites.length > 0 ? { only: opts.suites } : {}),
      ...(opts.runs !== null ? { runs: opts.runs } : {}),
      ...(opts.warmup !== null ? { warmup: opts.warmup } : {}),
      ...(caseFilter !== null ? { filter: (c) => c.id.includes(caseFilter) } : {}),
      onRecord: (r) => stderr(progress(r)),
      onFailure: (f) => stderr(`FAILED ${f.suite}/${f.caseId} @${f.backend}: ${f.message}`),
    });
    const dir = opts.out ?? join('bench-results', stamp(results.createdAt));
    const { files } = await writeReport(dir, results, { ...(old ? { compare: old } : {}), threshold: opts.threshold });
    stderr(`wrote ${files.join(', ')}`);
    const rows = old ? compareResults(old, results, { threshold: opts.threshold }) : [];
    if (old) stderr(renderComparison(rows, { threshold: opts.threshold }));
    if (opts.json) stdout(JSON.stringify(results, null, 2));
    if ((results.failures ?? []).length > 0) return 1;
    if (opts.failOnRegression && rows.some((r) => r.regression)) return 1;
    return 0;
  } catch (e) {
    if (e instanceof RimjsError) {
      stderr(`${e.name}: ${e.message}`);
      return 2;
    }
    throw e;
  }
}
