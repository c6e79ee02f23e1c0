/**
 * The `game` kind: a differentiable two-player game on two scalar parameters, trained by gradient
 * steps, for the dynamics of Chapter 9 (gan-math §11.7). The generator's parameter θ descends the
 * game's value, the discriminator's ψ ascends it. No networks, no TensorFlow.js: the parameters are
 * doubles and the gradients closed forms, so the figures' numbers match the reference to 6 digits.
 */
import { z } from '../../zod';
import { between, oneOf, seedField, wholeBetween } from '../../experiments/fields';
import { nextTask } from '../../next-task';

// Built in a task of its own (next-task.ts).
await nextTask();

export const GameSchema = z.discriminatedUnion(
  'kind',
  [
    /**
     * Dirac-GAN (Mescheder, Geiger, Nowozin 2018): data δ₀, generator δ_θ, discriminator D(x) = ψx,
     * value L(θ, ψ) = E_{x∼δ_θ} f(D(x)) + E_{x∼δ₀} f(−D(x)) = f(θψ) + f(0), with f(t) = −log(1 + e^(−t))
     * for 'gan' and f(t) = t for 'wasserstein'. `r1Weight` γ subtracts (γ/2)·E_data‖∇ₓD‖² = (γ/2)ψ²
     * from the discriminator's objective. `instanceNoise` σ adds N(0, σ²) to every real and fake point.
     */
    z.strictObject({
      kind: z.literal('dirac-gan'),
      loss: oneOf(['gan', 'wasserstein'] as const).default('gan'),
      r1Weight: between(0, 100).default(0),
      instanceNoise: between(0, 10).default(0),
    }),
    /** TTUR's toy saddle (Heusel et al. 2017, official example): f(θ, ψ) = (1 + θ²)(100 − ψ²). */
    z.strictObject({ kind: z.literal('ttur-saddle') }),
  ],
  { error: 'must be one of: dirac-gan, ttur-saddle' },
);

export const GameExperimentSchema = z.strictObject({
  kind: z.literal('game'),
  game: GameSchema.prefault({ kind: 'dirac-gan' }),
  /** 'simultaneous': both players step from the same point; 'alternating': ψ steps first, then θ from the new ψ. */
  update: oneOf(['simultaneous', 'alternating'] as const).default('simultaneous'),
  learningRates: z
    .strictObject({ generator: between(0, 10).default(0.1), discriminator: between(0, 10).default(0.1) })
    .prefault({}),
  /** The starting point (θ, ψ). */
  start: z.tuple([between(-100, 100), between(-100, 100)]).default([1, 1]),
  /** Standard deviation of Gaussian noise added to each gradient (TTUR's toy uses 1). */
  gradientNoise: between(0, 100).default(0),
  training: z
    .strictObject({
      steps: wholeBetween(1, 1_000_000).default(1000),
      reportEvery: wholeBetween(1, 100_000).default(100),
    })
    .prefault({}),
  seed: seedField(),
});

export type GameExperiment = z.output<typeof GameExperimentSchema>;
export type GameSpec = GameExperiment['game'];
