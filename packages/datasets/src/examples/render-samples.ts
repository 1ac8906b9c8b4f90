// Prints the samples shown in the README: `pnpm --filter @rimjs/datasets render-samples`.
import { pathToFileURL } from 'node:url';
import { bouncingBalls, npmMnistSplits, renderAscii, SequentialMnist } from '@rimjs/datasets';

/** The README's ASCII renders: one test digit at 14 x 14 and 24 x 24, and bouncing-balls frame strips. */
export function renderSamples(): string {
  const { test } = npmMnistSplits();
  const at = (side: number): string => renderAscii([new SequentialMnist(test, { side }).image(0)], side, side, { ramp: '.#' });
  const strip = (preset: 'balls4' | 'curtain'): string => {
    const ds = bouncingBalls(preset, { side: 20, frames: 21 });
    const { frames } = ds.batchAt(0, 1, 1); // [21, 1, 400]
    const shown = [0, 4, 8, 12, 16, 20].map((t) => frames.data.subarray(t * 400, (t + 1) * 400));
    return renderAscii(shown, 20, 20, { ramp: '.#' });
  };
  return [
    `test digit 0 (label ${test.labels[0]}) at 14 x 14:`,
    at(14),
    '',
    'the same digit at 24 x 24:',
    at(24),
    '',
    'balls4, side 20, frames 0, 4, 8, 12, 16, 20 (batchAt(0, 1, 1)):',
    strip('balls4'),
    '',
    'curtain, same frames (columns 8..12 hidden in the inputs):',
    strip('curtain'),
  ].join('\n');
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) console.log(renderSamples());
