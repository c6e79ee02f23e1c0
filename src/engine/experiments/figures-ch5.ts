/**
 * The figure experiments of Chapter 5 (Wasserstein GAN and WGAN-GP). Merged into the registry by
 * figures.ts; the same budget applies (each figure makes its point within about 10–30 s of training
 * in a browser), so every network here is far smaller than the papers'. Each paper figure says what
 * differs and why in its `paper` record; the numbers quoted in the comments are checked in
 * tests/unit/claims-ch5.test.ts (WASM backend in Node).
 *
 * Three of the five train only a critic against a generator that never moves (generatorSteps 0):
 * the parallel lines (an affine generator started at a known segment), the two Gaussians (an affine
 * generator at N(μ, 1)) and the value surfaces and gradient norms (the parameter-free
 * 'data-plus-noise' generator, WGAN-GP's FIXED_GENERATOR).
 */
import type { FigureSpec } from './figures';
import { ganFigure } from './lazy';

/** WGAN-GP's toy data after gan_toy.py's rescaling (8 Gaussians ÷ √2, 25 Gaussians ÷ 2√2, Swiss roll ÷ 7.5). */
export const wganGpToyData = {
  '8-gaussians': { kind: 'ring', modes: 8, radius: 2 / Math.SQRT2, std: 0.02 / Math.SQRT2 },
  '25-gaussians': { kind: 'grid', size: 5, spacing: 2 / (2 * Math.SQRT2), std: 0.05 / (2 * Math.SQRT2) },
  'swiss-roll': { kind: 'swiss-roll', scale: 1 / 7.5, noise: 0.25 / 7.5 },
} as const;

/** The paper's Adam for WGAN-GP's critic, at a larger learning rate so that a browser run converges. */
const gpCriticAdam = { kind: 'adam', learningRate: 1e-3, beta1: 0, beta2: 0.9 } as const;

