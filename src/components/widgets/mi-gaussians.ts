/**
 * mi-gaussians (Figure 8.2, MINE's Figure 1 at toy scale): the mutual information of correlated
 * Gaussians, −(d/2)·log(1 − ρ²), against MINE (the Donsker–Varadhan bound) and MINE-f (the
 * f-divergence bound), one short run of each per ρ, trained point by point (mine-sweep.ts).
 */
import { sweeps } from '../../engine/experiments/figures-ch8';
import { gaussianMutualInformation } from '../../engine/kinds/mine/data';
import type { MineExperiment } from '../../engine/kinds/mine/schema';
import { createMineSweep } from './mine-sweep';

const dimOf = (experiment: MineExperiment) => (experiment.data.kind === 'correlated-gaussians' ? experiment.data.dim : 1);

export const createMiGaussians = createMineSweep({
  coordinate: { words: 'correlation ρ of each coordinate pair', symbol: 'ρ' },
  points: sweeps['mi-gaussians'].points,
  domain: [-1, 1],
  series: sweeps['mi-gaussians'].runs.map((run, i) => ({ ...run, shape: i === 0 ? 'circle' : 'triangle', className: `sp-mine-${run.key}` })),
  sharedTruth: (rho, experiment) => gaussianMutualInformation(dimOf(experiment), rho),
  // The truth grows without bound as |ρ| → 1; the chart stops where the sweep does.
  truthRange: [-0.95, 0.95],
  description:
    'The true mutual information of correlated Gaussians as a function of the correlation ρ (a curve), with the estimates of MINE ' +
    '(circles) and MINE-f (triangles), each with a bar of two standard errors, filled in one value of ρ at a time.',
  fields: () => [
    {
      type: 'select',
      paths: ['data.dim'],
      label: 'Dimension d of each variable',
      options: [1, 2, 5].map((dim) => ({ value: String(dim), label: String(dim) })),
      get: (experiment) => String(dimOf(experiment as unknown as MineExperiment)),
      set: (draft, value) => {
        const data = (draft as unknown as MineExperiment).data;
        if (data.kind === 'correlated-gaussians') data.dim = Number(value);
      },
    },
  ],
});
