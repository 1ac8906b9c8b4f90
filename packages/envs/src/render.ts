import type { Color } from './constants.js';
import type { GridWorld } from './grid-world.js';
import type { WorldObject } from './world-object.js';

const OBJECT_CHAR: Record<string, string> = { wall: 'W', floor: 'F', door: 'D', key: 'K', ball: 'A', box: 'B', goal: 'G', lava: 'V' };
const AGENT_CHAR = ['>', 'V', '<', '^'];

function cellText(o: WorldObject | null): string {
  if (o === null) return '  ';
  const c = o.color[0]!.toUpperCase();
  if (o.type === 'door') return o.state === 'open' ? '__' : o.state === 'locked' ? `L${c}` : `D${c}`;
  return `${OBJECT_CHAR[o.type]}${c}`;
}

/**
 * The world as text, two characters per cell (MiniGrid's `__str__`): `WG` a grey wall, `AR` a red
 * ball, `KB` a blue key, `BY` a yellow box, `GG` the goal, `DR`/`LR`/`__` a closed/locked/open
 * red door, `>>` `VV` `<<` `^^` the agent facing right/down/left/up; a carried object is not shown.
 *
 * @example
 * console.log(renderAscii(env)); // WGWGWGWGWG\nWG  AR  WG ...
 */
export function renderAscii(env: GridWorld): string {
  const g = env.grid;
  const lines: string[] = [];
  for (let y = 0; y < g.height; y++) {
    let line = '';
    for (let x = 0; x < g.width; x++) {
      if (env.agentPos[0] === x && env.agentPos[1] === y) line += AGENT_CHAR[env.agentDir]!.repeat(2);
      else line += cellText(g.get(x, y));
    }
    lines.push(line);
  }
  return lines.join('\n');
}

/** MiniGrid's colour RGB values. */
const RGB: Record<Color, string> = {
  red: 'rgb(255,0,0)',
  green: 'rgb(0,255,0)',
  blue: 'rgb(0,0,255)',
  purple: 'rgb(112,39,195)',
  yellow: 'rgb(255,255,0)',
  grey: 'rgb(100,100,100)',
};

function cellSvg(o: WorldObject, x: number, y: number, s: number): string {
  const c = RGB[o.color];
  const cx = x + s / 2;
  const cy = y + s / 2;
  switch (o.type) {
    case 'wall':
      return `<rect x="${x}" y="${y}" width="${s}" height="${s}" fill="${c}"/>`;
    case 'goal':
      return `<rect x="${x + 1}" y="${y + 1}" width="${s - 2}" height="${s - 2}" fill="${c}"/>`;
    case 'ball':
      return `<circle cx="${cx}" cy="${cy}" r="${s * 0.31}" fill="${c}"/>`;
    case 'key':
      return `<g fill="${c}"><circle cx="${cx}" cy="${y + s * 0.32}" r="${s * 0.17}"/><rect x="${cx - s * 0.06}" y="${y + s * 0.4}" width="${s * 0.12}" height="${s * 0.45}"/><rect x="${cx}" y="${y + s * 0.72}" width="${s * 0.2}" height="${s * 0.08}"/></g>`;
    case 'box':
      return `<rect x="${x + s * 0.14}" y="${y + s * 0.14}" width="${s * 0.72}" height="${s * 0.72}" fill="none" stroke="${c}" stroke-width="${s * 0.08}"/>`;
    case 'door':
      if (o.state === 'open') return `<rect x="${x + s * 0.88}" y="${y}" width="${s * 0.12}" height="${s}" fill="${c}"/>`;
      return (
        `<rect x="${x + 1}" y="${y + 1}" width="${s - 2}" height="${s - 2}" fill="${o.state === 'locked' ? c : 'black'}" fill-opacity="${o.state === 'locked' ? 0.45 : 1}" stroke="${c}" stroke-width="2"/>` +
        (o.state === 'locked' ? `<rect x="${x + s * 0.5}" y="${y + s * 0.45}" width="${s * 0.25}" height="${s * 0.08}" fill="${c}"/>` : `<circle cx="${x + s * 0.75}" cy="${cy}" r="${s * 0.08}" fill="${c}"/>`)
      );
    case 'floor':
      return `<rect x="${x + 1}" y="${y + 1}" width="${s - 2}" height="${s - 2}" fill="${c}" fill-opacity="0.4"/>`;
    case 'lava':
      return `<rect x="${x}" y="${y}" width="${s}" height="${s}" fill="rgb(255,128,0)"/>`;
  }
}

/**
 * The world as an SVG picture (MiniGrid's look: black floor, grid lines, the agent a red
 * triangle pointing where it faces, the cells it sees lightly shaded when `showView`).
 *
 * @param cellSize pixels per cell (default 32)
 * @example
 * writeFileSync('world.svg', renderSvg(env));
 */
export function renderSvg(env: GridWorld, { cellSize = 32, showView = true }: { cellSize?: number; showView?: boolean } = {}): string {
  const g = env.grid;
  const s = cellSize;
  const parts: string[] = [`<svg xmlns="http://www.w3.org/2000/svg" width="${g.width * s}" height="${g.height * s}" viewBox="0 0 ${g.width * s} ${g.height * s}">`];
  parts.push(`<rect width="100%" height="100%" fill="black"/>`);
  if (showView) {
    for (const [x, y] of visibleCells(env)) parts.push(`<rect x="${x * s}" y="${y * s}" width="${s}" height="${s}" fill="white" fill-opacity="0.18"/>`);
  }
  for (let y = 0; y < g.height; y++) {
    for (let x = 0; x < g.width; x++) {
      parts.push(`<rect x="${x * s}" y="${y * s}" width="${s}" height="${s}" fill="none" stroke="rgb(60,60,60)" stroke-width="1"/>`);
      const o = g.get(x, y);
      if (o) parts.push(cellSvg(o, x * s, y * s, s));
    }
  }
  const [ax, ay] = env.agentPos;
  const rot = env.agentDir * 90;
  parts.push(`<polygon points="${s * 0.22},${s * 0.2} ${s * 0.85},${s * 0.5} ${s * 0.22},${s * 0.8}" fill="rgb(255,0,0)" transform="translate(${ax * s},${ay * s}) rotate(${rot} ${s / 2} ${s / 2})"/>`);
  parts.push('</svg>');
  return parts.join('');
}

/** The world cells the agent sees (inside the grid), from its current view. */
export function visibleCells(env: GridWorld): [number, number][] {
  const out: [number, number][] = [];
  const image = env.observe().image;
  const [ax, ay] = env.agentPos;
  const vec = [[1, 0], [0, 1], [-1, 0], [0, -1]] as const;
  const [fx, fy] = vec[env.agentDir]!; // forward
  const [rx, ry] = vec[(env.agentDir + 1) % 4]!; // right
  for (let i = 0; i < 7; i++) {
    for (let j = 0; j < 7; j++) {
      if (image[(i * 7 + j) * 3] === 0) continue;
      const ahead = 6 - j;
      const right = i - 3;
      const x = ax + fx * ahead + rx * right;
      const y = ay + fy * ahead + ry * right;
      if (x >= 0 && y >= 0 && x < env.grid.width && y < env.grid.height) out.push([x, y]);
    }
  }
  return out;
}
