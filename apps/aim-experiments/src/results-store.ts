import { readJsonIfExists, writeJson } from '@rimjs/runkit';

/** Finished units of work by key (e.g. `fewshot/seed-1/1-shot/aim`), saved atomically after each one, so a rerun with --resume skips them. */
export class ResultsStore<T> {
  private readonly data: Record<string, T>;
  constructor(private readonly path: string, resume: boolean) {
    this.data = (resume ? readJsonIfExists<Record<string, T>>(path) : null) ?? {};
  }
  get(key: string): T | undefined {
    return this.data[key];
  }
  async set(key: string, value: T): Promise<void> {
    this.data[key] = value;
    await writeJson(this.path, this.data);
  }
  all(): Record<string, T> {
    return { ...this.data };
  }
}
