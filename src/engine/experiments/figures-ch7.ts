/**
 * The figure experiments of Chapter 7 (EBGAN: the discriminator as an energy). Merged into the
 * registry by figures.ts; each figure makes its point within about 10–30 s of browser training.
 *
 * The energy is the autoencoder's mean squared reconstruction error (nets.ts createAutoencoder), not
 * the paper's norm, and the ring's coordinates are O(1), so the margin is O(1) too: the paper's
 * m = 10 was for MNIST's 784 pixels and would leave the hinge active everywhere here (gan-math §11.6).
 * The ring is Chapter 1's ring of eight Gaussians (radius 2) with wider modes (std 0.05 instead of
 * 0.02), so that small networks reach the modes within a few hundred steps and mode coverage
 * (VEEGAN's 3σ rule) means something early in training.
 */
import type { FigureSpec } from './figures';
import { gridAxes, gridEnergy } from './ebgan-grid';
import type { ExperimentInput } from './schema';
import { ganFigure } from './lazy';

/** The ring used by every 2-D figure of the chapter. */
const ring = { kind: 'ring', modes: 8, radius: 2, std: 0.05 } as const;

/** The shared small EBGAN on the ring (G 2→32→32→2; autoencoder 2→32→8→32→2). */
const ringEbgan = (margin: number, pullAwayWeight: number): ExperimentInput => ({
  data: ring,
  generator: { kind: 'mlp', noiseDim: 2, noise: 'normal', hidden: [32, 32], activation: 'relu' },
  discriminator: { kind: 'autoencoder', hidden: [32], embeddingDim: 8, activation: 'relu' },
  objective: { kind: 'energy', margin, pullAwayWeight },
  optimizers: {
    discriminator: { kind: 'adam', learningRate: 2e-3, beta1: 0.5 },
    generator: { kind: 'adam', learningRate: 2e-3, beta1: 0.5 },
  },
  training: { steps: 1500, batchSize: 128, discriminatorSteps: 1, generatorSteps: 1, reportEvery: 100 },
  seed: 1,
});

