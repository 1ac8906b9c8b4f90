// @rimjs/core/testing: helpers for the tests of rimjs packages and of their users.
export { expectNoLeak } from './expect-no-leak.js';
export { TEST_BACKENDS, useBackend, maxAbsDiff } from './backends.js';
export { checkGradients, type GradientCheck } from '../train/check-gradients.js';
export { expectReadmeShows, captureLogs } from './readme-example.js';
