/** The objectives by the schema's `objective.kind`. Issue 3 adds f-GAN records here. */
import type { Experiment } from '../experiments/schema';
import { minimax, nonSaturating } from './gan';
import type { Objective } from './types';

export type { Objective, DiscriminatorLossOptions } from './types';
export { minimax, nonSaturating, ganDiscriminatorLoss, minimaxGeneratorLoss, nonSaturatingGeneratorLoss } from './gan';

export function getObjective(spec: Experiment['objective']): Objective {
  switch (spec.kind) {
    case 'minimax':
      return minimax;
    case 'non-saturating':
      return nonSaturating;
  }
}
