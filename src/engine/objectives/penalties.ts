/**
 * Penalties on the critic's input gradient ∇ₓD(x), computed per example (each row's score depends on
 * that row alone, so the gradient of their sum gives every row's gradient at once). Both need a
 * second derivative when the discriminator is trained, which TensorFlow.js's tape provides.
 */
import { tf, type Scalar, type Tensor, type Tensor2D } from '../tf';
import type { Critic } from './types';

/** ‖∇ₓV(x)‖ for each row of x (n values). The 1e-12 keeps the square root differentiable at 0. */
export function inputGradientNorms(critic: Critic, x: Tensor2D): Tensor {
  const gradient = tf.grad((points: Tensor) => tf.sum(critic.score(points as Tensor2D)))(x);
  return tf.sqrt(tf.add(tf.sum(tf.square(gradient), 1), 1e-12));
}

/** x̂ = εx + (1 − ε)x̃ row by row, ε ∼ U[0, 1): points on the segments between paired real and fake points. */
export function interpolates(real: Tensor2D, fake: Tensor2D, epsilon: Tensor2D): Tensor2D {
  const n = Math.min(real.shape[0], fake.shape[0]);
  const r = real.shape[0] === n ? real : tf.slice(real, [0, 0], [n, -1]);
  const f = fake.shape[0] === n ? fake : tf.slice(fake, [0, 0], [n, -1]);
  return tf.add(tf.mul(epsilon, r), tf.mul(tf.sub(1, epsilon), f)) as Tensor2D;
}

/**
 * WGAN-GP (Gulrajani et al. 2017): E(‖∇D(x̂)‖ − 1)² ('two-sided') or E[(‖∇D(x̂)‖ − 1)⁺]² ('one-sided')
 * on interpolates. Returns the penalty (unweighted) and the mean norm, for the record.
 */
export function gradientPenalty(critic: Critic, points: Tensor2D, side: 'two-sided' | 'one-sided'): { penalty: Scalar; meanNorm: Scalar } {
  const norms = inputGradientNorms(critic, points);
  const excess = tf.sub(norms, 1);
  const penalty = tf.mean(tf.square(side === 'two-sided' ? excess : tf.relu(excess))) as Scalar;
  return { penalty, meanNorm: tf.mean(norms) as Scalar };
}

/** R1 (Mescheder et al. 2018): (γ/2)·E_P‖∇ₓV(x)‖² on real points. */
export function r1Penalty(critic: Critic, real: Tensor2D, weight: number): Scalar {
  const gradient = tf.grad((points: Tensor) => tf.sum(critic.score(points as Tensor2D)))(real);
  return tf.mul(weight / 2, tf.mean(tf.sum(tf.square(gradient), 1))) as Scalar;
}
