/**
 * The registry of named figure experiments. A figure on the page, its "Reproduce" command line
 * (`npm run experiment -- --figure <id>`), its share links and the tests that check a chapter's
 * claims all start from the same entry here.
 *
 * Budget: each figure should show its point within about 10–30 s of training in a browser on the
 * WASM or CPU backend (roughly 15–100 small steps per second on the machines we measured, see
 * shared/platform.md), so the networks are small and the step counts modest.
 */
import type { SnapshotRequest } from '../types';
import { experimentOrThrow, type AnyExperiment, type Experiment } from './schema';
import { ganFigure } from './lazy';
import { chapter6Figures } from './figures-ch6';
import { fganFigures } from './figures-fgan';
import { chapter5Figures } from './figures-ch5';
import { ch7Figures } from './figures-ch7';
import { ch9Figures } from './figures-ch9';
import { ch8Figures } from './figures-ch8';
import { msgFigures } from './figures-msg';

/**
 * A paper figure that a book figure reproduces, for the reproducers' gallery: what the paper shows,
 * with what settings, what we do instead and why.
 */
export interface PaperFigure {
  /** The paper's key in src/data/bibliography.ts. */
  citation: string;
  /** The paper's own label, e.g. "Figure 1a" or "Example 1". */
  figure: string;
  /** What the paper's figure shows, in one sentence. */
  shows: string;
  /** The paper's settings (or "not published"). */
  paperSettings: string;
  /** Our settings, in words. */
  ourSettings: string;
  /** Every difference, each with its reason. */
  differences: string[];
}

export interface FigureSpec<E extends AnyExperiment = AnyExperiment> {
  id: string;
  title: string;
  experiment: E;
  snapshot: SnapshotRequest;
  /** Set when the figure reproduces a paper's figure. */
  paper?: PaperFigure;
  /**
   * Whether the figure can draw a (valid) experiment: null if it can, else one sentence for the
   * reader saying why not. Share links and controls that propose anything else get this sentence
   * and the figure's defaults, never a half-applied state. Without it, figureAccepts asks for the
   * same experiment kind and data dimension as the figure's own experiment.
   */
  accepts?: (experiment: AnyExperiment) => string | null;
}

/** The dimension of a GAN experiment's data (1 for the 1-D mixture, 2 for the others). */
export function dataDimension(experiment: Experiment): number {
  return experiment.data.kind === 'mixture-1d' ? 1 : 2;
}

const dimensionWords = (dim: number) => (dim === 1 ? 'one-dimensional' : dim === 2 ? 'two-dimensional' : `${dim}-dimensional`);

/** The default rule: same kind and (for a GAN) same data dimension as the figure's own experiment. */
export function sameKindAndDimension(spec: FigureSpec, experiment: AnyExperiment): string | null {
  const own = spec.experiment;
  if (experiment.kind !== own.kind) return `This figure runs a ${own.kind} experiment, not a ${experiment.kind} one.`;
  if (own.kind === 'gan' && experiment.kind === 'gan') {
    const want = dataDimension(own);
    const got = dataDimension(experiment);
    if (want !== got) {
      return `This figure draws ${dimensionWords(want)} data, and these settings have ${dimensionWords(got)} data (${experiment.data.kind}).`;
    }
  }
  return null;
}

/** Null when figure `spec` can draw `experiment`; else the sentence why not (its own rule, then the default). */
export function figureAccepts(spec: FigureSpec, experiment: AnyExperiment): string | null {
  return sameKindAndDimension(spec, experiment) ?? spec.accepts?.(experiment) ?? null;
}

/** The experiment of a GAN figure; throws for another kind (a widget written for GANs was given the wrong figure). */
export function ganExperimentOf(spec: FigureSpec): Experiment {
  if (spec.experiment.kind !== 'gan') throw new Error(`Figure "${spec.id}" runs a ${spec.experiment.kind} experiment, not a GAN.`);
  return spec.experiment;
}

