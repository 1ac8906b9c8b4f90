import { describe, it, expect } from 'vitest';
import { ConfigError } from '@rimjs/core';
import { renderAscii } from './render-ascii.js';

describe('renderAscii', () => {
  it('draws images side by side, 0 as "." and 1 as "#", grey on the ramp', () => {
    const a = [0, 1, 1, 0];
    const b = [0.5, 0, 1, 0.2];
    expect(renderAscii([a, b], 2, 2)).toBe('.#  =.\n#.  #:');
    expect(renderAscii([a], 2, 2, { ramp: ' X' })).toBe(' X\nX ');
    expect(renderAscii([[2, -1]], 1, 2, { gap: 0 })).toBe('#.');
  });

  it('rejects an image of the wrong size', () => {
    expect(() => renderAscii([[0, 1, 0]], 2, 2)).toThrow(ConfigError);
    expect(() => renderAscii([[0, 1, 0]], 2, 2)).toThrow("renderAscii: 'images[0]' must have rows * cols = 4 values, got 3");
  });
});
