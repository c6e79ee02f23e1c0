/**
 * The training figures of Chapter 6 (spectral normalisation). Merged into the registry by
 * figures.ts; the same budget applies (each figure makes its point within about 10–30 s of training
 * in a browser).
 *
 * All three compare the same three ways of controlling the critic's slope, as SN-GAN's experiments
 * did (gan-math §5): weight clipping (WGAN's objective, c = 0.01), the gradient penalty (WGAN's
 * objective, λ = 10) and spectral normalisation (the hinge objective, one power iteration per update).
 * `lipschitzMethods` is the one definition of each; the widgets, the command line's grid and the
 * tests all apply it with `withMethod`, so they cannot disagree about what "SN-GAN" means.
 */
import type { FigureSpec } from './figures';
import { experimentOrThrow, type Experiment, type ExperimentInput } from './schema';
import { ganFigure } from './lazy';

export type LipschitzMethodId = 'clip' | 'gradient-penalty' | 'spectral-norm';

export interface LipschitzMethod {
  id: LipschitzMethodId;
  /** Short, for legends and table headers. */
  label: string;
  /** One phrase: the objective and the constraint. */
  description: string;
}

export const lipschitzMethods: readonly LipschitzMethod[] = [
  { id: 'clip', label: 'Weight clipping', description: "WGAN's objective, every critic weight clipped to [−0.01, 0.01]" },
  { id: 'gradient-penalty', label: 'Gradient penalty', description: "WGAN's objective with the two-sided gradient penalty, λ = 10" },
  { id: 'spectral-norm', label: 'Spectral norm', description: 'hinge objective, every critic layer divided by its σ̂ (one power iteration per update)' },
];

/** The method an experiment uses (spectral norm wins over the objective; clip and GP read the constraint). */
export function methodOf(experiment: Experiment): LipschitzMethodId | undefined {
  if (experiment.discriminator.spectralNorm) return 'spectral-norm';
  if (experiment.objective.kind !== 'wasserstein') return undefined;
  const constraint = experiment.objective.constraint.kind;
  return constraint === 'clip' ? 'clip' : constraint === 'gradient-penalty' ? 'gradient-penalty' : undefined;
}

/** A copy of the experiment trained with the given method (objective and spectral normalisation); validated. */
export function withMethod(experiment: Experiment, method: LipschitzMethodId): Experiment {
  const draft = structuredClone(experiment);
  delete draft.discriminator.spectralNorm;
  if (method === 'clip') draft.objective = { kind: 'wasserstein', constraint: { kind: 'clip', c: 0.01 } };
  else if (method === 'gradient-penalty') {
    draft.objective = { kind: 'wasserstein', constraint: { kind: 'gradient-penalty', weight: 10, side: 'two-sided' } };
  } else {
    draft.objective = { kind: 'hinge', r1Weight: 0 };
    draft.discriminator.spectralNorm = { powerIterations: 1 };
  }
  return experimentOrThrow(draft);
}

/** SN-GAN's Table 1 (gan-math §5): Adam's α, β₁, β₂ and the critic steps per generator step n_dis. */
export interface AdamSetting {
  id: 'A' | 'B' | 'C' | 'D' | 'E' | 'F';
  learningRate: number;
  beta1: number;
  beta2: number;
  discriminatorSteps: number;
}

export const snganSettings: readonly AdamSetting[] = [
  { id: 'A', learningRate: 1e-4, beta1: 0.5, beta2: 0.9, discriminatorSteps: 5 },
  { id: 'B', learningRate: 1e-4, beta1: 0.5, beta2: 0.999, discriminatorSteps: 1 },
  { id: 'C', learningRate: 2e-4, beta1: 0.5, beta2: 0.999, discriminatorSteps: 1 },
  { id: 'D', learningRate: 1e-3, beta1: 0.5, beta2: 0.9, discriminatorSteps: 5 },
  { id: 'E', learningRate: 1e-3, beta1: 0.5, beta2: 0.999, discriminatorSteps: 5 },
  { id: 'F', learningRate: 1e-3, beta1: 0.9, beta2: 0.999, discriminatorSteps: 5 },
];

/** A copy of the experiment with both optimisers set to Adam with the setting's numbers, and its n_dis; validated. */
export function withSetting(experiment: Experiment, setting: AdamSetting): Experiment {
  const draft = structuredClone(experiment);
  for (const optimizer of [draft.optimizers.discriminator, draft.optimizers.generator]) {
    optimizer.kind = 'adam';
    optimizer.learningRate = setting.learningRate;
    optimizer.beta1 = setting.beta1;
    optimizer.beta2 = setting.beta2;
  }
  draft.training.discriminatorSteps = setting.discriminatorSteps;
  return experimentOrThrow(draft);
}

/** The setting whose numbers the experiment uses, if any. */
export function settingOf(experiment: Experiment): AdamSetting | undefined {
  const { learningRate, beta1, beta2 } = experiment.optimizers.discriminator;
  return snganSettings.find(
    (setting) =>
      setting.learningRate === learningRate &&
      setting.beta1 === beta1 &&
      setting.beta2 === beta2 &&
      setting.discriminatorSteps === experiment.training.discriminatorSteps,
  );
}

