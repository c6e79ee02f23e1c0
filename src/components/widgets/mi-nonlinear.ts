/**
 * mi-nonlinear (Figure 8.3, MINE's Figure 2 at toy scale): z = f(x) + σε with x ∼ U(−1, 1) for
 * f = x, x³ and sin x; one short MINE run per function at each noise level σ, trained point by point
 * (mine-sweep.ts), against the truth by quadrature (kinds/mine/data.ts).
 */
import { sweeps } from '../../engine/experiments/figures-ch8';
import { nonlinearMutualInformation } from '../../engine/kinds/mine/data';
import type { NonlinearFunction } from '../../engine/kinds/mine/data';
import type { SymbolShape } from '../plots';
import { createMineSweep } from './mine-sweep';

const shapes: Record<NonlinearFunction, SymbolShape> = { x: 'circle', cube: 'triangle', sin: 'square' };

export const createMiNonlinear = createMineSweep({
  coordinate: { words: 'noise level σ', symbol: 'σ' },
  points: sweeps['mi-nonlinear'].points,
  domain: [0, 1.05],
  // The truth is infinite at σ = 0; the quadrature's cost grows as 1/σ, so the lines start at 0.08.
  truthRange: [0.08, 1.05],
  truthPoints: 40,
  series: sweeps['mi-nonlinear'].runs.map((run) => ({
    ...run,
    shortLabel: run.label.replace('f(x) = ', ''),
    shape: shapes[run.key as NonlinearFunction],
    className: `sp-mine-${run.key}`,
    truth: (sigma: number) => nonlinearMutualInformation(run.key as NonlinearFunction, sigma),
  })),
  description:
    'The true mutual information of x and f(x) + σε for f = x, x³ and sin x as the noise σ grows (three curves), with MINE\u2019s ' +
    'estimate for each function at six noise levels (symbols with bars of two standard errors), filled in one σ at a time.',
});
