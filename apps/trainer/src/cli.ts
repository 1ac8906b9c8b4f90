// The trainer's entry point: `node --conditions=@rimjs/source --import tsx src/cli.ts <preset> [options]`.
import { runCli } from './cli/run-cli.js';

// `pnpm train presets | head`: a closed pipe ends the output, not the process with a stack trace.
process.stdout.on('error', (e: NodeJS.ErrnoException) => {
  if (e.code === 'EPIPE') process.exit(0);
  throw e;
});
process.exitCode = await runCli(process.argv.slice(2));
