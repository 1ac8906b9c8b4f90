// Development entry of the gradient worker: a worker thread does not inherit the parent's
// `--import tsx` loader, so it registers tsx itself before loading the TypeScript worker.
import { register } from 'tsx/esm/api';

register();
await import('./grad-worker.ts');