export const figures: Record<string, FigureSpec> = {
  /**
   * Goodfellow et al.'s Figure 1, trained live. One-dimensional uniform noise on [−1, 1] makes each z
   * a point on a line, so the z → x = G(z) mapping can be drawn as lines, as in the paper. The target
   * is a single Gaussian N(4, 0.5²), placed away from where the generator starts (near 0), so the
   * reader sees p_g travel to p_data (about 600–900 iterations) and D(x) flatten towards ½.
   * Learning rates: D's (2e-3) is ten times G's (2e-4), so D stays close to its optimum and G
   * follows a meaningful signal; with equal rates (tried: 1e-3/1e-3, 2e-3/2e-3) G reached the right
   * mean but collapsed to a width of about 0.1 instead of 0.5. With these rates seeds 1–3 all end
   * with mean ≈ 4 and width 0.36–0.67 after 1500 iterations. Batch 256 keeps D's estimate of the
   * width steady. A tanh generator gives a smooth monotone map from z to x.
   */
  'gan-1d': ganFigure(
    'gan-1d',
    'A one-dimensional GAN: data, generator and discriminator',
    {
      data: { kind: 'mixture-1d', components: [{ mean: 4, std: 0.5, weight: 1 }] },
      generator: { kind: 'mlp', noiseDim: 1, noise: 'uniform', hidden: [16, 16], activation: 'tanh' },
      discriminator: { hidden: [32, 32], activation: 'relu' },
      objective: { kind: 'non-saturating' },
      optimizers: {
        discriminator: { kind: 'adam', learningRate: 2e-3, beta1: 0.5 },
        generator: { kind: 'adam', learningRate: 2e-4, beta1: 0.5 },
      },
      training: { steps: 1500, batchSize: 256, discriminatorSteps: 1, generatorSteps: 1, reportEvery: 100 },
      seed: 1,
    },
    {
      discriminatorGrid: { x: [-2, 7, 181] },
      generatorMap: 25,
      generatorDensity: 2000,
      samples: 200,
    },
    {
      citation: 'goodfellow2014',
      figure: 'Figure 1',
      shows:
        'Four stages (a)–(d) of GAN training in one dimension: the data density, the generator density, the discriminator D(x), and the map x = G(z) from uniformly sampled z, ending with p_g = p_data and D = ½.',
      paperSettings:
        'None: the figure is a schematic drawing, not a trained run. Uniform z on a line below the x line, a unimodal data density, the generator drawn near convergence in (a) and at the optimum in (d).',
      ourSettings:
        'A real run: data N(4, 0.5²); z ~ U[−1, 1]; G a 1→16→16→1 tanh MLP, D a 1→32→32→1 ReLU MLP; non-saturating generator loss; Adam (β₁ 0.5) with D at 2·10⁻³ and G at 2·10⁻⁴; batch 256; k = 1; 1500 steps; seed 1.',
      differences: [
        'One live panel instead of four drawn stages: the stages (a)–(d) are moments of the same run, and the reference render shows its end (step 1500).',
        'D is learned from minibatches, so it is ½ only where the data and generator have mass; far from both it is whatever the network extrapolates (the paper draws the ideal D* = ½ everywhere).',
        'The generator density is a histogram of 2000 samples, not an exact curve, because G is a neural network whose density has no closed form.',
        'The data sit at x = 4, away from where G starts (near 0), so the reader sees p_g travel; the paper starts G close to the data, because it illustrates convergence, not the journey.',
        'Non-saturating generator loss (maximise log D(G(z))), which the paper recommends in practice (its Section 3), instead of the minimax loss whose fixed point the figure illustrates; both have the same fixed point.',
        'Adam with a ten times larger learning rate for D, so that D stays near its optimum and G follows a meaningful signal; with equal rates G reached the right mean but collapsed to a width of about 0.1.',
      ],
    },
  ),

  /**
   * Goodfellow et al.'s Proposition 1, D*(x) = p_data / (p_data + p_g), shown by freezing G
   * (generatorSteps 0) and training only D. The affine generator with normal noise makes p_g an
   * exact Gaussian N(b, a²) (b starts at 0, a is drawn from the seed: 0.67 for seed 1); the widget
   * reads a and b from the two-point generator map and draws D* exactly. The data's two modes sit
   * on either side of p_g, overlapping it, so D* is a smooth valley (about 0.05 where p_g dominates,
   * near 1 on both sides) rather than a plain step. D converges within a few hundred iterations
   * (seed 1: mean |D − D*| ≈ 0.01 on a 0.5-spaced grid after 250 iterations, 0.006 after 500), so
   * the figure settles within seconds and then only jitters with the minibatches.
   */
  'optimal-discriminator': ganFigure(
    'optimal-discriminator',
    'The optimal discriminator for a frozen generator',
    {
      data: {
        kind: 'mixture-1d',
        components: [
          { mean: -1.5, std: 0.6, weight: 1 },
          { mean: 2, std: 0.8, weight: 1 },
        ],
      },
      generator: { kind: 'affine', noiseDim: 1, noise: 'normal' },
      discriminator: { hidden: [32, 32], activation: 'relu' },
      objective: { kind: 'non-saturating' },
      optimizers: {
        discriminator: { kind: 'adam', learningRate: 3e-3, beta1: 0.5 },
        generator: { kind: 'adam', learningRate: 1e-3, beta1: 0.5 },
      },
      training: { steps: 1000, batchSize: 256, discriminatorSteps: 1, generatorSteps: 0, reportEvery: 100 },
      seed: 1,
    },
    {
      discriminatorGrid: { x: [-4, 5, 181] },
      generatorMap: 2,
      generatorDensity: 4000,
    },
  ),

  /**
   * The 2-D ring of 8 Gaussians, radius 2, std 0.02: the setting of the Unrolled GAN paper
   * (Metz et al. 2016, App. A; also WGAN-GP's toy data before its rescaling), see gan-math §8.3.
   * G and D are 2→64→64→out ReLU MLPs trained with Adam on batches of 256 (the widget workload that
   * the benchmark measures). Learning rate 5e-4 for both: measured in Node at 2000 iterations,
   * seed 1 reached 8/8 modes with 38% high-quality samples, against 6/8 and 9% with 1e-3, whose
   * generator gradients also kept growing. The modes are tiny (3σ = 0.06), so the points first
   * spread around the ring and only later gather on the modes; a plain GAN may also drop modes,
   * which is the lesson the figure previews.
   */
  'ring-gan': ganFigure(
    'ring-gan',
    'A GAN on a ring of eight Gaussians',
    {
      data: { kind: 'ring', modes: 8, radius: 2, std: 0.02 },
      generator: { kind: 'mlp', noiseDim: 2, noise: 'normal', hidden: [64, 64], activation: 'relu' },
      discriminator: { hidden: [64, 64], activation: 'relu' },
      objective: { kind: 'non-saturating' },
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
      sampleGradients: true,
      modeCoverage: 2500,
    },
  ),

  /**
   * Why log(1 − D(G(z))) saturates. The data sits far from where G starts, and D (Adam, 5e-3, with
   * k = 2 discriminator steps per generator step, Algorithm 1's k) learns to reject the fakes within
   * a few dozen iterations; then D(G(z)) ≈ 0 and the minimax generator's gradient fades. Measured
   * for seed 1 (mean gradient norm per 20 iterations): minimax 0.54 → 0.02 by iteration 60 → 0.001
   * by 200, its samples stuck near 0.1; non-saturating 2.3 → 8 by iteration 60, reaching the data by
   * about iteration 100. The widget runs this experiment and a copy with objective
   * 'non-saturating' side by side. G uses plain SGD on purpose: its step is proportional to its
   * gradient, as in the analysis; Adam divides by the gradient's running scale and would hide the
   * saturation (tried: with Adam the minimax generator still reached the data).
   */
  saturation: ganFigure(
    'saturation',
    'Saturating and non-saturating generator losses',
    {
      data: { kind: 'mixture-1d', components: [{ mean: 4, std: 0.5, weight: 1 }] },
      generator: { kind: 'mlp', noiseDim: 1, noise: 'uniform', hidden: [16, 16], activation: 'tanh' },
      discriminator: { hidden: [32, 32], activation: 'relu' },
      objective: { kind: 'minimax' },
      optimizers: {
        discriminator: { kind: 'adam', learningRate: 5e-3, beta1: 0.5 },
        generator: { kind: 'sgd', learningRate: 5e-3, momentum: 0 },
      },
      training: { steps: 300, batchSize: 128, discriminatorSteps: 2, generatorSteps: 1, reportEvery: 10 },
      seed: 1,
    },
    {
      discriminatorGrid: { x: [-2, 7, 181] },
      generatorDensity: 2000,
    },
  ),
  ...fganFigures, // Chapters 3–4 (figures-fgan.ts)
  ...chapter5Figures, // Chapter 5 (figures-ch5.ts)
  ...chapter6Figures, // Chapter 6 (figures-ch6.ts)
  ...ch7Figures, // Chapter 7 (figures-ch7.ts)
  ...ch8Figures, // Chapter 8 (figures-ch8.ts)
  ...ch9Figures, // Chapter 9 (figures-ch9.ts)
  ...msgFigures, // Chapter 9's multi-scale gradients (figures-msg.ts)
};

/** The GAN figure with this id (its experiment typed as a GAN), or undefined for another id or kind. */
export function getGanFigure(id: string): FigureSpec<Experiment> | undefined {
  const spec = getFigure(id);
  return spec?.experiment.kind === 'gan' ? (spec as FigureSpec<Experiment>) : undefined;
}

/** The figure with this id, or undefined. */
export function getFigure(id: string): FigureSpec | undefined {
  return Object.hasOwn(figures, id) ? figures[id] : undefined;
}

/** A copy of a figure's experiment with changes applied (validated): what a widget's controls do. */
export function withChanges(experiment: Experiment, changes: (draft: Experiment) => void): Experiment {
  const draft = structuredClone(experiment);
  changes(draft);
  return experimentOrThrow(draft);
}
