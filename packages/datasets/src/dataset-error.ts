import { RimjsError } from '@rimjs/core';

/**
 * A dataset file is missing, truncated or malformed, or its contents do not fit what the loader
 * expects. The message names the function, the path, what was expected and what came:
 * `readIdx: '/data/train-images-idx3-ubyte': expected 47040016 bytes for dims [60000, 28, 28], got 1000`.
 *
 * @example
 * try { readIdx('/missing') } catch (e) { if (e instanceof DatasetError) console.log(e.path) }
 */
export class DatasetError extends RimjsError {
  /** The file the problem is about, when there is one. */
  readonly path: string | undefined;
  constructor(message: string, path?: string) {
    super(message);
    this.path = path;
  }
}
