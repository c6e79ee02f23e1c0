/**
 * `npm run experiment -- --ebgan-grid`: Chapter 7's toy grid search from the command line. Run here
 * with a few steps per cell (the plumbing, not the scores: those are in the chapter, measured with the
 * full 600 steps) and on bad input.
 */
import { describe, expect, it } from 'vitest';
import { runEbganGridCommand } from '../../src/cli/ebgan-grid';
import { gridAxes } from '../../src/engine/experiments/ebgan-grid';

function capture() {
  const out: string[] = [];
  const err: string[] = [];
  return { out, err, output: { out: (line: string) => out.push(line), err: (line: string) => err.push(line) } };
}

describe('--ebgan-grid', () => {
  it('runs each cell of the chosen models and ends with a histogram of modes captured', async () => {
    const { out, err, output } = capture();
    const code = await runEbganGridCommand(['--ebgan-grid', '--steps', '3', '--models', 'gan,ebgan-pt', '--backend', 'cpu'], output);
    expect(err).toEqual([]);
    expect(code).toBe(0);
    const lines = out.map((line) => JSON.parse(line));
    const cells = lines.filter((line) => 'cell' in line);
    const perModel = gridAxes.depth.length * gridAxes.width.length * gridAxes.learningRate.length;
    expect(cells).toHaveLength(2 * perModel);
    expect(new Set(cells.map((cell) => cell.model))).toEqual(new Set(['gan', 'ebgan-pt']));
    for (const cell of cells) expect(cell.modesCaptured).toBeGreaterThanOrEqual(0);
    const summary = lines.at(-1).summary;
    expect(summary.steps).toBe(3);
    expect(Object.keys(summary.histogram)).toEqual(['gan', 'ebgan-pt']);
    for (const model of ['gan', 'ebgan-pt']) {
      expect(summary.histogram[model]).toHaveLength(9);
      expect(summary.histogram[model].reduce((a: number, b: number) => a + b, 0)).toBe(perModel);
    }
  }, 60_000);

  it('rejects an unknown model and a bad step count with exit code 2', async () => {
    const bad = capture();
    expect(await runEbganGridCommand(['--ebgan-grid', '--models', 'wgan'], bad.output)).toBe(2);
    expect(bad.err.join('\n')).toMatch(/unknown model "wgan"/);
    const zero = capture();
    expect(await runEbganGridCommand(['--ebgan-grid', '--steps', '0'], zero.output)).toBe(2);
    expect(zero.err.join('\n')).toMatch(/--steps needs a whole number/);
  });
});
