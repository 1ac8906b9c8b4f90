// `pnpm --filter @rimjs/benchmarks bench [--full] [--suite a,b] [--backend wasm,cpu] [--json] [--compare old.json]`:
// every suite of @rimjs/benchmarks (speed, scaling, groupLinear). The benchmark app
// (apps/bench, `pnpm bench` at the root) runs the same suites plus the accuracy suite.
import { groupLinearSuite, runCli, scalingSuite, speedSuite } from '../index.js';

process.exitCode = await runCli(process.argv.slice(2), [speedSuite(), scalingSuite(), groupLinearSuite()]);
