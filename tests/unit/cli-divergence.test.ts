/**
 * The divergence command: valid input prints one JSON line (values from gan-math §9.1); each class of
 * bad input prints one line on stderr and exits with 2.
 */
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runDivergenceCommand } from '../../src/cli/divergence';

/** Runs the command in-process, capturing its output lines. */
function run(...args: string[]) {
  const out: string[] = [];
  const err: string[] = [];
  const code = runDivergenceCommand(args, { out: (line) => out.push(line), err: (line) => err.push(line) });
  return { code, out, err };
}

function value(...args: string[]): unknown {
  const { code, out, err } = run(...args);
  expect(err).toEqual([]);
  expect(code).toBe(0);
  expect(out).toHaveLength(1);
  return JSON.parse(out[0]);
}

describe('divergence command: valid input', () => {
  it('KL on case (b) prints {"divergence":"kl","value":0.10644…}', () => {
    const { out } = run('--divergence', 'kl', '--p', '0.1,0.2,0.3,0.4', '--q', '0.25,0.25,0.25,0.25');
    expect(out[0]).toMatch(/^\{"divergence":"kl","value":0\.1064\d+\}$/);
    const result = value('--divergence', 'kl', '--p', '0.1,0.2,0.3,0.4', '--q', '0.25,0.25,0.25,0.25') as { value: number };
    expect(result.value).toBeCloseTo(0.10644, 5);
  });

  it('case (c) for several ids, including alpha:<a> and w1', () => {
    const cases: [string, number][] = [
      ['reverse-kl', 0.381909],
      ['js', 0.0863046],
      ['gan', -1.21369],
      ['tv', 0.4],
      ['neyman', 1],
      ['alpha:0.5', 0.351618],
      ['w1', 0.4],
    ];
    for (const [id, expected] of cases) {
      const result = value('--divergence', id, '--p', '0.8,0.2', '--q', '0.4,0.6') as { divergence: string; value: number };
      expect(result.divergence).toBe(id);
      expect(Math.abs(result.value - expected), id).toBeLessThan(1e-5);
    }
  });

  it('prints "Infinity" as a string for a divergent value (Neyman χ² of N(0,1) against N(1,2²))', () => {
    const { out } = run('--divergence', 'neyman', '--p', 'normal:0,1', '--q', 'normal:1,2');
    expect(out).toEqual(['{"divergence":"neyman","value":"Infinity"}']);
    expect(value('--divergence', 'kl', '--p', '0.5,0.5', '--q', '1,0')).toEqual({ divergence: 'kl', value: 'Infinity' });
  });

  it('normals: KL(N(0,1)‖N(1,2²)) = log 2 + 2/8 − ½', () => {
    const result = value('--divergence', 'kl', '--p', 'normal:0,1', '--q', 'normal:1,2') as { value: number };
    expect(result.value).toBeCloseTo(Math.log(2) - 0.25, 10);
  });

  it('accepts --name=value, pads a shorter list with zeros, and canonicalises alpha:.5', () => {
    const padded = value('--divergence=kl', '--p=0.5,0.5', '--q=0.5,0.25,0.25') as { value: number };
    expect(padded.value).toBeCloseTo(0.5 * Math.log(2), 12);
    expect((value('--divergence', 'alpha:.5', '--p', '1', '--q', '1') as { divergence: string }).divergence).toBe('alpha:0.5');
  });

  it('--help prints the usage and exits 0', () => {
    const { code, out } = run('--help');
    expect(code).toBe(0);
    expect(out.join('\n')).toMatch(/--divergence <id>/);
  });
});

describe('divergence command: bad input exits 2 with one line', () => {
  const badInputs: [string, string[], RegExp][] = [
    ['negative probability', ['--divergence', 'kl', '--p', '-0.1,1.1', '--q', '0.5,0.5'], /negative/],
    ['not summing to 1', ['--divergence', 'kl', '--p', '0.3,0.3', '--q', '0.5,0.5'], /sums to 0\.6/],
    ['not a number', ['--divergence', 'kl', '--p', '0.5,abc', '--q', '0.5,0.5'], /not a number/],
    ['empty entry', ['--divergence', 'kl', '--p', '0.5,,0.5', '--q', '0.5,0.5'], /not a number/],
    ['negative std', ['--divergence', 'kl', '--p', 'normal:0,-1', '--q', 'normal:0,1'], /std must be positive/],
    ['zero std', ['--divergence', 'kl', '--p', 'normal:0,1', '--q', 'normal:0,0'], /std must be positive/],
    ['malformed normal', ['--divergence', 'kl', '--p', 'normal:0', '--q', 'normal:0,1'], /normal:<mean>,<std>/],
    ['unknown spec kind', ['--divergence', 'kl', '--p', 'cauchy:0,1', '--q', 'normal:0,1'], /unknown spec/],
    ['unknown id', ['--divergence', 'kld', '--p', '1', '--q', '1'], /unknown divergence "kld".*w1/],
    ['α = 1', ['--divergence', 'alpha:1', '--p', '1', '--q', '1'], /other than 0 and 1/],
    ['discrete against normal', ['--divergence', 'kl', '--p', '0.5,0.5', '--q', 'normal:0,1'], /discrete .* continuous/],
    ['missing --q', ['--divergence', 'kl', '--p', '1'], /missing --q/],
    ['missing value', ['--divergence', 'kl', '--p', '--q', '1'], /--p needs a value/],
    ['missing --divergence', ['--p', '1', '--q', '1'], /missing --divergence/],
    ['unexpected argument', ['--divergence', 'kl', '--p', '1', '--q', '1', '--seed', '3'], /unexpected argument "--seed"/],
    ['repeated option', ['--divergence', 'kl', '--p', '1', '--p', '1', '--q', '1'], /--p given twice/],
  ];

  for (const [name, args, message] of badInputs) {
    it(name, () => {
      const { code, out, err } = run(...args);
      expect(code).toBe(2);
      expect(out).toEqual([]);
      expect(err).toHaveLength(1);
      expect(err[0]).not.toContain('\n');
      expect(err[0]).toMatch(message);
    });
  }
});

describe('divergence command: as a process', () => {
  const root = join(import.meta.dirname, '..', '..');
  const tsx = (...args: string[]) => spawnSync('npx', ['tsx', ...args], { cwd: root, encoding: 'utf8' });

  it('runs standalone: stdout is exactly the JSON line; bad input exits 2', () => {
    const ok = tsx('src/cli/divergence.ts', '--divergence', 'tv', '--p', '0.8,0.2', '--q', '0.4,0.6');
    expect(ok.status).toBe(0);
    expect(ok.stdout).toBe('{"divergence":"tv","value":0.4}\n');
    const bad = tsx('src/cli/divergence.ts', '--divergence', 'tv', '--p', '0.8,0.3', '--q', '0.4,0.6');
    expect(bad.status).toBe(2);
    expect(bad.stdout).toBe('');
    expect(bad.stderr).toMatch(/sums to 1\.1/);
  });
});
