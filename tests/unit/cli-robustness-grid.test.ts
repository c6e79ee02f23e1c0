/**
 * The command line's `--grid sngan-robustness`: every (setting, method) cell of SN-GAN's Figure 1
 * at toy scale, built exactly as the figure builds them, one JSON line each.
 */
import { afterEach, describe, expect, it, vi } from 'vitest';
import { gridCells, runGridCommand } from '../../src/cli/robustness-grid';
import { main } from '../../src/cli/experiment';
import { getGanFigure } from '../../src/engine/experiments/figures';
import { methodOf, settingOf } from '../../src/engine/experiments/figures-ch6';

afterEach(() => {
  vi.restoreAllMocks();
});

describe('gridCells', () => {
  it("is the six settings of SN-GAN's Table 1 × the three methods, each cell carrying its own optimiser and objective", () => {
    const cells = gridCells(getGanFigure('sngan-robustness')!.experiment);
    expect(cells).toHaveLength(18);
    expect(cells.map((cell) => cell.setting).join('')).toBe('AAABBBCCCDDDEEEFFF');
    for (const cell of cells) {
      expect(settingOf(cell.experiment)?.id).toBe(cell.setting);
      expect(methodOf(cell.experiment)).toBe(cell.method);
    }
    const f = cells.find((cell) => cell.setting === 'F' && cell.method === 'clip')!.experiment;
    expect(f.optimizers.generator).toMatchObject({ kind: 'adam', learningRate: 1e-3, beta1: 0.9, beta2: 0.999 });
    expect(f.training.discriminatorSteps).toBe(5);
    expect(f.objective).toEqual({ kind: 'wasserstein', constraint: { kind: 'clip', c: 0.01 } });
    const b = cells.find((cell) => cell.setting === 'B' && cell.method === 'spectral-norm')!.experiment;
    expect(b.objective.kind).toBe('hinge');
    expect(b.discriminator.spectralNorm).toEqual({ powerIterations: 1 });
    expect(b.training.discriminatorSteps).toBe(1);
  });
});

describe('--grid', () => {
  it('prints one line per cell with its scores, then a summary (one generator step per cell, CPU)', async () => {
    const lines: string[] = [];
    vi.spyOn(console, 'log').mockImplementation((line: string) => void lines.push(line));
    expect(await main(['--grid', 'sngan-robustness', '--steps', '1', '--seed', '4', '--backend', 'cpu'])).toBe(0);
    const rows = lines.map((line) => JSON.parse(line));
    expect(rows).toHaveLength(19);
    for (const row of rows.slice(0, 18)) {
      expect(row.modeCount).toBe(8);
      expect(row.modesCaptured).toBeGreaterThanOrEqual(0);
      expect(row.modesCaptured).toBeLessThanOrEqual(8);
      expect(row.highQualityFraction).toBeGreaterThanOrEqual(0);
      expect(row.highQualityFraction).toBeLessThanOrEqual(1);
    }
    expect(rows[18].summary).toMatchObject({ figure: 'sngan-robustness', cells: 18, steps: 1, seed: 4 });
  }, 60_000);

  it('rejects an unknown figure, a bad number and an unknown option with exit code 2', async () => {
    const errors: string[] = [];
    vi.spyOn(console, 'error').mockImplementation((line: string) => void errors.push(line));
    expect(await runGridCommand(['--grid', 'ring-gan'])).toBe(2);
    expect(await runGridCommand(['--grid', 'sngan-robustness', '--steps', '0'])).toBe(2);
    expect(await runGridCommand(['--grid', 'sngan-robustness', '--colour', 'red'])).toBe(2);
    expect(errors.join('\n')).toMatch(/sngan-robustness.*ring-gan[\s\S]*--steps[\s\S]*unknown option/);
  });
});
