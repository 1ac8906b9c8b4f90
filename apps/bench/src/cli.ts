// The benchmark app's entry point: `node --conditions=@rimjs/source --import tsx src/cli.ts [options]`
// (`pnpm bench` at the root). Relative paths (--out, --compare) are taken from the folder pnpm was started in.
import { runBenchCli } from './run-bench-cli.js';

if (process.env.INIT_CWD) process.chdir(process.env.INIT_CWD);
process.exitCode = await runBenchCli(process.argv.slice(2));
