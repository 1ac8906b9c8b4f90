import type { TaskSpec } from '../presets/preset-types.js';
import { AddingRunner } from './adding-runner.js';
import { CopyingRunner } from './copying-runner.js';
import { MnistRunner } from './mnist-runner.js';
import type { TaskRunner } from './task-runner.js';

/** The {@link TaskRunner} of a task spec (the caller disposes it). */
export function createTaskRunner(spec: TaskSpec): TaskRunner {
  switch (spec.kind) {
    case 'copying':
      return new CopyingRunner(spec);
    case 'adding':
      return new AddingRunner(spec);
    case 'mnist':
      return new MnistRunner(spec);
  }
}
