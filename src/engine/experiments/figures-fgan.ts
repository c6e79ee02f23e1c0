/**
 * The figure experiments of Chapters 3 and 4 (variational bound, f-GAN). Merged into the registry
 * by figures.ts; the same budget applies (each figure makes its point within about 10–30 s of
 * training in a browser).
 *
 * All three use the f-gan objective. The two 1-D figures use the 'affine' generator of normal noise,
 * so Q is exactly a Gaussian: its density, the true divergence D_f(P‖Q), the optimal critic
 * T* = f′(p/q) and the bound F by quadrature all come with the snapshot (see SnapshotRequest).
 * Chapters 2 and 3's non-training figures (divergence-explorer, sliding-apart, conjugate-explorer)
 * are not experiments and have no entry here.
 */
import type { SnapshotRequest } from '../types';
import type { FigureSpec } from './figures';
import { ganFigure } from './lazy';
import type { AnyExperiment } from './schema';

/**
 * The 1-D bound figures draw Q's exact density, so Q must be a 1-D Gaussian: the affine generator
 * of one normal noise coordinate (a wider noise would make Q a Gaussian the figure cannot label, and
 * uniform noise or an MLP has no density the figure can draw).
 */
function acceptsGaussianQ(experiment: AnyExperiment): string | null {
  if (experiment.kind !== 'gan') return null;
  const { kind, noise, noiseDim } = experiment.generator;
  if (kind !== 'affine' || noise !== 'normal' || noiseDim !== 1) {
    return "This figure draws Q's exact density, so Q must be a one-dimensional Gaussian: the affine generator with one normal noise coordinate (generator kind 'affine', noise 'normal', noiseDim 1).";
  }
  return null;
}

/** Everything a 1-D bound figure draws: densities, learned and optimal critic, bound and true divergence. */
const boundViews = (grid: [number, number, number]): SnapshotRequest => ({
  discriminatorGrid: { x: grid },
  critic: true,
  optimalCritic: true,
  generatorDensityExact: true,
  criticBoundQuadrature: true,
  trueDivergence: true,
});

