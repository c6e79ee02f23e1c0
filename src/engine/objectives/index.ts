/** The objectives by the schema's `objective.kind`: the two GAN losses and f-GAN for any registry divergence. */
import type { Experiment } from '../experiments/schema';
import { createFGanObjective } from './fgan';
import { minimax, nonSaturating } from './gan';
import type { Objective } from './types';

export type { Objective, DiscriminatorLossOptions } from './types';
export { minimax, nonSaturating, ganDiscriminatorLoss, minimaxGeneratorLoss, nonSaturatingGeneratorLoss } from './gan';
export {
  createFGanObjective,
  divergenceOfObjective,
  fganBound,
  fganCriticLoss,
  fganGeneratorLoss,
  type FGanGeneratorLoss,
  type FGanObjective,
} from './fgan';

export function getObjective(spec: Experiment['objective']): Objective {
  switch (spec.kind) {
    case 'minimax':
      return minimax;
    case 'non-saturating':
      return nonSaturating;
    case 'f-gan':
      return createFGanObjective(spec.divergence, spec.generatorLoss);
  }
}
