import { mkdtempSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { captureIo } from '../testing/capture-io.js';
import { runCli } from './run-cli.js';

async function usage(argv: string[]): Promise<{ code: number; err: string }> {
  const io = captureIo();
  const code = await runCli(argv, io);
  return { code, err: io.text().err };
}

describe('runCli usage errors (exit 2, naming the option)', () => {
  it.each([
    [['tiny', '--steps', 'abc'], "option '--steps <n>' argument 'abc' is invalid. expected a positive integer, got 'abc'"],
    [['tiny', '--lr', '-1'], "option '--lr <x>' argument '-1' is invalid. expected a number > 0, got '-1'"],
    [['tiny', '--dropout', '1.5'], "option '--dropout <rate>' argument '1.5' is invalid. expected a number in [0, 1), got '1.5'"],
    [['tiny', '--init-std', '0'], "option '--init-std <x>' argument '0' is invalid. expected a number > 0, got '0'"],
    [['tiny', '--forget-bias', 'one'], "option '--forget-bias <x>' argument 'one' is invalid. expected a number, got 'one'"],
    [['tiny', '--embedding-dropout', '1'], "option '--embedding-dropout <rate>' argument '1' is invalid. expected a number in [0, 1), got '1'"],
    [['tiny', '--attention-dropout', '1'], "option '--attention-dropout <rate>' argument '1' is invalid. expected a number in [0, 1), got '1'"],
    [['tiny', '--forget-bias', '1', '--unit-cell', 'gru'], "tiny.sizes.forgetBias: needs LSTM units (sizes.unitCell = 'lstm'), got unitCell 'gru' (option --forget-bias)"],
    [['tiny', '--model', 'rim,transformer'], "option '--model <list>' argument 'rim,transformer' is invalid. expected a comma-separated list of rim, rim-no-comm, rim-all-active, lstm, gru, got 'rim,transformer'"],
    [['tiny', '--backend', 'gpu'], "option '--backend <name>' argument 'gpu' is invalid. expected one of auto, tensorflow, wasm, cpu, webgpu, got 'gpu'"],
    [['tiny', '--input-dropout-per', 'head'], "option '--input-dropout-per <where>' argument 'head' is invalid. expected unit or slot, got 'head'"],
    [['tiny', '--engine', 'fast'], "option '--engine <name>' argument 'fast' is invalid. expected fused or composed, got 'fast'"],
    [['tiny', '--bogus'], "unknown option '--bogus'"],
    [['no-such-preset'], "argument <preset>: unknown preset 'no-such-preset'; one of copying-small"],
    [[], 'missing argument <preset>'],
    [['tiny', '--top-k', '5'], 'tiny.sizes.topK: must be an integer in [1, sizes.units = 3], got 5 (option --top-k)'],
    [['tiny', '--set', 'train.speed=2'], "option '--set train.speed=2': tiny has no field train.speed"],
    [['tiny', '--set', 'task.trainDelay=x'], "option '--set task.trainDelay=x': expected a number, got 'x'"],
    [['tiny', '--set', 'task.trainDelayMin=7'], 'tiny.task.trainDelayMin: must be an integer in [1, task.trainDelay = 6], got 7'],
    [['tiny', '--set', 'task.trainDelayMin=null'], "option '--set task.trainDelayMin=null': expected a number, got 'null'"],
    [['adding-cpu', '--set', 'task.trainDelayMin=3'], "option '--set task.trainDelayMin=3': adding-cpu has no field task.trainDelayMin"],
    [['tiny', '--set', 'delay=5'], "option '--set <field=value>' argument 'delay=5' is invalid."],
    [['eval'], "missing required argument 'run'"],
    [['tiny', '--seed', '1', '--seeds', '1,2'], "options '--seed' and '--seeds' exclude each other: --seeds trains one run per seed (--seeds 1 for one)"],
    [['tiny', '--parallel', '2'], "option '--parallel' applies to a seeds run (--seeds, or --resume of a folder with seeds.json)"],
    [['tiny', '--seeds', '1,x'], "option '--seeds <list>' argument '1,x' is invalid. expected a comma-separated list of integers >= 0, e.g. 1,2,3, got '1,x'"],
    [['tiny', '--seeds', '2,2'], "option '--seeds <list>' argument '2,2' is invalid. expected distinct seeds, got '2,2'"],
    [['tiny', '--seeds', '1', '--parallel', '0'], "option '--parallel <n>' argument '0' is invalid. expected a positive integer, got '0'"],
    [['tiny', '--seeds', '1', '--top-k', '5'], 'tiny.sizes.topK: must be an integer in [1, sizes.units = 3], got 5 (option --top-k)'],
  ])('%j', async (argv, message) => {
    const { code, err } = await usage(argv);
    expect(code).toBe(2);
    expect(err).toContain(message);
  });

  it('refuses a non-empty --out and options a resumed run cannot change', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'trainer-cli-'));
    writeFileSync(join(dir, 'keep.txt'), 'x');
    const out = await usage(['tiny', '--out', dir]);
    expect(out.code).toBe(2);
    expect(out.err).toContain(`option '--out': ${dir} exists and is not empty; continue it with --resume`);
    const resumed = await usage(['--resume', dir, '--lr', '0.1']);
    expect(resumed.code).toBe(2);
    expect(resumed.err).toContain("option '--lr' cannot change a resumed run");
    const notRun = await usage(['--resume', dir]);
    expect(notRun.err).toContain(`option '--resume': readRunConfig: ${dir} is not a run folder (no run.json)`);
    mkdirSync(join(dir, 'empty'));
    const notRunEval = await usage(['eval', join(dir, 'empty')]);
    expect(notRunEval.code).toBe(2);
    expect(notRunEval.err).toContain(`argument <run>: readRunConfig: ${join(dir, 'empty')} is not a run folder (no run.json)`);
  });

  it('resumes a run folder written before the attentionDropout, forgetBias and initStd sizes existed', async () => {
    const dir = join(mkdtempSync(join(tmpdir(), 'trainer-cli-')), 'run');
    const io = captureIo();
    expect(await runCli(['tiny', '--model', 'lstm', '--steps', '2', '--eval-every', '0', '--quiet', '--out', dir], io)).toBe(0);
    const path = join(dir, 'run.json');
    const run = JSON.parse(readFileSync(path, 'utf8')) as { sizes: Record<string, unknown> };
    delete run.sizes.attentionDropout;
    delete run.sizes.forgetBias;
    delete run.sizes.initStd;
    writeFileSync(path, JSON.stringify(run));
    const again = captureIo();
    expect(await runCli(['--resume', dir, '--steps', '3', '--quiet'], again)).toBe(0);
    expect(again.text().out).toContain('resuming at step 2 of 3');
  });

  it('trains on varied copying gaps with --set task.trainDelayMin (an optional task field)', async () => {
    const dir = join(mkdtempSync(join(tmpdir(), 'trainer-cli-')), 'run');
    const io = captureIo();
    expect(await runCli(['tiny', '--model', 'lstm', '--steps', '3', '--eval-every', '0', '--quiet', '--set', 'task.trainDelayMin=2', '--out', dir], io)).toBe(0);
    const run = JSON.parse(readFileSync(join(dir, 'run.json'), 'utf8')) as { task: Record<string, unknown> };
    expect(run.task).toMatchObject({ trainDelay: 6, trainDelayMin: 2 });
  });

  it('prints help and the presets with exit 0', async () => {
    const io = captureIo();
    expect(await runCli(['presets'], io)).toBe(0);
    expect(io.text().out).toMatch(/\| `copying-small` +\| copying T 50 -> 200 +\| rim, lstm +\|/);
    expect(io.text().out).toMatch(/\| `copying-cpu-ablations` \| copying T 20 -> 80 \(3 symbols of 4\) +\| rim, rim-no-comm, rim-all-active \|/);
    const help = captureIo();
    expect(await runCli(['train', '--help'], help)).toBe(0);
    expect(help.text().out).toContain('--resume <run>');
  });
});