export const ch7Figures: Record<string, FigureSpec> = {
  /**
   * Chapter 7.2: the energy surface E(x) of an EBGAN's autoencoder over the plane, with real and
   * generated points and the level set E = m. Low energy (dark) sits on the data; the hinge pushes
   * the energy of generated points up to m and no further. The margin, embedding size and pull-away
   * weight are the controls. The paper has no 2-D experiment; this is our figure.
   */
  'energy-landscape': ganFigure(
    'energy-landscape',
    'The energy landscape of an EBGAN on a ring of Gaussians',
    ringEbgan(1, 0),
    {
      samples: 384,
      realSamples: 384,
      discriminatorGrid: { x: [-3, 3, 48], y: [-3, 3, 48] },
      modeCoverage: 2000,
    },
  ),

  /**
   * Chapter 7.3, Theorem 1's inner step: for a frozen generator the optimal energy is
   * D* = m·1[p_data < p_G] (gan-math §11.6). The data is a two-mode mixture ½N(−1.5, 0.5²) +
   * ½N(1.5, 0.5²); the generator is the affine one frozen at N(0, 1.5²) (generatorSteps 0), so both
   * densities are exact. Only the autoencoder trains.
   */
  'optimal-energy-1d': ganFigure(
    'optimal-energy-1d',
    'The optimal energy for a frozen generator: m where the generator has more mass, 0 where the data has',
    {
      data: {
        kind: 'mixture-1d',
        components: [
          { mean: -1.5, std: 0.5, weight: 1 },
          { mean: 1.5, std: 0.5, weight: 1 },
        ],
      },
      generator: { kind: 'affine', noiseDim: 1, noise: 'normal', init: { shift: [0], scale: [1.5] } },
      discriminator: { kind: 'autoencoder', hidden: [32], embeddingDim: 4, activation: 'relu' },
      objective: { kind: 'energy', margin: 0.5, pullAwayWeight: 0 },
      optimizers: {
        discriminator: { kind: 'adam', learningRate: 3e-3, beta1: 0.5 },
        generator: { kind: 'adam', learningRate: 1e-3, beta1: 0.5 },
      },
      training: { steps: 800, batchSize: 256, discriminatorSteps: 1, generatorSteps: 0, reportEvery: 100 },
      seed: 1,
    },
    {
      discriminatorGrid: { x: [-4, 4, 161] },
      generatorDensityExact: true,
    },
  ),

  /**
   * Chapter 7.5: the same EBGAN twice on one seed, without and with the pull-away term (weight
   * 0.1, the paper's). The widget trains this experiment (PT on) and a copy with weight 0, and draws
   * the encoder's codes of a batch of generated points, their pairwise cosine similarities and mode
   * coverage over training.
   */
  'pull-away': ganFigure(
    'pull-away',
    'The pull-away term: embeddings and mode coverage with and without it',
    ringEbgan(1, 0.1),
    {
      samples: 256,
      realSamples: 256,
      embeddings: 32,
      modeCoverage: 1000,
    },
    {
      citation: 'zhao2017ebgan',
      figure: 'Section 2.4 (the repelling regularizer)',
      shows: 'The paper motivates the pull-away term and reports its effect on image samples; it draws no embeddings.',
      paperSettings: 'Pull-away weight 0.1 in the generator loss only; encoder codes of the generated batch (paper §2.4, §4).',
      ourSettings: 'Ring of 8 Gaussians; G 2→32→32→2, autoencoder 2→32→8→32→2 (mean squared error), margin 1, Adam 2e-3 (β₁ 0.5), batch 128, 1500 steps; the same seed with weight 0 and 0.1.',
      differences: [
        'Toy 2-D data instead of images, so that modes can be counted exactly.',
        'Energy is the mean squared reconstruction error (not the norm), and the margin is 1, rescaled to the data.',
        'We draw the embeddings and their cosine similarities, which the paper does not show.',
      ],
    },
  ),

  /**
   * Chapter 7.6: one cell of the toy grid search (ebgan-grid.ts). The figure's experiment is a
   * cell (EBGAN, 1 hidden layer of 16, lr 1e-3); its controls choose the model, depth, width and
   * learning rate, and the widget collects the scores of the cells the reader has run into the
   * three histograms, beside the full grid's histograms from the command line.
   */
  'ebgan-grid-search': ganFigure(
    'ebgan-grid-search',
    'A toy grid search: GAN, EBGAN and EBGAN-PT scored by mode coverage',
    {
      data: ring,
      generator: { kind: 'mlp', noiseDim: 2, noise: 'normal', hidden: [16], activation: 'relu' },
      discriminator: { kind: 'autoencoder', hidden: [16], embeddingDim: 8, activation: 'relu' },
      objective: { kind: 'energy', margin: gridEnergy.margin, pullAwayWeight: 0 },
      optimizers: {
        discriminator: { kind: 'adam', learningRate: 1e-3, beta1: 0.5 },
        generator: { kind: 'adam', learningRate: 1e-3, beta1: 0.5 },
      },
      training: { steps: 600, batchSize: 64, discriminatorSteps: 1, generatorSteps: 1, reportEvery: 100 },
      seed: 1,
    },
    // 2500 samples, as the command line scores each cell: the figure's histograms and the
    // command line's then count the same thing (snapshot noise depends only on seed and step).
    { samples: 256, realSamples: 256, modeCoverage: 2500 },
    {
      citation: 'zhao2017ebgan',
      figure: 'Figure 2 (§4.1, MNIST grid search histograms)',
      shows: 'Histograms of a modified inception score over a grid of architectures and optimiser settings, for GAN, EBGAN and EBGAN-PT.',
      paperSettings:
        'MNIST; generator and discriminator depth and width, optimiser and learning rate varied over a grid of several hundred settings; margin 10; pull-away weight 0.1.',
      ourSettings: `Ring of 8 Gaussians (std 0.05); depth ∈ {${gridAxes.depth.join(', ')}}, width ∈ {${gridAxes.width.join(', ')}}, Adam learning rate ∈ {${gridAxes.learningRate.join(', ')}} (β₁ 0.5, both nets), batch 64, 600 steps, seed 1: 8 cells per model, 24 in all; margin ${gridEnergy.margin}, pull-away weight ${gridEnergy.pullAwayWeight}.`,
      differences: [
        'Toy 2-D data instead of MNIST, so each cell trains in seconds in a browser.',
        'Scored by modes captured (VEEGAN’s 3σ rule) instead of an inception score, which needs a trained classifier.',
        '24 cells instead of hundreds; no SGD, dropout or batch-normalisation axes.',
        'Margin 1 instead of 10: the energy here is a mean squared error of 2-D points, not of 784 pixels.',
      ],
    },
  ),
};
