import { spawnSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { figures } from '../../src/engine/experiments/figures';
import type { Experiment } from '../../src/engine/experiments/schema';
import { initBackend } from '../../src/engine/backend';
import { createSessionOn } from '../../src/engine/kinds';

const root = join(import.meta.dirname, '..', '..');

/** Run the CLI as a reader would (through tsx on the project's Node). */
function cli(...args: string[]) {
  const result = spawnSync('npx', ['tsx', 'src/cli/experiment.ts', ...args], { cwd: root, encoding: 'utf8' });
  // npm may print its own configuration warnings on stderr; keep only the CLI's lines.
  const stderr = result.stderr
    .split('\n')
    .filter((line) => line.trim() && !line.startsWith('npm warn'))
    .join('\n');
  return { code: result.status, stdout: result.stdout, stderr };
}

function tempFile(name: string, text: string): string {
  const path = join(mkdtempSync(join(tmpdir(), 'saddle-cli-')), name);
  writeFileSync(path, text);
  return path;
}

describe('experiment command line', () => {
  it('--list prints one id and title per line', () => {
    const { code, stdout } = cli('--list');
    expect(code).toBe(0);
    const ids = stdout.trim().split('\n').map((line) => line.split('\t')[0]);
    // Every registered figure, in registry order; Chapter 1's first (later chapters append theirs).
    expect(ids).toEqual(Object.keys(figures));
    expect(ids.slice(0, 4)).toEqual(['gan-1d', 'optimal-discriminator', 'ring-gan', 'saturation']);
    for (const line of stdout.trim().split('\n')) expect(line.split('\t')[1]?.length).toBeGreaterThan(0);
  });

  it('--figure with --steps and --seed prints one JSON line per report interval, then a summary', () => {
    // gan-1d reports every 100 iterations: 250 steps give reports at 100, 200 and 250.
    const { code, stdout, stderr } = cli('--figure', 'gan-1d', '--steps', '250', '--seed', '3');
    expect(stderr).not.toMatch(/experiment:/);
    expect(code).toBe(0);
    const lines = stdout.trim().split('\n').map((line) => JSON.parse(line));
    expect(lines).toHaveLength(4);
    expect(lines.slice(0, 3).map((line) => line.step)).toEqual([100, 200, 250]);
    for (const line of lines.slice(0, 3)) {
      for (const key of ['discriminatorLoss', 'generatorLoss', 'generatorGradNorm', 'discriminatorGradNorm']) {
        expect(Number.isFinite(line[key])).toBe(true);
      }
      // A one-component mixture has one mode; coverage is reported at each interval.
      expect(line.modeCoverage.modeCount).toBe(1);
    }
    const { summary } = lines[3];
    // WASM is the default backend in Node (it starts there; a fallback would print a note on stderr).
    expect(summary).toMatchObject({ figure: 'gan-1d', steps: 250, seed: 3, backend: 'wasm' });
    expect(summary.discriminatorLoss).toBe(lines[2].discriminatorLoss);
    expect(summary.modeCoverage.modeCount).toBe(1);
  });

  it('reports mode coverage on the ring of 8', () => {
    const { code, stdout } = cli('--figure', 'ring-gan', '--steps', '10');
    expect(code).toBe(0);
    const [report, { summary }] = stdout.trim().split('\n').map((line) => JSON.parse(line));
    expect(report.step).toBe(10);
    expect(report.modeCoverage.modeCount).toBe(8);
    expect(report.modeCoverage.counts).toHaveLength(8);
    expect(summary.steps).toBe(10);
  });

  it('--backend cpu trains on the CPU backend and names it in the summary', () => {
    const { code, stdout, stderr } = cli('--figure', 'gan-1d', '--steps', '20', '--backend', 'cpu');
    expect(stderr).not.toMatch(/experiment:/);
    expect(code).toBe(0);
    const lines = stdout.trim().split('\n').map((line) => JSON.parse(line));
    expect(lines[lines.length - 1].summary).toMatchObject({ figure: 'gan-1d', steps: 20, backend: 'cpu' });
  });

  it('--backend wasm-fused trains on the fast path the figures take with WASM: the numbers of the same run in process, step for step', async () => {
    const { code, stdout, stderr } = cli('--figure', 'ring-gan', '--steps', '150', '--seed', '4', '--backend', 'wasm-fused');
    expect(stderr).not.toMatch(/experiment:/);
    expect(code).toBe(0);
    const lines = stdout.trim().split('\n').map((line) => JSON.parse(line));
    expect(lines.at(-1).summary).toMatchObject({ figure: 'ring-gan', steps: 150, seed: 4, backend: 'wasm-fused' });
    // The figures' path (createSessionOn on WASM) in this process: the same numbers, exactly.
    await initBackend('wasm');
    const spec = figures['ring-gan'].experiment as Experiment;
    const { session, backend } = await createSessionOn({ ...spec, seed: 4, training: { ...spec.training, steps: 150 } }, { name: 'wasm', reason: '' });
    const metrics = session.train(150);
    session.dispose();
    expect(backend.name).toBe('wasm-fused');
    const reported = lines.filter((line) => 'step' in line);
    expect(reported.map((line) => line.step)).toEqual([100, 150]);
    for (const line of reported) {
      const { step, discriminatorLoss, generatorLoss, generatorGradNorm, discriminatorGradNorm } = metrics[line.step - 1];
      expect({ step: line.step, discriminatorLoss: line.discriminatorLoss, generatorLoss: line.generatorLoss, generatorGradNorm: line.generatorGradNorm, discriminatorGradNorm: line.discriminatorGradNorm })
        .toEqual({ step, discriminatorLoss, generatorLoss, generatorGradNorm, discriminatorGradNorm });
    }
  }, 60_000);

  it('--backend wasm-fused on an experiment the fast path does not take trains on WASM and says why on stderr', () => {
    const { code, stdout, stderr } = cli('--figure', 'optimal-discriminator', '--steps', '10', '--backend', 'wasm-fused');
    expect(code).toBe(0);
    expect(stderr).toBe("experiment: note: not on the fused fast path (the fast path needs an MLP generator, not 'affine'); training on wasm");
    const lines = stdout.trim().split('\n').map((line) => JSON.parse(line));
    expect(lines.at(-1).summary).toMatchObject({ figure: 'optimal-discriminator', backend: 'wasm' });
  });

  it('runs a config file, filling defaults and applying --steps', () => {
    const path = tempFile('ok.json', JSON.stringify({
      data: { kind: 'two-moons' },
      generator: { hidden: [8] },
      discriminator: { hidden: [8] },
      training: { batchSize: 32, reportEvery: 4 },
    }));
    const { code, stdout } = cli('--config', path, '--steps', '8');
    expect(code).toBe(0);
    const lines = stdout.trim().split('\n').map((line) => JSON.parse(line));
    expect(lines.map((line) => line.step ?? line.summary.steps)).toEqual([4, 8, 8]);
    // Two moons has no modes: no coverage reported.
    expect(lines[0].modeCoverage).toBeUndefined();
    expect(lines[2].summary).toMatchObject({ config: path, seed: 1 });
  });

  it('rejects an invalid experiment file with one line and exit code 2', () => {
    const path = tempFile('bad.json', JSON.stringify({ training: { batchSize: 5000 }, data: { kind: 'spiral' } }));
    const { code, stdout, stderr } = cli('--config', path);
    expect(code).toBe(2);
    expect(stdout).toBe('');
    expect(stderr.split('\n')).toHaveLength(1);
    expect(stderr).toContain('training.batchSize must be a whole number between 1 and 4096');
    expect(stderr).toContain('data.kind must be one of: mixture-1d, ring, grid, swiss-roll, two-moons');
    expect(stderr).not.toMatch(/\s+at .*\(/); // no stack trace
  });

  it('rejects unreadable files, bad JSON, unknown figures and bad numbers with exit code 2', () => {
    const cases: [string[], RegExp][] = [
      [['--config', join(tmpdir(), 'no-such-saddle-file.json')], /cannot read the config file/],
      [['--config', tempFile('broken.json', '{"seed": ')], /is not valid JSON/],
      [['--figure', 'no-such-figure'], /unknown figure "no-such-figure"; known figures: gan-1d/],
      [['--figure', 'gan-1d', '--steps', 'ten'], /--steps needs a whole number, got "ten"/],
      [['--figure', 'gan-1d', '--seed', '-4'], /--seed needs a whole number, got "-4"/],
      [['--figure', 'gan-1d', '--steps', '0'], /training\.steps must be a whole number between 1 and 1000000/],
      [['--figure'], /--figure needs a value/],
      [['--frobnicate'], /unknown option "--frobnicate"/],
      [['--figure', 'gan-1d', '--backend', 'webgl'], /--backend must be one of: wasm, wasm-fused, cpu; got "webgl"/],
    ];
    for (const [args, pattern] of cases) {
      const { code, stderr } = cli(...args);
      expect(code, args.join(' ')).toBe(2);
      expect(stderr.split('\n'), args.join(' ')).toHaveLength(1);
      expect(stderr).toMatch(pattern);
    }
  });

  it('dispatches --divergence to the divergence command', () => {
    // gan-math.md §9.1, case (b): KL(P‖Q) = 0.106440.
    const { code, stdout } = cli('--divergence', 'kl', '--p', '0.1,0.2,0.3,0.4', '--q', '0.25,0.25,0.25,0.25');
    expect(code).toBe(0);
    const result = JSON.parse(stdout.trim());
    expect(result.divergence).toBe('kl');
    expect(result.value).toBeCloseTo(0.10644, 5);
    const bad = cli('--divergence', 'kl', '--p', '0.1,0.2', '--q', '0.5,0.5');
    expect(bad.code).toBe(2);
    expect(bad.stderr.split('\n')).toHaveLength(1);
  });

  it('--help prints usage', () => {
    const { code, stdout } = cli('--help');
    expect(code).toBe(0);
    expect(stdout).toContain('--figure <id>');
    expect(stdout).toContain('--divergence');
  });
});
