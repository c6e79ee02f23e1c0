/**
 * The f-GAN objective (Nowozin, Cseke, Tomioka 2016; gan-math §1.4), for any divergence of the
 * registry. The discriminator's raw output V(x) ∈ ℝ becomes the critic T(x) = g_f(V(x)) through the
 * divergence's output activation, and the variational bound is
 *
 *   F = E_P[g_f(V)] − E_Q[f*(g_f(V))]   ≤   D_f(P‖Q).
 *
 * The critic maximises F, so its loss is −F. The generator minimises F; only the second term depends
 * on it, so the literal ('saddle') generator loss is −E_Q[f*(g_f(V))]. f-GAN's practical alternative
 * ('non-saturating', the default) is −E_Q[g_f(V)]: raise the critic's score on generated samples.
 * f*∘g_f comes from the registry's numerically stable tensor form (e.g. softplus(V) for 'gan').
 *
 * With 'gan' (g_f = log σ, f*(g_f(v)) = softplus(v)) these are exactly Goodfellow et al.'s losses:
 * −F = E_P softplus(−V) + E_Q softplus(V), saddle = −E_Q softplus(V) (minimax), non-saturating =
 * E_Q softplus(−V).
 *
 * One-sided label smoothing has no meaning here (F has no labels): the schema rejects realLabel ≠ 1
 * with f-gan, and discriminatorLoss ignores `realLabel`.
 *
 * `discriminatorOutput` (what figures draw on a grid) is the critic T = g_f(V), not σ(V).
 */
import { activationTensor, conjugateOfActivationTensor } from '../divergences/tensor';
import { getDivergence, type FDivergence } from '../divergences/registry';
import type { ObjectiveSpec } from '../experiments/schema';
import { tf, type Scalar, type Tensor } from '../tf';
import type { ScoreLosses } from './types';

export type FGanGeneratorLoss = 'saddle' | 'non-saturating';

export interface FGanObjective extends ScoreLosses {
  readonly divergence: FDivergence;
  readonly generatorLossKind: FGanGeneratorLoss;
}

/** −F on a batch: E_fake[f*(g_f(V))] − E_real[g_f(V)] (batch means). */
export function fganCriticLoss(divergence: FDivergence, realScores: Tensor, fakeScores: Tensor): Scalar {
  return tf.tidy(
    () => tf.sub(tf.mean(conjugateOfActivationTensor(divergence, fakeScores)), tf.mean(activationTensor(divergence, realScores))) as Scalar,
  );
}

/** F on a batch (the critic's bound estimate): E_real[g_f(V)] − E_fake[f*(g_f(V))]. */
export function fganBound(divergence: FDivergence, realScores: Tensor, fakeScores: Tensor): Scalar {
  return tf.tidy(() => tf.neg(fganCriticLoss(divergence, realScores, fakeScores)) as Scalar);
}

export function fganGeneratorLoss(divergence: FDivergence, kind: FGanGeneratorLoss, fakeScores: Tensor): Scalar {
  return tf.tidy(() => {
    const perSample = kind === 'saddle' ? conjugateOfActivationTensor(divergence, fakeScores) : activationTensor(divergence, fakeScores);
    return tf.neg(tf.mean(perSample)) as Scalar;
  });
}

const cache = new Map<string, FGanObjective>();

/** The f-GAN objective for a divergence id (any registry id, including 'alpha:<a>') and generator loss. */
export function createFGanObjective(divergenceId: string, generatorLoss: FGanGeneratorLoss = 'non-saturating'): FGanObjective {
  const divergence = getDivergence(divergenceId);
  const id = `f-gan(${divergence.id}, ${generatorLoss})`;
  let objective = cache.get(id);
  if (!objective) {
    objective = {
      id,
      divergence,
      generatorLossKind: generatorLoss,
      // realLabel is ignored on purpose: see the note at the top (the schema keeps it at 1).
      discriminatorLoss: (realScores, fakeScores) => fganCriticLoss(divergence, realScores, fakeScores),
      generatorLoss: (fakeScores) => fganGeneratorLoss(divergence, generatorLoss, fakeScores),
      discriminatorOutput: (scores) => activationTensor(divergence, scores),
    };
    cache.set(id, objective);
  }
  return objective;
}

/**
 * The f-divergence whose variational bound an objective's critic climbs: the f-GAN divergence, or
 * 'gan' (2·JS − log 4) for the two GAN objectives, whose discriminator loss is −F_gan when
 * realLabel = 1. Used for the snapshot's bound and true divergence.
 */
export function divergenceOfObjective(spec: ObjectiveSpec): FDivergence {
  return spec.kind === 'f-gan' ? getDivergence(spec.divergence) : getDivergence('gan');
}
