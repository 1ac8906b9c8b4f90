// `pnpm bench [--full] [--suite a,b] [--backend wasm,cpu] [--json] [--compare old.json]`:
// the suites of @rimjs/benchmarks. The model suites (speed, scaling) are added here once the
// model packages exist.
import { groupLinearSuite, runCli } from '../index.js';

process.exitCode = await runCli(process.argv.slice(2), [groupLinearSuite()]);
