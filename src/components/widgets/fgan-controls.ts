/**
 * Controls shared by the f-GAN figures (Chapters 3–4): which divergence the critic's bound uses
 * and which loss the generator descends. Both edit the experiment's objective, so the schema judges
 * them and share links carry them.
 */
import type { Experiment } from '../../engine/experiments/schema';
import { divergenceList, getDivergence, isDivergenceId } from '../../engine/divergences/registry';
import { selectAt, type SelectField } from './controls';

/** α values offered in menus (a link may carry any other; it is then listed too). */
const alphaChoices = [0.5, 2, -1];

/** The objective's divergence id, or 'gan' for the two GAN objectives (their critic is log D). */
export function objectiveDivergence(experiment: Experiment): string {
  return experiment.objective.kind === 'f-gan' ? experiment.objective.divergence : 'gan';
}

/** A select of every registry divergence (and a few α) bound to objective.divergence. */
export function divergenceField(experiment: Experiment, label = 'Divergence f'): SelectField {
  const options = [
    ...divergenceList.map((divergence) => ({ value: divergence.id, label: divergence.name })),
    ...alphaChoices.map((alpha) => ({ value: `alpha:${alpha}`, label: `α-divergence, α = ${alpha}` })),
  ];
  const current = objectiveDivergence(experiment);
  if (isDivergenceId(current) && !options.some((option) => option.value === current)) {
    options.push({ value: current, label: getDivergence(current).name });
  }
  return selectAt('objective.divergence', label, options);
}

export const generatorLossOptions = [
  { value: 'saddle', label: 'saddle (minimise F)' },
  { value: 'non-saturating', label: 'non-saturating (raise E_Q[T])' },
] as const;

export function generatorLossField(): SelectField {
  return selectAt('objective.generatorLoss', 'Generator loss', generatorLossOptions);
}
