/**
 * `npm run experiment -- --mi-sweep <mi-gaussians|mi-nonlinear> [--steps N] [--seed S] [--points a,b,…] [--backend cpu|wasm]`:
 * Chapter 8's sweeps as the figures train them, point after point (engine/experiments/mi-sweep.ts).
 * Prints one JSON line per run ({"run":…,"value":…,"estimate":…,"standardError":…,"truth":…,
 * "relativeError":…}), then {"summary":{…}}. Bad input: one line on stderr, exit 2.
 */
import { defaultCliBackend, parseBackendOption, startCliBackend, type CliBackend } from './backend-option';
import { getFigure } from '../engine/experiments/figures';
import { sweeps } from '../engine/experiments/figures-ch8';
import type { MineExperiment } from '../engine/kinds/mine/schema';

export const miSweepUsage = 'usage: --mi-sweep <mi-gaussians|mi-nonlinear> [--steps N] [--seed S] [--points a,b,…] [--backend cpu|wasm]';

export async function runMiSweepCommand(args: string[], out: (line: string) => void = (line) => process.stdout.write(`${line}\n`)): Promise<number> {
  let figure: keyof typeof sweeps | undefined;
  let steps: number | undefined;
  let seed: number | undefined;
  let points: number[] | undefined;
  let backend: CliBackend = defaultCliBackend;
  try {
    for (let i = 0; i < args.length; i++) {
      const inline = /^(--[a-z-]+)=(.*)$/.exec(args[i]);
      const flag = inline ? inline[1] : args[i];
      const value = inline ? inline[2] : args[++i];
      if (value === undefined || value === '') throw new Error(`${flag} needs a value`);
      if (flag === '--mi-sweep') {
        if (!Object.hasOwn(sweeps, value)) throw new Error(`unknown sweep "${value}"; sweeps: ${Object.keys(sweeps).join(', ')}`);
        figure = value as keyof typeof sweeps;
      } else if (flag === '--steps' || flag === '--seed') {
        if (!/^\d+$/.test(value) || (flag === '--steps' && Number(value) < 1)) throw new Error(`${flag} needs a whole number${flag === '--steps' ? ' ≥ 1' : ''}, got "${value}"`);
        if (flag === '--steps') steps = Number(value);
        else seed = Number(value);
      } else if (flag === '--points') {
        points = value.split(',').map(Number);
        if (points.some((point) => !Number.isFinite(point))) throw new Error(`--points needs numbers separated by commas, got "${value}"`);
      } else if (flag === '--backend') {
        backend = parseBackendOption(value, (message) => {
          throw new Error(message);
        });
      } else throw new Error(`unknown option "${flag}" (${miSweepUsage})`);
    }
    if (!figure) throw new Error(miSweepUsage);
  } catch (error) {
    process.stderr.write(`experiment: ${(error as Error).message}\n`);
    return 2;
  }
  const base = structuredClone(getFigure(figure)!.experiment) as MineExperiment;
  if (steps !== undefined) base.training.steps = steps;
  if (seed !== undefined) base.seed = seed;
  const started = await startCliBackend(backend);
  const { runSweepPoint } = await import('../engine/experiments/mi-sweep');
  const startedAt = performance.now();
  let worst = 0;
  for (const value of points ?? sweeps[figure].points) {
    for (const result of runSweepPoint(figure, base, value)) {
      const relativeError = result.truth > 0 ? (result.estimate - result.truth) / result.truth : null;
      if (relativeError !== null) worst = Math.max(worst, Math.abs(relativeError));
      out(JSON.stringify({ ...result, relativeError }));
    }
  }
  out(JSON.stringify({ summary: { figure, steps: base.training.steps, seed: base.seed, backend: started, largestRelativeError: worst, seconds: (performance.now() - startedAt) / 1000 } }));
  return 0;
}
