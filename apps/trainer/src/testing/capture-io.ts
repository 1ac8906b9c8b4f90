import { Writable } from 'node:stream';
import type { CliIo } from '../cli/run-cli.js';

/** A CliIo whose output is collected into strings (tests only). */
export function captureIo(): CliIo & { text(): { out: string; err: string } } {
  const chunks = { out: [] as string[], err: [] as string[] };
  const sink = (into: string[]): Writable => new Writable({ write(c, _e, done) { into.push(String(c)); done(); } });
  return { out: sink(chunks.out), err: sink(chunks.err), text: () => ({ out: chunks.out.join(''), err: chunks.err.join('') }) };
}
