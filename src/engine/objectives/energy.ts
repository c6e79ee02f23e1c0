/**
 * EBGAN (Zhao, Mathieu, LeCun 2017): the discriminator is an autoencoder whose output is an energy
 * E(x) ≥ 0 (its reconstruction error), low on data and high elsewhere.
 *   L_D = E_P[E(x)] + E_Q[m − E(x̃)]⁺,   L_G = E_Q[E(x̃)] + w·f_PT(S)
 * where f_PT is the pull-away term on the encoder's codes S of the fake batch. For a fixed G the
 * optimal energy is m where p_data < p_G and 0 where p_data > p_G (gan-math §11.6).
 */
import { tf, type Scalar, type Tensor } from '../tf';
import type { Objective } from './types';

/**
 * f_PT = 1/(N(N − 1)) Σ_{i≠j} (s_iᵀs_j / (‖s_i‖‖s_j‖))²: the mean squared cosine similarity between
 * distinct codes. 0 when the codes are mutually orthogonal, 1 when they all point the same way.
 */
export function pullAwayTerm(codes: Tensor): Scalar {
  return tf.tidy(() => {
    const n = codes.shape[0];
    if (n < 2) return tf.scalar(0);
    const unit = tf.div(codes, tf.add(tf.norm(codes, 'euclidean', 1, true), 1e-12));
    const cosines = tf.matMul(unit, unit, false, true);
    const offDiagonal = tf.sub(tf.sum(tf.square(cosines)), tf.sum(tf.square(tf.sum(tf.square(unit), 1))));
    return tf.div(offDiagonal, n * (n - 1)) as Scalar;
  });
}

export function createEnergyObjective(margin: number, pullAwayWeight: number): Objective {
  return {
    id: `energy(m=${margin}, pt=${pullAwayWeight})`,
    discriminatorLoss: ({ real, fake, critic }) => {
      const realEnergy = tf.mean(critic.score(real)) as Scalar;
      const fakeEnergy = critic.score(fake);
      return {
        terms: { adversarial: tf.add(realEnergy, tf.mean(tf.relu(tf.sub(margin, fakeEnergy)))) as Scalar },
        diagnostics: { realEnergy, fakeEnergy: tf.mean(fakeEnergy) as Scalar },
      };
    },
    generatorLoss: ({ fake, critic }) => {
      const terms: Record<string, Scalar> = { adversarial: tf.mean(critic.score(fake)) as Scalar };
      if (pullAwayWeight > 0 && critic.embed) terms.pullAway = tf.mul(pullAwayWeight, pullAwayTerm(critic.embed(fake))) as Scalar;
      return { terms };
    },
    discriminatorOutput: (energies) => tf.clone(energies),
  };
}
