/**
 * `npm run experiment -- --grid sngan-robustness [--steps N] [--seed S] [--backend cpu|wasm]`:
 * SN-GAN's Figure 1 at toy scale from the command line. Runs the figure's experiment for every
 * setting A–F of SN-GAN's Table 1 and every method (clipping, gradient penalty, spectral norm),
 * one after another, exactly as the figure's cells are built (withSetting, withMethod), and prints
 * one JSON line per cell,
 *
 *   {"setting":"A","method":"spectral-norm","modesCaptured":7,"modeCount":8,"highQualityFraction":0.41,"seconds":3.2}
 *
 * then {"summary":{...}} with the backend. Exit codes: 0 done, 2 bad input. A cell whose training
 * diverges is reported with "diverged": true and scores of 0 (the figure's table would show its error).
 */
import { backendUsage, defaultCliBackend, parseBackendOption, startCliBackend, type CliBackend } from './backend-option';
import { getGanFigure } from '../engine/experiments/figures';
import { lipschitzMethods, snganSettings, withMethod, withSetting } from '../engine/experiments/figures-ch6';
import type { Experiment } from '../engine/experiments/schema';

export const BAD_INPUT_EXIT_CODE = 2;

/** The figures whose grid this command runs. */
export const gridFigures = ['sngan-robustness'] as const;

export const gridUsage = [
  'usage: --grid <figure-id> [--steps N] [--seed S] [--backend cpu|wasm]',
  `  <figure-id>  one of: ${gridFigures.join(', ')}`,
  '  N            generator steps per cell (default: the figure\'s)',
  '  S            seed of every cell (default: the figure\'s)',
  `  ${backendUsage}`,
  '  Prints one JSON line per (setting, method) cell: modes captured, mode count, high-quality fraction.',
].join('\n');

export interface GridCell {
  setting: string;
  method: string;
  experiment: Experiment;
}

/** Every cell of the grid, settings outer (A first), methods inner, in lipschitzMethods' order. */
export function gridCells(base: Experiment): GridCell[] {
  return snganSettings.flatMap((setting) =>
    lipschitzMethods.map((method) => ({ setting: setting.id, method: method.id, experiment: withMethod(withSetting(base, setting), method.id) })),
  );
}

function fail(message: string): number {
  console.error(message);
  return BAD_INPUT_EXIT_CODE;
}

export async function runGridCommand(args: string[]): Promise<number> {
  let figureId: string | undefined;
  let steps: number | undefined;
  let seed: number | undefined;
  let backend: CliBackend = defaultCliBackend;
  for (let i = 0; i < args.length; i++) {
    const inline = /^(--[a-z-]+)=(.*)$/.exec(args[i]);
    const flag = inline ? inline[1] : args[i];
    const value = inline ? inline[2] : args[++i];
    if (flag === '--help') {
      console.log(gridUsage);
      return 0;
    }
    if (value === undefined || value === '') return fail(`${flag} needs a value\n${gridUsage}`);
    if (flag === '--grid') figureId = value;
    else if (flag === '--steps' || flag === '--seed') {
      if (!/^\d+$/.test(value) || (flag === '--steps' && Number(value) < 1)) return fail(`${flag} needs a whole number${flag === '--steps' ? ' ≥ 1' : ''}, got "${value}"`);
      if (flag === '--steps') steps = Number(value);
      else seed = Number(value);
    } else if (flag === '--backend') {
      try {
        backend = parseBackendOption(value, (message) => {
          throw new RangeError(message);
        });
      } catch (error) {
        return fail((error as Error).message);
      }
    } else return fail(`unknown option "${flag}" for --grid\n${gridUsage}`);
  }
  const spec = figureId !== undefined && (gridFigures as readonly string[]).includes(figureId) ? getGanFigure(figureId) : undefined;
  if (!spec) return fail(`--grid needs one of: ${gridFigures.join(', ')}${figureId ? `; got "${figureId}"` : ''}`);
  const base = structuredClone(spec.experiment);
  if (steps !== undefined) base.training.steps = steps;
  if (seed !== undefined) base.seed = seed;

  const report = await startCliBackend(backend);
  const { createSession, TrainingDivergedError } = await import('../engine/kinds');
  const cells = gridCells(base);
  const started = Date.now();
  for (const cell of cells) {
    const cellStart = Date.now();
    const session = createSession(cell.experiment);
    let diverged = false;
    try {
      session.train(cell.experiment.training.steps);
    } catch (error) {
      if (!(error instanceof TrainingDivergedError)) throw error;
      diverged = true;
    }
    const coverage = diverged ? undefined : (session.report().modeCoverage as { modesCaptured: number; modeCount: number; highQualityFraction: number } | undefined);
    session.dispose();
    console.log(
      JSON.stringify({
        setting: cell.setting,
        method: cell.method,
        modesCaptured: coverage?.modesCaptured ?? 0,
        modeCount: coverage?.modeCount ?? 8,
        highQualityFraction: coverage?.highQualityFraction ?? 0,
        ...(diverged ? { diverged: true } : {}),
        seconds: Number(((Date.now() - cellStart) / 1000).toFixed(2)),
      }),
    );
  }
  console.log(JSON.stringify({ summary: { figure: spec.id, cells: cells.length, steps: base.training.steps, seed: base.seed, backend: report, seconds: Number(((Date.now() - started) / 1000).toFixed(1)) } }));
  return 0;
}
