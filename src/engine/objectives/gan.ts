/**
 * The original GAN objectives (Goodfellow et al. 2014), on logits v = V(x), D(x) = σ(v).
 *
 * Value function: V(D, G) = E_data[log D(x)] + E_z[log(1 − D(G(z)))]; D maximises it.
 * In logits, with softplus(v) = log(1 + eᵛ) (computed stably by tf.softplus):
 *   −log σ(v)       = softplus(−v)
 *   −log(1 − σ(v))  = softplus(v)
 *
 * Discriminator loss (minimised), with one-sided label smoothing (real target α = realLabel, fake 0),
 * i.e. the binary cross-entropy of D against those targets:
 *   L_D = E_data[α·softplus(−v) + (1 − α)·softplus(v)] + E_z[softplus(v_fake)]
 * With α = 1, L_D = −V(D, G). Its minimiser is D*(x) = α·p_data/(p_data + p_g).
 *
 * Generator losses (minimised):
 *   minimax (saturating):  L_G = E_z[log(1 − D(G(z)))] = −E_z[softplus(v_fake)]
 *   non-saturating:        L_G = −E_z[log D(G(z))]   =  E_z[softplus(−v_fake)]
 * Their gradients with respect to v_fake are −σ(v) and −(1 − σ(v)): when D confidently rejects
 * fakes (σ(v) ≈ 0) the first vanishes and the second does not.
 */
import { tf, type Scalar, type Tensor } from '../tf';
import type { DiscriminatorLossOptions, Objective } from './types';

export function ganDiscriminatorLoss(realLogits: Tensor, fakeLogits: Tensor, { realLabel }: DiscriminatorLossOptions): Scalar {
  return tf.tidy(() => {
    const realTerm =
      realLabel === 1
        ? tf.softplus(tf.neg(realLogits))
        : tf.add(tf.mul(realLabel, tf.softplus(tf.neg(realLogits))), tf.mul(1 - realLabel, tf.softplus(realLogits)));
    return tf.add(tf.mean(realTerm), tf.mean(tf.softplus(fakeLogits))) as Scalar;
  });
}

export function minimaxGeneratorLoss(fakeLogits: Tensor): Scalar {
  return tf.tidy(() => tf.neg(tf.mean(tf.softplus(fakeLogits))) as Scalar);
}

export function nonSaturatingGeneratorLoss(fakeLogits: Tensor): Scalar {
  return tf.tidy(() => tf.mean(tf.softplus(tf.neg(fakeLogits))) as Scalar);
}

export const minimax: Objective = {
  id: 'minimax',
  discriminatorLoss: ganDiscriminatorLoss,
  generatorLoss: minimaxGeneratorLoss,
  discriminatorOutput: (logits) => tf.sigmoid(logits),
};

export const nonSaturating: Objective = {
  id: 'non-saturating',
  discriminatorLoss: ganDiscriminatorLoss,
  generatorLoss: nonSaturatingGeneratorLoss,
  discriminatorOutput: (logits) => tf.sigmoid(logits),
};
