/**
 * An objective is a small record of pure functions on the discriminator's raw scores V(x) (for the
 * GAN objectives these are logits, D(x) = σ(V(x))). The trainer only ever calls these three
 * functions, so a new loss family (f-GAN: T(x) = g_f(V(x)), loss through the conjugate f*) is one
 * new record, not a change to the trainer.
 *
 * Both losses are *minimised*: the discriminator minimises `discriminatorLoss`, the generator
 * minimises `generatorLoss`. Each is a mean over the batch.
 */
import type { Scalar, Tensor } from '../tf';

export interface DiscriminatorLossOptions {
  /** Target for real samples (one-sided label smoothing: 1 = none; fakes always have target 0). */
  realLabel: number;
}

export interface Objective {
  readonly id: string;
  /** Loss for the discriminator, from its scores on a real batch and on a generated batch. */
  discriminatorLoss(realScores: Tensor, fakeScores: Tensor, options: DiscriminatorLossOptions): Scalar;
  /** Loss for the generator, from the discriminator's scores on generated samples. */
  generatorLoss(fakeScores: Tensor): Scalar;
  /** What a figure draws as "D on a grid": D(x) = σ(V(x)) for the GAN objectives. */
  discriminatorOutput(scores: Tensor): Tensor;
}
