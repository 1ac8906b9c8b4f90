import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { compareResults } from '../compare/compare-results.js';
import { renderComparison } from '../compare/render-comparison.js';
import type { BenchResults } from '../schema/bench-record.js';
import { barChartSvg } from './bar-chart-svg.js';
import { groupBy, slug } from './format.js';
import { renderMarkdown } from './render-markdown.js';
import { scalingChartSvg } from './scaling-chart-svg.js';

/** Options of {@link writeReport}. */
export interface WriteReportOptions {
  /** Previous results to compare against; adds a comparison section to report.md. */
  compare?: BenchResults;
  /** Regression threshold for the comparison. Default 0.1. */
  threshold?: number;
  /** Report title. */
  title?: string;
}

/** What {@link writeReport} wrote. */
export interface WrittenReport {
  /** Paths of every file written (results.json, report.md, the SVGs). */
  files: string[];
  /** The markdown of report.md. */
  markdown: string;
}

/**
 * Writes a report folder: `results.json` (the results, as given), one bar chart per suite and
 * task (`<suite>-<task>-bars.svg`, records without `scaleAxis`), one line chart per suite and
 * scale axis (`<suite>-scaling-<axis>.svg`), and `report.md` with the tables, the charts and,
 * with `compare`, the comparison table. Creates `dir` if needed; overwrites those files.
 *
 * @example
 * const { files } = await writeReport('bench-results/today', results, { compare: await readResults('old.json') });
 */
export async function writeReport(dir: string, results: BenchResults, options: WriteReportOptions = {}): Promise<WrittenReport> {
  await mkdir(dir, { recursive: true });
  const files: string[] = [];
  const write = async (name: string, text: string): Promise<void> => {
    const path = join(dir, name);
    await writeFile(path, text);
    files.push(path);
  };
  await write('results.json', `${JSON.stringify(results, null, 2)}\n`);

  const images: Array<{ title: string; file: string }> = [];
  const plain = results.records.filter((r) => r.scaleAxis === undefined);
  for (const group of groupBy(plain, (r) => `${r.suite}|${r.task}`).values()) {
    const { suite, task } = group[0]!;
    const file = `${slug(suite)}-${slug(task)}-bars.svg`;
    const title = `${suite} / ${task}: ms per step`;
    await write(file, await barChartSvg(group, { title }));
    images.push({ title, file });
  }
  const scaling = results.records.filter((r) => r.scaleAxis !== undefined);
  for (const group of groupBy(scaling, (r) => `${r.suite}|${r.scaleAxis}`).values()) {
    const { suite, scaleAxis } = group[0]!;
    const file = `${slug(suite)}-scaling-${slug(scaleAxis!)}.svg`;
    const title = `${suite}: ms per step vs ${scaleAxis}`;
    await write(file, await scalingChartSvg(group, `params.${scaleAxis}`, { title }));
    images.push({ title, file });
  }

  const threshold = options.threshold ?? 0.1;
  const appendix = options.compare ? renderComparison(compareResults(options.compare, results, { threshold }), { threshold }) : undefined;
  const markdown = renderMarkdown(results, { images, ...(appendix ? { appendix } : {}), ...(options.title ? { title: options.title } : {}) });
  await write('report.md', markdown);
  return { files, markdown };
}
