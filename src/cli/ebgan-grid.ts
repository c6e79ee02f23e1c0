/**
 * `npm run experiment -- --ebgan-grid [--steps N] [--seed S] [--models gan,ebgan,ebgan-pt] [--backend cpu|wasm]`:
 * Chapter 7's toy grid search (src/engine/experiments/ebgan-grid.ts), cell after cell, on the
 * 'ebgan-grid-search' figure's experiment. Prints one JSON line per cell
 * ({"cell":…,"model":…,"modesCaptured":…,"highQualityFraction":…}), then
 * {"summary":{"histogram":{model: [cells with 0, 1, …, 8 modes]}, …}}. A cell whose training
 * diverges scores 0 modes and says so ("diverged": true). Bad input: one line on stderr, exit 2.
 */
import { defaultCliBackend, parseBackendOption, startCliBackend, type CliBackend } from './backend-option';
import { cellExperiment, gridCells, gridModels, modeHistogram, type GridModel } from '../engine/experiments/ebgan-grid';
import { getGanFigure } from '../engine/experiments/figures';

export const ebganGridUsage = "usage: --ebgan-grid [--steps N] [--seed S] [--models gan,ebgan,ebgan-pt] [--backend cpu|wasm]";

export interface GridOutput {
  out(line: string): void;
  err(line: string): void;
}

const processOutput: GridOutput = {
  out: (line) => process.stdout.write(`${line}\n`),
  err: (line) => process.stderr.write(`${line}\n`),
};

export async function runEbganGridCommand(args: string[], output: GridOutput = processOutput): Promise<number> {
  let steps: number | undefined;
  let seed: number | undefined;
  let models: GridModel[] = [...gridModels];
  let backend: CliBackend = defaultCliBackend;
  try {
    for (let i = 0; i < args.length; i++) {
      const inline = /^(--[a-z-]+)=(.*)$/.exec(args[i]);
      const flag = inline ? inline[1] : args[i];
      if (flag === '--ebgan-grid') continue;
      const value = inline ? inline[2] : args[++i];
      if (value === undefined || value === '') throw new Error(`${flag} needs a value`);
      if (flag === '--steps' || flag === '--seed') {
        if (!/^\d+$/.test(value) || (flag === '--steps' && Number(value) < 1)) throw new Error(`${flag} needs a whole number${flag === '--steps' ? ' ≥ 1' : ''}, got "${value}"`);
        if (flag === '--steps') steps = Number(value);
        else seed = Number(value);
      } else if (flag === '--models') {
        const names = value.split(',');
        const unknown = names.filter((name) => !(gridModels as readonly string[]).includes(name));
        if (unknown.length) throw new Error(`unknown model "${unknown[0]}"; models: ${gridModels.join(', ')}`);
        models = names as GridModel[];
      } else if (flag === '--backend') {
        backend = parseBackendOption(value, (message) => {
          throw new Error(message);
        });
      } else throw new Error(`unknown option "${flag}" (${ebganGridUsage})`);
    }
  } catch (error) {
    output.err(`experiment: ${(error as Error).message}`);
    return 2;
  }

  const figure = getGanFigure('ebgan-grid-search')!;
  const base = structuredClone(figure.experiment);
  // Scored on as many samples as the figure draws, so the command line and the figure agree.
  const coverageSamples = figure.snapshot.modeCoverage ?? 2500;
  if (steps !== undefined) base.training.steps = steps;
  if (seed !== undefined) base.seed = seed;
  const started = await startCliBackend(backend);
  const { createSession, TrainingDivergedError } = await import('../engine/kinds');
  const scores: Array<{ model: GridModel; modesCaptured: number }> = [];
  const startedAt = performance.now();
  for (const cell of gridCells().filter((c) => models.includes(c.model))) {
    const experiment = cellExperiment(base, cell);
    const session = createSession(experiment);
    let diverged = false;
    try {
      session.train(experiment.training.steps);
    } catch (error) {
      if (!(error instanceof TrainingDivergedError)) throw error;
      diverged = true;
    }
    const coverage = diverged ? undefined : session.snapshot({ modeCoverage: coverageSamples }).modeCoverage;
    session.dispose();
    const modesCaptured = coverage?.modesCaptured ?? 0;
    scores.push({ model: cell.model, modesCaptured });
    output.out(
      JSON.stringify({
        cell: cell.key,
        model: cell.model,
        depth: cell.depth,
        width: cell.width,
        learningRate: cell.learningRate,
        modesCaptured,
        highQualityFraction: coverage ? Number(coverage.highQualityFraction.toFixed(4)) : 0,
        ...(diverged ? { diverged: true } : {}),
      }),
    );
  }
  const modeCount = base.data.kind === 'ring' ? base.data.modes : 8;
  const histogram = modeHistogram(scores, modeCount);
  output.out(
    JSON.stringify({
      summary: {
        figure: 'ebgan-grid-search',
        steps: base.training.steps,
        seed: base.seed,
        histogram: Object.fromEntries(models.map((model) => [model, histogram[model]])),
        backend: started.name,
        wallSeconds: Number(((performance.now() - startedAt) / 1000).toFixed(3)),
      },
    }),
  );
  return 0;
}
