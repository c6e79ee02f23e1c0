/**
 * The objectives by the schema's `objective.kind`. Objectives of scores alone (minimax,
 * non-saturating, f-GAN, least squares, hinge) are lifted by `fromScores`, which also adds R1 where
 * the experiment asks for it; Wasserstein and energy objectives see the critic itself.
 */
import type { ObjectiveSpec } from '../experiments/schema';
import { addMany, type Scalar } from '../tf';
import { createEnergyObjective } from './energy';
import { createFGanObjective } from './fgan';
import { hinge, leastSquares, minimax, nonSaturating } from './gan';
import { r1Penalty } from './penalties';
import type { Objective, ScoreLosses } from './types';
import { createWassersteinObjective } from './wasserstein';

export type { Critic, DiscriminatorBatch, DiscriminatorLossOptions, GeneratorBatch, LossTerms, Objective, ScoreLosses } from './types';
export { minimax, nonSaturating, leastSquares, hinge, ganDiscriminatorLoss, minimaxGeneratorLoss, nonSaturatingGeneratorLoss } from './gan';
export { createWassersteinObjective, clipWeights } from './wasserstein';
export { createEnergyObjective, pullAwayTerm } from './energy';
export { gradientPenalty, inputGradientNorms, interpolates, r1Penalty } from './penalties';
export {
  createFGanObjective,
  divergenceOfObjective,
  fganBound,
  fganCriticLoss,
  fganGeneratorLoss,
  type FGanGeneratorLoss,
  type FGanObjective,
} from './fgan';

/** An objective of scores, with the R1 penalty on real points added when r1Weight > 0. */
export function fromScores(losses: ScoreLosses, r1Weight = 0): Objective {
  return {
    id: r1Weight > 0 ? `${losses.id} + R1(${r1Weight})` : losses.id,
    discriminatorLoss({ real, fake, critic, realLabel }) {
      const terms: Record<string, Scalar> = { adversarial: losses.discriminatorLoss(critic.score(real), critic.score(fake), { realLabel }) };
      if (r1Weight > 0) terms.r1 = r1Penalty(critic, real, r1Weight);
      return { terms };
    },
    generatorLoss: ({ fake, critic }) => ({ terms: { adversarial: losses.generatorLoss(critic.score(fake)) } }),
    discriminatorOutput: (scores) => losses.discriminatorOutput(scores),
  };
}

export function getObjective(spec: ObjectiveSpec): Objective {
  switch (spec.kind) {
    case 'minimax':
      return fromScores(minimax, spec.r1Weight);
    case 'non-saturating':
      return fromScores(nonSaturating, spec.r1Weight);
    case 'f-gan':
      return fromScores(createFGanObjective(spec.divergence, spec.generatorLoss));
    case 'least-squares':
      return fromScores(leastSquares, spec.r1Weight);
    case 'hinge':
      return fromScores(hinge, spec.r1Weight);
    case 'wasserstein':
      return createWassersteinObjective(spec.constraint);
    case 'energy':
      return createEnergyObjective(spec.margin, spec.pullAwayWeight);
  }
}

/** The sum of an objective's loss terms: the number that is minimised. */
export function totalLoss(terms: Record<string, Scalar>): Scalar {
  const values = Object.values(terms);
  return addMany(values) as Scalar;
}