export const fganFigures: Record<string, FigureSpec> = {
  /**
   * Chapter 3.2, climbing the bound. P = ½N(−1.5, 0.6²) + ½N(1.5, 0.6²) and a fixed, wider
   * Q = N(0, 2²) (affine generator started at shift 0, scale 2 and frozen: generatorSteps 0). Only
   * the critic trains, to maximise F = E_P[T] − E_Q[f*(T)]; the figure draws F (by quadrature)
   * rising towards D_f (KL = 0.3543 here) and T approaching T* = 1 + log(p/q).
   *
   * Q's tails are heavier than P's, so KL, Pearson, Hellinger, JS, TV, reverse KL are all finite;
   * Neyman χ² = ∫(p − q)²/p is +∞ (the snapshot says so), and its critic climbs without bound until
   * training stops with a divergence error. A ReLU critic with Adam (lr 1.5e−3, β₁ 0.9: there is no
   * adversary, so the usual GAN β₁ = 0.5 buys nothing) climbs over the first 300–600 steps and holds
   * 94–98% of D_f from step 1000 on, for KL and JS on seeds 1–3 (CPU backend); the last few percent
   * are the network's and the minibatches' limits. Neyman aside, the slow climbers are TV and Jeffrey
   * (T* has jumps or grows without bound where p or q vanishes).
   */
  'variational-bound': ganFigure(
    'variational-bound',
    'Climbing the variational bound: a critic trained against a fixed Q',
    {
      data: {
        kind: 'mixture-1d',
        components: [
          { mean: -1.5, std: 0.6, weight: 1 },
          { mean: 1.5, std: 0.6, weight: 1 },
        ],
      },
      generator: { kind: 'affine', noiseDim: 1, noise: 'normal', init: { shift: [0], scale: [2] } },
      discriminator: { hidden: [32, 32], activation: 'relu' },
      objective: { kind: 'f-gan', divergence: 'kl' },
      optimizers: {
        discriminator: { kind: 'adam', learningRate: 1.5e-3, beta1: 0.9 },
        generator: { kind: 'adam', learningRate: 1e-3, beta1: 0.5 },
      },
      training: { steps: 2000, batchSize: 256, discriminatorSteps: 1, generatorSteps: 0, reportEvery: 100 },
      seed: 1,
    },
    boundViews([-6, 6, 241]),
    undefined,
    acceptsGaussianQ,
  ),

  /**
   * Chapter 4.1, f-GAN's Gaussian-fit experiment: Q = N(μ, s²) (affine generator, both learned)
   * fitted to P = ½N(−2, 0.5²) + ½N(2, 0.5²), Chapter 2's mixture, with the saddle generator loss
   * (with a good critic it descends D_f itself). The best fits are (0, 2.062) for forward KL (moment
   * matching) and (±2, 0.5) for reverse KL; the chapter tabulates the others.
   *
   * The start N(1.5, 1²) is deliberately off-centre: from a symmetric start, reverse KL (and any
   * mode-seeking f) stalls at its symmetric local minimum (0, 1.74). From here forward KL ends near
   * (0.1, 2.1) and reverse KL near (2.0, 0.5) in 1000 steps (seeds 1–3, CPU backend). The critic is a
   * small tanh network: ReLU critics went flat (dead units) on Q's outer tail and stalled forward KL.
   * Two critic steps per generator step keep it close to optimal.
   */
  'fgan-gaussian-fit': ganFigure(
    'fgan-gaussian-fit',
    'f-GAN fits one Gaussian to two bumps: forward and reverse KL',
    {
      data: {
        kind: 'mixture-1d',
        components: [
          { mean: -2, std: 0.5, weight: 1 },
          { mean: 2, std: 0.5, weight: 1 },
        ],
      },
      generator: { kind: 'affine', noiseDim: 1, noise: 'normal', init: { shift: [1.5], scale: [1] } },
      discriminator: { hidden: [16, 16], activation: 'tanh' },
      objective: { kind: 'f-gan', divergence: 'kl', generatorLoss: 'saddle' },
      optimizers: {
        discriminator: { kind: 'adam', learningRate: 5e-3, beta1: 0.5 },
        generator: { kind: 'adam', learningRate: 5e-3, beta1: 0.5 },
      },
      training: { steps: 1000, batchSize: 128, discriminatorSteps: 2, generatorSteps: 1, reportEvery: 100 },
      seed: 1,
    },
    boundViews([-5, 5, 201]),
    {
      citation: 'nowozin2016',
      figure: 'Section 2.5 (univariate mixture of Gaussians): its table of fits and figure of densities',
      shows:
        'A single Gaussian Q = N(μ, σ²) fitted to a mixture of two Gaussians with several f-divergences, each f-GAN fit (learned) beside the exact minimiser of D_f (best fit), with the divergence values and the critic’s bound.',
      paperSettings:
        'Recalled, not checked against the paper’s text (its PDF was not reachable when the book was written; see shared/reference/gan-math.md §10): G(z) = μ + σz with z ~ N(0, 1); a critic with two hidden layers of 64 tanh units; the single-step gradient method (simultaneous updates) with step size 0.01; batches of 1024. The mixture’s parameters are not recorded in our references.',
      ourSettings:
        'P = ½N(−2, 0.5²) + ½N(2, 0.5²) (Chapter 2’s mixture); Q = N(μ, s²), an affine generator of normal noise starting at N(1.5, 1); critic 1→16→16→1 tanh; saddle generator loss; Adam (β₁ 0.5) at 5·10⁻³ for both; k = 2 critic steps per generator step; batch 128; 1000 steps; seed 1; forward KL by default, any divergence of the registry in the figure.',
      differences: [
        'Alternating updates with k = 2 critic steps per generator step instead of the paper’s simultaneous single-step method: the same trainer drives every figure of the book, and the extra critic step keeps the small critic near its optimum so that the saddle loss follows D_f.',
        'A smaller critic (16 units per layer) and batch (128), so that the fit settles within about 1000 steps in a browser tab.',
        'Adam instead of plain gradient steps, for the same reason.',
        'The start N(1.5, 1) is off-centre on purpose: from a symmetric start, reverse KL (and any mode-seeking f) stalls at its symmetric stationary point (0, 1.74).',
        'Our mixture is Chapter 2’s, so the chapter’s table of exact best fits (computed with the registry’s evaluators) serves as the reference; the paper’s own mixture may differ.',
        'One divergence at a time (chosen in the figure) instead of a table of all of them; the reference render is forward KL.',
      ],
    },
    acceptsGaussianQ,
  ),

  /**
   * Chapter 4.2: an f-GAN on Chapter 1's ring of 8 Gaussians (radius 2, std 0.02, the Unrolled GAN
   * setting, gan-math §8.3), with the same networks and optimiser as 'ring-gan' so the two figures
   * compare directly, and the VEEGAN mode-coverage readout. Default divergence: Jensen–Shannon with
   * the non-saturating generator loss. Seed 1, 2000 steps, CPU backend: JS (non-saturating) and KL
   * (non-saturating) both capture 8 of 8 modes with 27% of samples within 3σ of a mode; reverse KL
   * (saddle) 8 of 8 with 10%. Exponential penalties make some pairings fragile: reverse KL's
   * non-saturating loss grows like e^{−V} on samples the critic rejects (seed 1: at this learning rate
   * it ends with 2 modes and no high-quality samples; at 1e−3 it diverged at step 889), while its
   * saddle loss is linear in V; KL is the mirror image (saddle e^{V−1}, non-saturating linear).
   */
  'fgan-mixture-2d': ganFigure(
    'fgan-mixture-2d',
    'An f-GAN on a ring of eight Gaussians, with mode coverage',
    {
      data: { kind: 'ring', modes: 8, radius: 2, std: 0.02 },
      generator: { kind: 'mlp', noiseDim: 2, noise: 'normal', hidden: [64, 64], activation: 'relu' },
      discriminator: { hidden: [64, 64], activation: 'relu' },
      objective: { kind: 'f-gan', divergence: 'js', generatorLoss: 'non-saturating' },
      optimizers: {
        discriminator: { kind: 'adam', learningRate: 5e-4, beta1: 0.5 },
        generator: { kind: 'adam', learningRate: 5e-4, beta1: 0.5 },
      },
      training: { steps: 2000, batchSize: 256, discriminatorSteps: 1, generatorSteps: 1, reportEvery: 100 },
      seed: 1,
    },
    {
      samples: 512,
      realSamples: 512,
      discriminatorGrid: { x: [-3, 3, 48], y: [-3, 3, 48] },
      critic: true,
      sampleGradients: true,
      modeCoverage: 2500,
    },
  ),
};
