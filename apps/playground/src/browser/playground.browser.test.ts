// The playground in a real browser: Debian's chromium (apt, never a download) driven by
// playwright-core, headless, on the built site. Skipped with a note where no chromium is installed,
// unless RIMJS_REQUIRE_BROWSER=1 (CI sets it, and installs chromium first).
import { existsSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium, type Browser, type Page } from 'playwright-core';
import { build } from 'vite';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseSafetensors } from '@rimjs/core';
import { serveStatic } from './static-server.js';

const appRoot = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
const CHROMIUM = process.env.CHROMIUM_PATH ?? ['/usr/bin/chromium', '/usr/bin/chromium-browser'].find((p) => existsSync(p));
const REQUIRED = process.env.RIMJS_REQUIRE_BROWSER === '1';
const STEPS = 30;

if (!CHROMIUM && REQUIRED) throw new Error('RIMJS_REQUIRE_BROWSER=1 but no chromium: apt-get install chromium, or set CHROMIUM_PATH');
if (!CHROMIUM) console.warn('playground browser test skipped: no chromium (apt-get install chromium, or set CHROMIUM_PATH)');

describe.skipIf(!CHROMIUM)('the playground in headless Chromium', () => {
  let browser: Browser;
  let page: Page;
  let close: () => void;
  let site = '';
  const errors: string[] = [];
  const work = mkdtempSync(join(tmpdir(), 'playground-'));
  const artifacts = process.env.RIMJS_ARTIFACTS ?? work;

  beforeAll(async () => {
    const outDir = join(work, 'site');
    await build({ root: appRoot, logLevel: 'error', build: { outDir, emptyOutDir: true } });
    const { url, server } = await serveStatic(outDir);
    site = url;
    close = () => server.close();
    browser = await chromium.launch({ executablePath: CHROMIUM!, args: ['--no-sandbox', '--disable-dev-shm-usage'] });
    const context = await browser.newContext({ acceptDownloads: true, viewport: { width: 1200, height: 1400 } });
    page = await context.newPage();
    page.on('console', (m) => {
      if (m.type() === 'error') errors.push(m.text());
    });
    page.on('pageerror', (e) => errors.push(e.message));
    await page.goto(`${url}?backend=wasm&steps=${STEPS}&autostart=1`);
    await page.waitForFunction((n) => document.querySelector('#status')?.textContent === `done: ${n} steps`, STEPS, { timeout: 180_000 });
  }, 300_000);

  afterAll(async () => {
    await browser?.close();
    close?.();
  });

  it('loads with no console error, on wasm, and says so', async () => {
    expect(errors).toEqual([]);
    expect(await page.evaluate(() => window.rimjsPlayground.backend())).toBe('wasm');
    expect(await page.textContent('#backend')).toMatch(/^wasm \(/);
  });

  it(`trains ${STEPS} steps and the RIM's loss falls; prints the page's speed`, async () => {
    const losses = await page.evaluate(() => window.rimjsPlayground.losses());
    const rim = losses.filter((p) => p.model === 'RIM').map((p) => p.loss);
    const lstm = losses.filter((p) => p.model === 'LSTM').map((p) => p.loss);
    expect(rim).toHaveLength(STEPS);
    expect(lstm).toHaveLength(STEPS);
    const mean = (xs: number[]) => xs.reduce((s, v) => s + v, 0) / xs.length;
    expect(mean(rim.slice(-5))).toBeLessThan(0.8 * mean(rim.slice(0, 5)));
    const speed = await page.evaluate(() => window.rimjsPlayground.stepsPerSecond());
    console.log(`playground in headless Chromium (${await page.textContent('#backend')}): RIM ${speed.rim!.toFixed(1)} steps/s, LSTM ${speed.lstm!.toFixed(1)} steps/s`);
    expect(speed.rim).toBeGreaterThan(0);
  });

  it('renders the loss curve, the activity heat map and the step attention (vega-lite SVG)', async () => {
    expect(await page.locator('#loss-curve svg path').count()).toBeGreaterThan(0);
    const cells = await page.locator('#activity svg path[aria-roledescription="rect mark"], #activity svg .mark-rect path').count();
    expect(cells).toBeGreaterThanOrEqual(6 * 20); // units x time
    expect(await page.locator('#step-attention svg').count()).toBe(1);
    mkdirSync(artifacts, { recursive: true });
    await page.screenshot({ path: join(artifacts, 'playground.png'), fullPage: true });
  });

  it('round-trips weights through download and load', async () => {
    const [download] = await Promise.all([page.waitForEvent('download'), page.click('#download-rim')]);
    expect(download.suggestedFilename()).toBe(`rim-step${STEPS}.safetensors`);
    const path = join(work, download.suggestedFilename());
    await download.saveAs(path);
    const file = parseSafetensors(new Uint8Array(readFileSync(path)));
    expect(file.metadata).toMatchObject({ format: 'rimjs-playground-weights/1', model: 'rim', steps: String(STEPS) });
    await page.setInputFiles('#load-rim', path);
    await page.waitForFunction(() => document.querySelector('#status')?.textContent?.startsWith('loaded'));
    expect(await page.textContent('#status')).toBe(`loaded rim-step${STEPS}.safetensors into the RIM (trained ${STEPS} steps)`);
    expect(await page.isHidden('#error')).toBe(true);
  });

  it('trains bouncing balls too: the rollout frames (truth, RIM, LSTM) and the RIM activity render', async () => {
    const balls = await page.context().newPage();
    const ballErrors: string[] = [];
    balls.on('pageerror', (e) => ballErrors.push(e.message));
    balls.on('console', (m) => {
      if (m.type() === 'error') ballErrors.push(m.text());
    });
    await balls.goto(`${site}?backend=wasm&task=balls&steps=10&autostart=1`);
    await balls.waitForFunction(() => document.querySelector('#status')?.textContent === 'done: 10 steps', undefined, { timeout: 180_000 });
    expect(ballErrors).toEqual([]);
    const rim = (await balls.evaluate(() => window.rimjsPlayground.losses())).filter((p) => p.model === 'RIM').map((p) => p.loss);
    expect(rim).toHaveLength(10);
    expect(rim.at(-1)!).toBeLessThan(rim[0]!);
    expect(await balls.textContent(".model[data-model='rim'] .acc-label")).toBe('rollout BCE per frame');
    expect(await balls.locator('#activity svg path').count()).toBeGreaterThan(3 * 7 * 16 * 16 * 0.9); // 3 rows x 7 frames x 16 x 16 pixels
    expect(await balls.locator('#attention-map svg').count()).toBe(1);
    expect(await balls.isHidden('#step-panel')).toBe(true);
    await balls.screenshot({ path: join(artifacts, 'playground-balls.png'), fullPage: true });
    await balls.close();
  });

  it('refuses a hostile weights file with a clear message', async () => {
    const evil = new Uint8Array(24);
    new DataView(evil.buffer).setBigUint64(0, 1n << 40n, true); // claims a 1 TB header
    const path = join(work, 'evil.safetensors');
    writeFileSync(path, evil);
    await page.setInputFiles('#load-rim', path);
    await page.waitForSelector('#error:not([hidden])');
    expect(await page.textContent('#error')).toMatch(/^Refused evil\.safetensors: .*header/);
    expect(errors).toEqual([]);
  });
});
