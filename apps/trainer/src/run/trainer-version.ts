import { readFileSync } from 'node:fs';

/** The trainer's version, from its package.json (recorded in checkpoints and summaries). */
export const TRAINER_VERSION: string = (JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as { version: string }).version;
