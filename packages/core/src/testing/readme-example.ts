import { readFileSync } from 'node:fs';
import { RimjsError } from '../errors.js';

/**
 * Expects a README to show an example file verbatim, as a ```ts code block, so that the code a
 * user copies is the code a test runs.
 * @param readme the README's URL, e.g. `new URL('../../README.md', import.meta.url)`
 * @param example the example's URL, e.g. `new URL('./readme-example.ts', import.meta.url)`
 * @returns the README's text (to check printed lines against it)
 * @throws RimjsError naming both files when the README does not hold the example verbatim.
 */
export function expectReadmeShows(readme: URL, example: URL): string {
  const text = readFileSync(readme, 'utf8');
  const code = readFileSync(example, 'utf8');
  if (!text.includes('```ts\n' + code + '```')) {
    throw new RimjsError(`expectReadmeShows: ${readme.pathname} does not show ${example.pathname} verbatim as a \`\`\`ts block`);
  }
  return text;
}

/**
 * Runs `fn` (e.g. `() => import('./readme-example.js')`) with `console.log` captured.
 * @returns each logged call, its arguments joined by a space as `console.log` prints them
 */
export async function captureLogs(fn: () => unknown): Promise<string[]> {
  const lines: string[] = [];
  const log = console.log;
  console.log = (...args: unknown[]) => void lines.push(args.map(String).join(' '));
  try {
    await fn();
  } finally {
    console.log = log;
  }
  return lines;
}
