#!/usr/bin/env node
// Reads vitest's JSON report and prints the closing line CI reads:
//   tests: N passed, N failed, N skipped
import { readFileSync } from 'node:fs';

const file = process.argv[2];
let report;
try {
  report = JSON.parse(readFileSync(file, 'utf8'));
} catch (e) {
  console.log('tests: 0 passed, 1 failed, 0 skipped');
  console.error(`test-summary: cannot read the vitest JSON report '${file}': ${e.message}`);
  process.exit(1);
}
const passed = report.numPassedTests ?? 0;
const failed = report.numFailedTests ?? 0;
const skipped = (report.numPendingTests ?? 0) + (report.numTodoTests ?? 0);
const suitesFailed = report.numFailedTestSuites ?? 0;
console.log(`tests: ${passed} passed, ${failed + (failed === 0 && suitesFailed > 0 ? suitesFailed : 0)} failed, ${skipped} skipped`);
process.exit(report.success && failed === 0 && suitesFailed === 0 ? 0 : 1);
