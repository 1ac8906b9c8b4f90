import { RimjsError } from '@rimjs/core';

/**
 * A bad command line: an unknown preset or model, a value that is not a number, an option that
 * a resumed run cannot change. The CLI prints it with a pointer to `--help` and exits 2.
 * `option` names the option or argument at fault (`--steps`, `<preset>`).
 */
export class UsageError extends RimjsError {
  constructor(
    message: string,
    readonly option: string | null = null,
  ) {
    super(message);
  }
}
