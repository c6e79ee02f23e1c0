/**
 * mi-nonlinear (Figure 8.3, MINE's Figure 2 at toy scale): z = f(x) + σε with x ∼ U(−1, 1) for
 * f = x, x³ and sin x; one short MINE run per function at each noise level σ, trained point by point
 * (mine-sweep.ts), against the truth by quadrature (kinds/mine/data.ts).
 */
import { nonlinearFunctions, sweepSigmas } from '../../engine/experiments/figures-ch8';
import { nonlinearMutualInformation } from '../../engine/kinds/mine/data';
import type { MineExperiment } from '../../engine/kinds/mine/schema';
import type { SymbolShape } from '../plots';
import { createMineSweep } from './mine-sweep';

type FunctionId = (typeof nonlinearFunctions)[number]['id'];

const withFunction = (fn: FunctionId) => (experiment: MineExperiment): MineExperiment => {
  const draft = structuredClone(experiment);
  if (draft.data.kind === 'nonlinear') draft.data.function = fn;
  return draft;
};

const shapes: Record<FunctionId, SymbolShape> = { x: 'circle', cube: 'triangle', sin: 'square' };

export const createMiNonlinear = createMineSweep({
  coordinate: { words: 'noise level σ', symbol: 'σ' },
  points: sweepSigmas,
  domain: [0, 1.05],
  // The truth is infinite at σ = 0; the quadrature's cost grows as 1/σ, so the lines start at 0.08.
  truthRange: [0.08, 1.05],
  truthPoints: 40,
  series: nonlinearFunctions.map((fn) => ({
    key: fn.id,
    label: fn.label,
    experiment: withFunction(fn.id),
    shape: shapes[fn.id],
    className: `sp-mine-${fn.id}`,
    truth: (sigma: number) => nonlinearMutualInformation(fn.id, sigma),
  })),
  description:
    'The true mutual information of x and f(x) + σε for f = x, x³ and sin x as the noise σ grows (three curves), with MINE\u2019s ' +
    'estimate for each function at six noise levels (symbols with bars of two standard errors), filled in one σ at a time.',
});
