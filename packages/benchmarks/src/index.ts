// @rimjs/benchmarks: the benchmark harness of rimjs. This file is the package's only public door.
export { measure, type MeasureOptions, type Measurement } from './measure/measure.js';
export { matmulFlops, groupLinearFlops, type LinearShape } from './flops/matmul-flops.js';
export { lstmCellFlops, gruCellFlops, type CellShape } from './flops/rnn-cell-flops.js';
export { attentionFlops, type AttentionShape } from './flops/attention-flops.js';
export { trainFlops, TRAIN_FLOPS_FACTOR } from './flops/train-flops.js';
export {
  BENCH_MODELS,
  BENCH_SIZES,
  BENCH_MODES,
  SCHEMA_VERSION,
  type BenchModel,
  type BenchSize,
  type BenchMode,
  type ParamValue,
  type BenchRecord,
  type MachineInfo,
  type BenchFailure,
  type BenchRunInfo,
  type BenchResults,
} from './schema/bench-record.js';
export { BENCH_RECORD_SCHEMA, BENCH_RESULTS_SCHEMA, MACHINE_INFO_SCHEMA, type JsonSchema, type JsonType } from './schema/record-schema.js';
export { validateRecord } from './schema/validate-record.js';
export { validateResults } from './schema/validate-results.js';
export { readResults } from './schema/read-results.js';
export { machineInfo } from './schema/machine-info.js';
export { renderMarkdown, type RenderMarkdownOptions } from './report/render-markdown.js';
export { barChartSvg, type BarChartOptions } from './report/bar-chart-svg.js';
export { scalingChartSvg, type ScalingChartOptions } from './report/scaling-chart-svg.js';
export { writeReport, type WriteReportOptions, type WrittenReport } from './report/write-report.js';
export { compareResults, type CompareOptions, type CompareRow, type CompareStatus } from './compare/compare-results.js';
export { renderComparison } from './compare/render-comparison.js';
export { DEFAULT_RUNS, type Suite, type BenchCase, type BenchContext, type BenchInstance } from './suite/suite.js';
export { runSuite, type RunSuiteOptions } from './suite/run-suite.js';
export { runBenchmarks, type RunBenchmarksOptions } from './suite/run-benchmarks.js';
export { groupLinearSuite, type GroupLinearSuiteOptions } from './suites/group-linear-suite.js';
export { speedSuite, type SpeedSuiteOptions } from './suites/speed-suite.js';
export { scalingSuite, type ScalingSuiteOptions } from './suites/scaling-suite.js';
export { modelCase, SPEED_MODELS, type SpeedModel, type ModelCaseOptions } from './suites/model-case.js';
export { TASK_SIZES, type TaskSize, type ModelTask } from './suites/task-sizes.js';
export { rimStepFlops, type RimStepShape, type RimStepFlops } from './suites/rim-step-flops.js';
export { rnnStepFlops, type RnnStepShape } from './suites/rnn-step-flops.js';
export { encoderStepFlops, type EncoderStepShape } from './suites/encoder-step-flops.js';
export { parseBenchArgs, BENCH_USAGE, type BenchCliOptions } from './cli/parse-bench-args.js';
export { runCli, type CliIo } from './cli/run-cli.js';
