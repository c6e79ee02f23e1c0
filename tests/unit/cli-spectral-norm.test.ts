/**
 * The spectral-norm command: a valid matrix prints one JSON line with the exact σ (gan-math §9.3)
 * and the power-iteration estimates from a seeded random start; each class of bad input prints one
 * sentence on stderr and exits with 2.
 */
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { randomStart, runSpectralNormCommand } from '../../src/cli/spectral-norm';
import { powerIteration } from '../../src/engine/linalg';

function run(...args: string[]) {
  const out: string[] = [];
  const err: string[] = [];
  const code = runSpectralNormCommand(args, { out: (line) => out.push(line), err: (line) => err.push(line) });
  return { code, out, err };
}

function result(...args: string[]): { sigma: number; estimates: number[] } {
  const { code, out, err } = run(...args);
  expect(err).toEqual([]);
  expect(code).toBe(0);
  expect(out).toHaveLength(1);
  return JSON.parse(out[0]);
}

describe('spectral-norm command: valid input', () => {
  it('[[1,2],[3,4]]: σ = √(15 + √221) = 5.464985704219, ten estimates by default, converging to σ', () => {
    const { sigma, estimates } = result('--spectral-norm', '[[1,2],[3,4]]');
    expect(sigma).toBeCloseTo(Math.sqrt(15 + Math.sqrt(221)), 12);
    expect(estimates).toHaveLength(10);
    expect(Math.abs(estimates[9] - sigma)).toBeLessThan(1e-12);
    // Each estimate is uᵀWv with unit u, v: never above σ.
    for (const estimate of estimates) expect(estimate).toBeLessThanOrEqual(sigma + 1e-12);
  });

  it('σ of every §9.3 matrix, including a wide one and the rank-1 one', () => {
    expect(result('--spectral-norm', '[[1,2,3],[4,5,6]]').sigma).toBeCloseTo(9.508032000696, 11);
    expect(result('--spectral-norm', '[[1,1],[0,1]]').sigma).toBeCloseTo(1.61803398875, 11);
    expect(result('--spectral-norm', '[[1,2],[2,4]]').sigma).toBeCloseTo(5, 12);
    expect(result('--spectral-norm', '[[2,0],[0,-3]]').sigma).toBeCloseTo(3, 12);
    expect(result('--spectral-norm', '[[1,0,0,-1],[2,1,1,2]]').sigma).toBeCloseTo(Math.sqrt(10), 12);
  });

  it('--iterations and --seed: the estimates are the power iteration from the seeded normal start', () => {
    const { estimates } = result('--spectral-norm', '[[1,0.1],[0.1,0.9]]', '--iterations', '3', '--seed', '5');
    expect(estimates).toHaveLength(3);
    const expected = powerIteration([[1, 0.1], [0.1, 0.9]], randomStart(2, 5), 3).map(({ sigma }) => sigma);
    expect(estimates).toEqual(expected);
    // Same seed, same numbers; another seed, another start.
    expect(result('--spectral-norm=[[1,0.1],[0.1,0.9]]', '--iterations=3', '--seed=5').estimates).toEqual(estimates);
    expect(result('--spectral-norm', '[[1,0.1],[0.1,0.9]]', '--iterations', '3', '--seed', '6').estimates).not.toEqual(estimates);
  });

  it('a random start escapes the trap of ones: [[2,−1],[−1,2]] reaches σ = 3', () => {
    const { sigma, estimates } = result('--spectral-norm', '[[2,-1],[-1,2]]', '--iterations', '30');
    expect(sigma).toBeCloseTo(3, 12);
    expect(estimates[29]).toBeCloseTo(3, 10);
  });

  it('--help prints the usage', () => {
    const { code, out } = run('--spectral-norm', '--help');
    expect(code).toBe(0);
    expect(out.join('\n')).toMatch(/--iterations k/);
  });
});

describe('spectral-norm command: bad input', () => {
  const cases: Array<[string, string[], RegExp]> = [
    ['not JSON', ['--spectral-norm', '[[1,2],[3,4]'], /not valid JSON/],
    ['not an array', ['--spectral-norm', '{"a":1}'], /array of rows/],
    ['empty', ['--spectral-norm', '[]'], /empty/],
    ['empty rows', ['--spectral-norm', '[[],[]]'], /empty rows/],
    ['ragged', ['--spectral-norm', '[[1,2],[3]]'], /not rectangular/],
    ['a string entry', ['--spectral-norm', '[[1,"2"]]'], /entry \(1, 2\) of the matrix is not a number/],
    ['non-finite (1e999 parses as Infinity)', ['--spectral-norm', '[[1,1e999]]'], /not finite/],
    ['too large', ['--spectral-norm', JSON.stringify(Array.from({ length: 65 }, () => [1]))], /65 × 1, larger than the 64 × 64/],
    ['missing matrix', ['--spectral-norm'], /needs a value/],
    ['iterations 0', ['--spectral-norm', '[[1]]', '--iterations', '0'], /--iterations must be from 1/],
    ['iterations not whole', ['--spectral-norm', '[[1]]', '--iterations', '2.5'], /--iterations needs a whole number/],
    ['seed negative', ['--spectral-norm', '[[1]]', '--seed', '-3'], /--seed needs a value|--seed needs a whole number/],
    ['unknown option', ['--spectral-norm', '[[1]]', '--steps', '3'], /unexpected argument "--steps"/],
    ['given twice', ['--spectral-norm', '[[1]]', '--iterations', '2', '--iterations', '3'], /given twice/],
  ];
  for (const [name, args, message] of cases) {
    it(`${name}: one sentence on stderr, exit code 2`, () => {
      const { code, out, err } = run(...args);
      expect(code).toBe(2);
      expect(out).toEqual([]);
      expect(err).toHaveLength(1);
      expect(err[0]).toMatch(message);
      expect(err[0]).toMatch(/\.$/);
    });
  }
});

describe('spectral-norm command through npm run experiment', () => {
  const cli = join(process.cwd(), 'src/cli/experiment.ts');
  const tsx = join(process.cwd(), 'node_modules/.bin/tsx');
  it('prints one JSON line, and exits with 2 and one stderr line on bad input', () => {
    const good = spawnSync(tsx, [cli, '--spectral-norm', '[[1,1],[0,1]]', '--iterations', '4'], { encoding: 'utf8' });
    expect(good.status).toBe(0);
    const lines = good.stdout.trim().split('\n');
    expect(lines).toHaveLength(1);
    const parsed = JSON.parse(lines[0]);
    expect(parsed.sigma).toBeCloseTo((1 + Math.sqrt(5)) / 2, 12);
    expect(parsed.estimates).toHaveLength(4);

    const bad = spawnSync(tsx, [cli, '--spectral-norm', '[[1,2],[3]]'], { encoding: 'utf8' });
    expect(bad.status).toBe(2);
    expect(bad.stdout).toBe('');
    expect(bad.stderr.trim().split('\n')).toHaveLength(1);
    expect(bad.stderr).toMatch(/not rectangular/);
  });
});
