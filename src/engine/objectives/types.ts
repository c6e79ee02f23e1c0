/**
 * Objectives. An objective receives the real batch, the fake batch and the critic as a function,
 * so it can evaluate the critic anywhere (interpolates for the gradient penalty, real points for R1)
 * and take input gradients; it returns named loss terms, summed into the loss that is minimised,
 * and named diagnostics, recorded but not minimised. The trainer records every name it is given,
 * so a new loss family is one new record, not a change to the trainer.
 *
 * Many objectives depend on the critic's scores alone: those are written as `ScoreLosses` (three
 * small functions of scores) and lifted into an Objective by `fromScores`.
 */
import type { Scalar, Tensor, Tensor2D, Variable } from '../tf';

/** The discriminator (critic, energy) as the objective sees it. */
export interface Critic {
  /** Raw outputs V(x), one row per example (n × 1): logits, critic values or energies. */
  score(x: Tensor2D): Tensor2D;
  /** The encoder's code of each example (autoencoder discriminators only). */
  embed?(x: Tensor2D): Tensor2D;
}

export interface DiscriminatorBatch {
  real: Tensor2D;
  fake: Tensor2D;
  critic: Critic;
  /** Target for real samples (one-sided label smoothing: 1 = none). */
  realLabel: number;
  /** n numbers from U[0, 1) as an n × 1 tensor, drawn from the experiment's seed (interpolation weights). */
  uniform(n: number): Tensor2D;
}

export interface GeneratorBatch {
  fake: Tensor2D;
  critic: Critic;
}

/**
 * `terms` are summed into the loss; `diagnostics` are only recorded. Term names are recorded as
 * metrics too (except 'adversarial', the main term, which the loss already shows).
 */
export interface LossTerms {
  terms: Record<string, Scalar>;
  diagnostics?: Record<string, Scalar>;
}

export interface Objective {
  readonly id: string;
  /** The discriminator's loss (minimised) on a real and a generated batch. */
  discriminatorLoss(batch: DiscriminatorBatch): LossTerms;
  /** The generator's loss (minimised) on a generated batch. */
  generatorLoss(batch: GeneratorBatch): LossTerms;
  /** What a figure draws as "the discriminator on a grid" (D = σ(V) for GANs, the critic, the energy). */
  discriminatorOutput(scores: Tensor): Tensor;
  /** Runs after every discriminator update (weight clipping). */
  afterDiscriminatorUpdate?(variables: readonly Variable[]): void;
}

export interface DiscriminatorLossOptions {
  /** Target for real samples (one-sided label smoothing: 1 = none; fakes always have target 0). */
  realLabel: number;
}

/** An objective whose losses are functions of the critic's scores alone. Both losses are batch means. */
export interface ScoreLosses {
  readonly id: string;
  discriminatorLoss(realScores: Tensor, fakeScores: Tensor, options: DiscriminatorLossOptions): Scalar;
  generatorLoss(fakeScores: Tensor): Scalar;
  discriminatorOutput(scores: Tensor): Tensor;
}
