import { describe, expect, it } from 'vitest';
import { GridWorld } from './grid-world.js';
import { renderAscii, renderSvg } from './render.js';
import { makeObject, room } from './test-support/custom-level.js';

describe('rendering', () => {
  const env = new GridWorld(room(5, 4, [1, 1], 0, { kind: 'goToGoal' }, (g) => {
    g.set(2, 1, makeObject('ball', 'red'));
    g.set(3, 2, makeObject('door', 'blue', { state: 'locked' }));
    g.set(1, 2, makeObject('goal', 'green'));
  }));
  env.reset();

  it('ASCII: two characters per cell, as MiniGrid prints', () => {
    expect(renderAscii(env)).toBe(['WGWGWGWGWG', 'WG>>AR  WG', 'WGGG  LBWG', 'WGWGWGWGWG'].join('\n'));
  });

  it('SVG: one picture with every cell, the objects and the agent', () => {
    const svg = renderSvg(env, { cellSize: 10 });
    expect(svg.startsWith('<svg xmlns="http://www.w3.org/2000/svg" width="50" height="40"')).toBe(true);
    expect(svg.endsWith('</svg>')).toBe(true);
    expect(svg.match(/<circle cx="25" cy="15" r="3.1" fill="rgb\(255,0,0\)"\/>/)).not.toBeNull(); // red ball
    expect(svg.match(/<polygon/g)).toHaveLength(1);
    expect(svg.match(/stroke="rgb\(60,60,60\)"/g)).toHaveLength(20);
  });
});
