/**
 * One point of Chapter 8's sweeps, run to the end in this thread: the runs of `sweeps[figure]` at
 * ρ (or σ) = value, each trained for its steps and evaluated on the figure's evaluation set. The
 * command line (`--mi-sweep`) and the claims test both call this, so they measure what the figure
 * trains. Needs initBackend() first.
 */
import { createSession } from '../kinds';
import type { MineExperiment } from '../kinds/mine/schema';
import { atSweepPoint, sweepEvaluationPairs, sweeps } from './figures-ch8';

export type SweepFigure = keyof typeof sweeps;

export interface SweepPointResult {
  run: string;
  value: number;
  /** The run's own bound on the evaluation set, with its standard error. */
  estimate: number;
  standardError: number;
  /** Both bounds at the same trained T. */
  donskerVaradhan: number;
  fDivergence: number;
  truth: number;
}

export function runSweepPoint(figure: SweepFigure, base: MineExperiment, value: number, evaluationPairs = sweepEvaluationPairs): SweepPointResult[] {
  const atPoint = atSweepPoint(base, value);
  return sweeps[figure].runs.map((run) => {
    const experiment = run.apply(atPoint);
    const session = createSession(experiment);
    try {
      session.train(experiment.training.steps);
      const { miEstimate, miTrue } = session.snapshot({ miEstimate: evaluationPairs, miTrue: true });
      return {
        run: run.key,
        value,
        estimate: miEstimate!.value,
        standardError: miEstimate!.standardError,
        donskerVaradhan: miEstimate!.donskerVaradhan,
        fDivergence: miEstimate!.fDivergence,
        truth: miTrue!,
      };
    } finally {
      session.dispose();
    }
  });
}
