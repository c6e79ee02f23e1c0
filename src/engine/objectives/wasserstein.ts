/**
 * WGAN (Arjovsky, Chintala, Bottou 2017) and WGAN-GP (Gulrajani et al. 2017). The critic D maximises
 * E_P[D] − E_Q[D], which for a 1-Lipschitz D approaches W₁(P, Q) (Kantorovich–Rubinstein); the
 * generator minimises −E_Q[D]. The Lipschitz constraint is one of:
 * - none: the critic's value is then unbounded (useful only to show why a constraint is needed);
 * - clip: every critic weight clipped to [−c, c] after each update (WGAN);
 * - gradient-penalty: weight·E(‖∇D(x̂)‖ − 1)² on interpolates x̂ (WGAN-GP), or its one-sided form.
 * Recorded: wassersteinEstimate = E_P[D] − E_Q[D] on the batch, and for the penalty its value and
 * the mean gradient norm on the interpolates.
 */
import type { ConstraintSpec } from '../experiments/schema';
import { tf, type Scalar, type Variable } from '../tf';
import { gradientPenalty, interpolates } from './penalties';
import type { Objective } from './types';

export function createWassersteinObjective(constraint: ConstraintSpec): Objective {
  return {
    id: `wasserstein(${constraint.kind})`,
    discriminatorLoss({ real, fake, critic, uniform }) {
      const estimate = tf.sub(tf.mean(critic.score(real)), tf.mean(critic.score(fake))) as Scalar;
      const terms: Record<string, Scalar> = { adversarial: tf.neg(estimate) as Scalar };
      const diagnostics: Record<string, Scalar> = { wassersteinEstimate: estimate };
      if (constraint.kind === 'gradient-penalty') {
        const points = interpolates(real, fake, uniform(Math.min(real.shape[0], fake.shape[0])));
        const { penalty, meanNorm } = gradientPenalty(critic, points, constraint.side);
        terms.gradientPenalty = tf.mul(constraint.weight, penalty) as Scalar;
        diagnostics.interpolateGradNorm = meanNorm;
      }
      return { terms, diagnostics };
    },
    generatorLoss: ({ fake, critic }) => ({ terms: { adversarial: tf.neg(tf.mean(critic.score(fake))) as Scalar } }),
    discriminatorOutput: (scores) => tf.clone(scores),
    ...(constraint.kind === 'clip' ? { afterDiscriminatorUpdate: (variables: readonly Variable[]) => clipWeights(variables, constraint.c) } : {}),
  };
}

/** WGAN's weight clipping: every variable (weights and biases) into [−c, c]. */
export function clipWeights(variables: readonly Variable[], c: number): void {
  tf.tidy(() => {
    for (const variable of variables) variable.assign(tf.clipByValue(variable, -c, c));
  });
}