/** The ring of eight Gaussians of Chapter 1's ring figure (radius 2, std 0.02; gan-math §8.3). */
const ring = { kind: 'ring', modes: 8, radius: 2, std: 0.02 } as const;

const mlpDifference = 'Small MLP critics (ReLU, dense layers) instead of CNNs: that is what trains in a browser in seconds, and a dense layer is exactly the matrix that SN normalises.';

/** Networks and batch shared by the three figures: small enough for a browser, wide enough for a spectrum. */
const generator = { kind: 'mlp', noiseDim: 2, noise: 'normal', hidden: [64, 64], activation: 'relu' } satisfies ExperimentInput['generator'];

export const chapter6Figures: Record<string, FigureSpec> = {
  /**
   * SN-GAN's Figure 2 at toy scale. The critic has two hidden-to-hidden 64 × 64 layers (hidden
   * [64, 64, 64]), whose spectra the widget draws; the first layer (2 × 64) has two singular values
   * and the output layer one. The registry's experiment is the spectral-norm run; the widget trains
   * it and its two copies with clipping and the gradient penalty (withMethod), same seed, setting A
   * of SN-GAN's Table 1 (α 1e-4, β 0.5/0.9, n_dis 5). Measured (WASM, seed 1, this experiment,
   * 400 iterations): stable rank Σσᵢ²/σ₁² of layers 2 / 3 is 1.19 / 2.18 under clipping,
   * 18.5 / 17.0 under the penalty and 23.1 / 21.1 under SN (whose layers' σ₁(W)/σ̂ were 1.017 and
   * 1.010); claims-ch6-training.test.ts checks the ordering on a 40-iteration run, and that the
   * clipped spectrum is still broad after the first iteration.
   */
  'singular-value-spectra': ganFigure(
    'singular-value-spectra',
    'Singular value spectra of the critic under clipping, the gradient penalty and spectral normalisation',
    {
      data: ring,
      generator: { ...generator },
      discriminator: { hidden: [64, 64, 64], activation: 'relu', spectralNorm: { powerIterations: 1 } },
      objective: { kind: 'hinge', r1Weight: 0 },
      optimizers: {
        discriminator: { kind: 'adam', learningRate: 1e-4, beta1: 0.5, beta2: 0.9 },
        generator: { kind: 'adam', learningRate: 1e-4, beta1: 0.5, beta2: 0.9 },
      },
      training: { steps: 400, batchSize: 128, discriminatorSteps: 5, generatorSteps: 1, reportEvery: 50 },
      seed: 1,
    },
    { layerSingularValues: true },
    {
      citation: 'miyato2018',
      figure: 'Figure 2',
      shows: "The squared singular values of each discriminator layer, rescaled so that the largest is 1 and sorted, after training with weight clipping, weight normalisation and spectral normalisation: clipping and weight normalisation concentrate on a few directions, SN keeps a broad spectrum.",
      paperSettings: 'CNN discriminators (layers 0–6) trained on CIFAR-10 and STL-10 with the standard GAN loss; 100K generator updates.',
      ourSettings:
        'A ReLU MLP critic 2 → 64 → 64 → 64 → 1 on the ring of 8 Gaussians (radius 2, std 0.02), batch 128, Adam with setting A of Table 1 (α 1e-4, β₁ 0.5, β₂ 0.9, n_dis 5), 400 generator steps; weight clipping (c = 0.01) and the gradient penalty (λ = 10) with the Wasserstein objective, SN with the hinge objective.',
      differences: [
        'Toy scale: 2-D data and 400 generator steps instead of images and 100K updates, so that the three runs finish in a browser in seconds.',
        mlpDifference,
        'The gradient penalty stands in for weight normalisation, which the book\'s engine does not implement; the penalty is the constraint the chapter compares SN with.',
        'Each method keeps its own objective (Wasserstein for clipping and the penalty, hinge for SN), as in SN-GAN\'s comparisons, rather than one loss for all.',
        'Only the two hidden-to-hidden layers are drawn: the first layer of a 2-D critic has two singular values and the output layer one.',
      ],
    },
  ),

  /**
   * SN-GAN with the hinge loss on the ring (or the 5 × 5 grid, from the widget's controls), with
   * setting D of SN-GAN's Table 1 (Adam α 1e-3, β₁ 0.5, β₂ 0.9, n_dis 5). The widget's quick
   * control switches the method (withMethod) on the same seed.
   * Measured (WASM, seed 1): with SN-GAN's own CIFAR-10 configuration (α 2e-4, β₁ 0, β₂ 0.9) the
   * hinge loss stayed near 2 (the SN critic's scores near 0) and at most 0.4% of the samples were
   * high quality after 600 steps; with setting D all 8 modes were captured from step 200, 8% high
   * quality at 400 and 600. The layers' σ₁(W)/σ̂ were 1.00–1.11: at α 1e-3 the single power
   * iteration per update lags up to about 10% behind W.
   */
  'sngan-ring': ganFigure(
    'sngan-ring',
    'SN-GAN with the hinge loss on a ring of eight Gaussians',
    {
      data: ring,
      generator: { ...generator },
      discriminator: { hidden: [64, 64], activation: 'relu', spectralNorm: { powerIterations: 1 } },
      objective: { kind: 'hinge', r1Weight: 0 },
      optimizers: {
        discriminator: { kind: 'adam', learningRate: 1e-3, beta1: 0.5, beta2: 0.9 },
        generator: { kind: 'adam', learningRate: 1e-3, beta1: 0.5, beta2: 0.9 },
      },
      training: { steps: 600, batchSize: 128, discriminatorSteps: 5, generatorSteps: 1, reportEvery: 50 },
      seed: 1,
    },
    {
      samples: 512,
      realSamples: 512,
      discriminatorGrid: { x: [-3, 3, 40], y: [-3, 3, 40] },
      modeCoverage: 2500,
      layerSingularValues: true,
    },
  ),

  /**
   * SN-GAN's Figure 1 at toy scale: the three methods × the six settings of Table 1, each cell
   * scored by the VEEGAN rule after a short run. The registry's experiment is one cell (SN, A);
   * the widget trains the three methods of one setting side by side, and the command line runs the
   * whole grid (`npm run experiment -- --grid sngan-robustness`).
   *
   * Measured (WASM, seed 1): at these budgets the paper's pattern does not appear. After 300
   * generator steps on the book's ring (std 0.02) every cell of A–C had at most 0.4% high-quality
   * samples; after 1000 steps (std 0.05, setting C) clipping 1.4%, the penalty 1.1%, SN 2.3%;
   * after 800 steps (std 0.1, setting B) clipping 5.8%, the penalty 0%, SN 5.2%. The runs are far
   * from the paper's 100K updates, so the figure shows where each method gets to in a short run,
   * and the command line's --steps runs the same grid longer. The registered grid (std 0.05, 300
   * steps; `--grid sngan-robustness`, WASM, 187 s for 18 cells): at most 2.8% high quality in any
   * cell; modes captured clip 6,6,6,6,7,4 / penalty 2,1,0,2,1,3 / SN 2,4,3,8,8,3 for A–F.
   */
  'sngan-robustness': ganFigure(
    'sngan-robustness',
    'Robustness to the optimiser settings A–F of SN-GAN',
    {
      // Wider modes than the book's ring (3σ = 0.15 instead of 0.06), so that short runs can score at all.
      data: { ...ring, std: 0.05 },
      generator: { ...generator, hidden: [32, 32] },
      discriminator: { hidden: [32, 32], activation: 'relu', spectralNorm: { powerIterations: 1 } },
      objective: { kind: 'hinge', r1Weight: 0 },
      optimizers: {
        discriminator: { kind: 'adam', learningRate: 1e-4, beta1: 0.5, beta2: 0.9 },
        generator: { kind: 'adam', learningRate: 1e-4, beta1: 0.5, beta2: 0.9 },
      },
      training: { steps: 300, batchSize: 64, discriminatorSteps: 5, generatorSteps: 1, reportEvery: 50 },
      seed: 1,
    },
    { modeCoverage: 2500 },
    {
      citation: 'miyato2018',
      figure: 'Figure 1',
      shows: 'Inception scores of weight clipping, WGAN-GP, weight normalisation, layer normalisation, batch normalisation, orthonormal regularisation and SN-GAN under the six Adam settings A–F of Table 1: SN-GAN stays good in every setting, most others fail in the aggressive ones.',
      paperSettings: 'Standard CNNs on CIFAR-10 and STL-10, 100K generator updates per cell, settings A–F of Table 1 (α, β₁, β₂, n_dis), inception score.',
      ourSettings:
        'ReLU MLPs 2 → 32 → 32 → out on the ring of 8 Gaussians (radius 2, std 0.05), batch 64, 300 generator steps per cell, settings A–F; three methods: clipping (c = 0.01, Wasserstein), gradient penalty (λ = 10, Wasserstein), SN (hinge); score: modes captured and high-quality fraction of 2500 samples (VEEGAN\'s 3σ rule).',
      differences: [
        'Toy scale and short runs (300 generator steps, small nets) so that the 18 cells run in a browser, one setting at a time, or in a few minutes from the command line.',
        mlpDifference,
        "Our metric instead of the inception score: modes captured and the share of high-quality samples (gan-math §8.3), which need no pretrained classifier.",
        'Three methods instead of seven: the book\'s engine implements clipping, the gradient penalty and SN.',
        'One seed per cell, as in the paper. At 300 generator steps no method is near convergence and the paper\'s pattern (SN good everywhere) does not show; longer runs from the command line (--steps) are the way to look for it.',
        'Wider modes (std 0.05 instead of the book\'s 0.02), so that short runs can score at all.',
      ],
    },
  ),
};