export const chapter5Figures: Record<string, FigureSpec> = {
  /**
   * WGAN's Example 1. P₀ = (0, Z) is the 'segment' data from (0, 0) to (0, 1); P_θ = (θ, Z) is the
   * affine generator x = diag(0, ½)·z + (θ, ½) of uniform noise z ∈ [−1, 1]², frozen. A small critic
   * with the gradient penalty is trained for the θ the reader picks; the widget keeps each θ's
   * estimate as a dot beside the exact W₁ = |θ| and JS = log 2.
   */
  'parallel-lines': ganFigure(
    'parallel-lines',
    'Parallel lines: W₁, JS and a trained critic',
    {
      data: { kind: 'segment', start: [0, 0], end: [0, 1] },
      generator: { kind: 'affine', noiseDim: 2, noise: 'uniform', init: { shift: [0.5, 0.5], scale: [0, 0.5] } },
      discriminator: { hidden: [32, 32], activation: 'relu' },
      objective: { kind: 'wasserstein', constraint: { kind: 'gradient-penalty', weight: 10, side: 'two-sided' } },
      optimizers: { discriminator: { ...gpCriticAdam, learningRate: 3e-3 } },
      training: { steps: 400, batchSize: 128, discriminatorSteps: 1, generatorSteps: 0, reportEvery: 50 },
      seed: 1,
    },
    { wassersteinEstimate: 2000, samples: 100, realSamples: 100 },
    {
      citation: 'arjovsky2017wgan',
      figure: 'Example 1 and Figure 1',
      shows: 'For two parallel unit segments a distance θ apart, W₁ = |θ| is continuous while JS jumps to log 2 (and KL to ∞) for every θ ≠ 0.',
      paperSettings: 'Closed forms only; the paper trains no critic for this example.',
      ourSettings: 'The closed forms over θ ∈ [−1, 1], plus a 2→32→32→1 ReLU critic with the gradient penalty (λ = 10, Adam 3e-3, β = (0, 0.9), batch 128, 400 steps) trained for the chosen θ.',
      differences: ['The trained critic is added, to show that a critic recovers |θ| from samples alone; its estimate carries minibatch noise and a small bias.'],
    },
  ),

  /**
   * WGAN's Figure 2 at toy scale: P = N(0, 1) real, Q = N(μ, 1) fake with μ = 4 (a frozen affine
   * generator). The widget trains this experiment's critic (WGAN-GP) and a copy with the minimax
   * GAN objective side by side (runs()), and reads each one's slope at the fake mean from the grid.
   * Measured (seed 1, WASM, 600 steps): |d/dx log(1 − D)| at x = 4 is 1.40e-3 (optimum 1.34e-3,
   * gan-math §11.3); the critic's |f′| is 1.22 (optimum 1; the soft penalty lets the far side of the
   * critic steepen a little). At μ = 5: 1.3e-4 and 1.18.
   */
  'saturated-vs-critic': ganFigure(
    'saturated-vs-critic',
    'A saturated discriminator against a Wasserstein critic',
    {
      data: { kind: 'mixture-1d', components: [{ mean: 0, std: 1, weight: 1 }] },
      generator: { kind: 'affine', noiseDim: 1, noise: 'normal', init: { shift: [4], scale: [1] } },
      discriminator: { hidden: [32, 32], activation: 'relu' },
      objective: { kind: 'wasserstein', constraint: { kind: 'gradient-penalty', weight: 10, side: 'two-sided' } },
      optimizers: { discriminator: { ...gpCriticAdam, learningRate: 3e-3 } },
      training: { steps: 600, batchSize: 256, discriminatorSteps: 1, generatorSteps: 0, reportEvery: 50 },
      seed: 1,
    },
    { discriminatorGrid: { x: [-4, 8, 241] }, generatorDensityExact: true },
    {
      citation: 'arjovsky2017wgan',
      figure: 'Figure 2',
      shows: 'Between two far-apart Gaussians an optimal GAN discriminator saturates, giving the generator vanishing gradients, while the WGAN critic stays a straight ramp.',
      paperSettings: 'Not published beyond "trained till optimality"; the critic was weight-clipped.',
      ourSettings: 'P = N(0, 1), Q = N(4, 1) fixed; 1→32→32→1 ReLU networks, Adam 3e-3 β = (0, 0.9), batch 256, 600 steps; minimax GAN discriminator against a WGAN-GP critic (λ = 10).',
      differences: [
        'Our critic uses the gradient penalty instead of clipping, so that its slope can be compared with 1 (a clipped critic has an unknown Lipschitz constant).',
        'μ = 4 rather than the paper\'s unstated spacing; the closed forms of gan-math §11.3 are drawn for comparison.',
      ],
    },
  ),

  /**
   * WGAN-GP's Figure 1a: critics against the fixed generator "data + N(0, I)", clipping (c = 0.01)
   * against the penalty (λ = 10), side by side for one data set at a time (a menu picks 8 Gaussians,
   * 25 Gaussians or the Swiss roll; the widget's runs() makes the clipped copy).
   * Measured on 8 Gaussians (seed 1, WASM): the penalised critic's estimate levels off near 0.54 from
   * step 200 on (0.52–0.57 up to 800 steps; 128 units and Adam 1e-3 gave the same), about two thirds of
   * the exact W₁ (0.82 in gan-math §11.2; 0.85 by exact OT on 400 samples), while the clipped critic
   * reports 0.000 to three decimals. Widening the critic did not close the gap in a browser's budget.
   */
  'value-surfaces': ganFigure(
    'value-surfaces',
    'Value surfaces of clipped and penalised critics',
    {
      data: wganGpToyData['8-gaussians'],
      generator: { kind: 'data-plus-noise', noiseStd: 1 },
      discriminator: { hidden: [64, 64, 64], activation: 'relu' },
      objective: { kind: 'wasserstein', constraint: { kind: 'gradient-penalty', weight: 10, side: 'two-sided' } },
      optimizers: { discriminator: { ...gpCriticAdam, learningRate: 3e-3 } },
      training: { steps: 600, batchSize: 128, discriminatorSteps: 1, generatorSteps: 0, reportEvery: 100 },
      seed: 1,
    },
    { discriminatorGrid: { x: [-3, 3, 48], y: [-3, 3, 48] }, realSamples: 256, wassersteinEstimate: 2000 },
    {
      citation: 'gulrajani2017',
      figure: 'Figure 1a',
      shows: 'Value surfaces of critics trained to optimality against data + N(0, I) on 8 Gaussians, 25 Gaussians and the Swiss roll: clipped critics learn simple ramps, penalised ones follow the data.',
      paperSettings: 'gan_toy.py with FIXED_GENERATOR: 3 ReLU layers of 512 units, batch 256, critic trained about 10 000 iterations; clipping with RMSProp 5e-5, the penalty with λ = 0.1 in the script (λ = 10 in the paper) and Adam 1e-4, β = (0.5, 0.9).',
      ourSettings: '3 ReLU layers of 64 units, batch 128, 600 critic steps with Adam 3e-3, β = (0, 0.9), for both clipping (c = 0.01) and the penalty (λ = 10, the paper\'s value); the same rescaled data as gan_toy.py.',
      differences: [
        'Narrower critics and 600 instead of about 10 000 iterations, so that both run in a browser in about half a minute; our penalised critic reaches about two thirds of the exact W₁, not all of it.',
        'Adam at 3e-3 for the clipped critic too (RMSProp at 5e-5 would need far more steps); the clipped surface is still a near-flat ramp.',
        'λ = 10 (the paper) rather than gan_toy.py\'s 0.1, and β₁ = 0 (the paper) rather than the script\'s 0.5.',
        'Clipping and penalty for one data set at a time (a menu switches the data), rather than all six panels at once.',
      ],
    },
  ),

  /**
   * WGAN-GP's Figure 1b: a 12-hidden-layer ReLU critic (width 64, no normalisation) against the
   * fixed generator on the Swiss roll; clipping at c ∈ {0.1, 0.01, 0.001} and the penalty, four runs
   * side by side. Per hidden layer: ‖∂L/∂h_l‖ (the activationGradientNorms probe). Measured after 150
   * steps (seed 1, WASM), from the last hidden layer to the first: c = 0.1 grows 0.066 → 8.5e3 (about
   * ×3 per layer), c = 0.01 shrinks 7e-3 → 4.5e-17, c = 0.001 shrinks 7e-4 → 5e-29, the penalty stays
   * within 0.054–0.11. The weight-gradient probe (layerGradientNorms) was tried first and does not
   * show the trend: ‖∂L/∂W_l‖ multiplies the backward factor by the layer's input, which shrinks or
   * grows with depth in the opposite direction.
   */
  'gradients-through-depth': ganFigure(
    'gradients-through-depth',
    'Gradient norms through a deep critic: clipping against the penalty',
    {
      data: wganGpToyData['swiss-roll'],
      generator: { kind: 'data-plus-noise', noiseStd: 1 },
      discriminator: { hidden: Array(12).fill(64), activation: 'relu' },
      objective: { kind: 'wasserstein', constraint: { kind: 'gradient-penalty', weight: 10, side: 'two-sided' } },
      optimizers: { discriminator: gpCriticAdam },
      training: { steps: 200, batchSize: 128, discriminatorSteps: 1, generatorSteps: 0, reportEvery: 50 },
      seed: 1,
    },
    { activationGradientNorms: 256 },
    {
      citation: 'gulrajani2017',
      figure: 'Figure 1b',
      shows: 'With weight clipping the gradient norms of a deep critic explode (c = 0.1) or vanish (c = 0.01, 0.001) geometrically through the layers; with the penalty they stay within a narrow band.',
      paperSettings: '12-layer ReLU MLPs without batch normalisation on the Swiss roll; width, optimiser and iterations not published, and no script in the authors\' repository.',
      ourSettings: '12 hidden ReLU layers of 64 units, Adam 1e-3 β = (0, 0.9), batch 128, 200 critic steps against the fixed generator data + N(0, I); the norm of the gradient of E_Q[f] − E_P[f] with respect to each hidden layer\'s activations over a batch of 256 real and 256 fake points.',
      differences: [
        'The critic trains against a fixed generator (data + N(0, I), as in Figure 1a) rather than in a full WGAN run, so the four constraints see the same fakes.',
        'The gradient is taken of the critic\'s loss without the penalty term, so that the four runs are measured alike.',
        'The paper\'s weight histogram is not repeated.',
      ],
    },
  ),

  /**
   * A WGAN-GP generator on the ring of 8 Gaussians (radius 2, std 0.1), with the critic's W₁
   * estimate (on a fixed evaluation set) as its loss curve. The widget's menu switches the
   * objective between the penalty, clipping and the non-saturating GAN on the same seed.
   * Measured (seed 1, WASM), mean batch estimate per 25 iterations: 0.96, 0.99, 1.10, 1.58, 1.03,
   * 0.60, 0.06, then noise around 0 (−0.2 to 0.4) as the critic lags; all 8 modes are reached by
   * iteration 150. With the generator at 1e-3 (or 5e-4) the estimate swung by ±1.5 and modes came and
   * went; std 0.02 (the Unrolled-GAN ring) gave no high-quality samples within 400 iterations.
   */
  'wgan-gp-ring': ganFigure(
    'wgan-gp-ring',
    'A WGAN-GP on the ring of eight Gaussians',
    {
      data: { kind: 'ring', modes: 8, radius: 2, std: 0.1 },
      generator: { kind: 'mlp', noiseDim: 2, noise: 'normal', hidden: [64, 64], activation: 'relu' },
      discriminator: { hidden: [64, 64], activation: 'relu' },
      objective: { kind: 'wasserstein', constraint: { kind: 'gradient-penalty', weight: 10, side: 'two-sided' } },
      optimizers: {
        discriminator: { kind: 'adam', learningRate: 5e-4, beta1: 0, beta2: 0.9 },
        generator: { kind: 'adam', learningRate: 1e-4, beta1: 0, beta2: 0.9 },
      },
      training: { steps: 400, batchSize: 128, discriminatorSteps: 5, generatorSteps: 1, reportEvery: 25 },
      seed: 1,
    },
    {
      samples: 384,
      realSamples: 256,
      discriminatorGrid: { x: [-3, 3, 40], y: [-3, 3, 40] },
      sampleGradients: true,
      modeCoverage: 2500,
      wassersteinEstimate: 1000,
    },
  ),
};
