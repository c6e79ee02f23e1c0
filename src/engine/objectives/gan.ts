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
import type { DiscriminatorLossOptions, ScoreLosses } from './types';

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

export const minimax: ScoreLosses = {
  id: 'minimax',
  discriminatorLoss: ganDiscriminatorLoss,
  generatorLoss: minimaxGeneratorLoss,
  discriminatorOutput: (logits) => tf.sigmoid(logits),
};

export const nonSaturating: ScoreLosses = {
  id: 'non-saturating',
  discriminatorLoss: ganDiscriminatorLoss,
  generatorLoss: nonSaturatingGeneratorLoss,
  discriminatorOutput: (logits) => tf.sigmoid(logits),
};

/**
 * Least squares (LSGAN, Mao et al. 2017) with targets a = 0 for fakes, b = realLabel (1) for real
 * points, and c = 1 for what the generator wants D to say; D is the raw output (no sigmoid):
 *   L_D = ½E_P(D(x) − b)² + ½E_Q D(x̃)²,   L_G = ½E_Q(D(x̃) − 1)².
 * For a fixed G the optimal D is (b·p + a·q)/(p + q) = p/(p + q) with b = 1.
 */
export const leastSquares: ScoreLosses = {
  id: 'least-squares',
  discriminatorLoss: (real, fake, { realLabel }) =>
    tf.tidy(() => tf.mul(0.5, tf.add(tf.mean(tf.square(tf.sub(real, realLabel))), tf.mean(tf.square(fake)))) as Scalar),
  generatorLoss: (fake) => tf.tidy(() => tf.mul(0.5, tf.mean(tf.square(tf.sub(fake, 1)))) as Scalar),
  discriminatorOutput: (scores) => tf.clone(scores),
};

/**
 * The hinge loss (Lim & Ye 2017; Miyato et al. 2018): L_D = E_P[1 − D(x)]⁺ + E_Q[1 + D(x̃)]⁺,
 * L_G = −E_Q D(x̃). Labels do not apply (the schema keeps realLabel at 1).
 */
export const hinge: ScoreLosses = {
  id: 'hinge',
  discriminatorLoss: (real, fake) => tf.tidy(() => tf.add(tf.mean(tf.relu(tf.sub(1, real))), tf.mean(tf.relu(tf.add(1, fake)))) as Scalar),
  generatorLoss: (fake) => tf.tidy(() => tf.neg(tf.mean(fake)) as Scalar),
  discriminatorOutput: (scores) => tf.clone(scores),
};
