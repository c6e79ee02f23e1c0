/**
 * The `gan` kind's experiment: data, the two networks, the objective, the optimisers, the number of
 * steps and the seed. Widgets edit it, share links carry it, the command line runs it and tests
 * assert on it. This file is its single definition; experiments/schema.ts joins it with the other
 * kinds. JSON without a `kind` is a GAN (links made before kinds existed keep working).
 */
import { z } from '../../zod';
import { divergenceIds, getDivergence, isDivergenceId } from '../../divergences/registry';
import { between, oneOf, seedField, thousands, wholeBetween } from '../../experiments/fields';
import { nextTask } from '../../next-task';

// Built in four tasks of its own (next-task.ts; the `await nextTask()` before sections): building
// zod schemas is slow while its code is cold, and the file as one task took 34–88 ms (median 53) on
// the development machine loading Chapters 1 and 5 unthrottled; split, the longest part took 18–80
// ms (median 31). Under Lighthouse's 4× slowdown every millisecond over 12.5 counts as blocking.
await nextTask();

// ── Data ────────────────────────────────────────────────────────────────────────────────────────

/** The most points a drawn distribution may hold (a share link of 2,000 points stays under 32 KB). */
export const MAX_DRAWN_POINTS = 2000;
/** Drawn points lie in [−DRAWN_POINT_RANGE, DRAWN_POINT_RANGE]² (the plane shows about ±3). */
export const DRAWN_POINT_RANGE = 10;

export const GaussianComponentSchema = z.strictObject({
  mean: between(-20, 20),
  std: between(0.001, 10),
  weight: between(0.0001, 1000).default(1),
});

/** A 1-D mixture of Gaussians; weights are normalised to sum to 1. */
const MixtureDataSchema = z.strictObject({
  kind: z.literal('mixture-1d'),
  components: z
    .array(GaussianComponentSchema)
    .min(1, { error: 'needs at least 1 component' })
    .max(8, { error: 'allows at most 8 components' })
    .default([{ mean: 4, std: 0.5, weight: 1 }]),
});

await nextTask();

export const DataSchema = z.discriminatedUnion(
  'kind',
  [
    MixtureDataSchema,
    /** `modes` equal-weight isotropic Gaussians, means evenly on a circle, the first at angle 0. */
    z.strictObject({
      kind: z.literal('ring'),
      modes: wholeBetween(2, 16).default(8),
      radius: between(0.1, 10).default(2),
      std: between(0.001, 2).default(0.02),
    }),
    /** size × size equal-weight isotropic Gaussians, means on a square lattice centred at 0. */
    z.strictObject({
      kind: z.literal('grid'),
      size: wholeBetween(2, 7).default(5),
      spacing: between(0.1, 10).default(2),
      std: between(0.001, 2).default(0.05),
    }),
    /** The 2-D Swiss roll: t ∼ U[1.5π, 4.5π], x = (t cos t, t sin t)·scale + N(0, noise²). */
    z.strictObject({
      kind: z.literal('swiss-roll'),
      scale: between(0.01, 10).default(0.2),
      noise: between(0, 2).default(0.05),
    }),
    /** Two interleaved half circles (radius 1), plus N(0, noise²) per coordinate. */
    z.strictObject({
      kind: z.literal('two-moons'),
      noise: between(0, 2).default(0.05),
    }),
    /**
     * The uniform distribution on the 2-D segment from `start` to `end`: x = start + u·(end − start),
     * u ∼ U[0, 1]. It has no density in the plane (WGAN's Example 1: P₀ = (0, Z), Z ∼ U[0, 1]).
     */
    z.strictObject({
      kind: z.literal('segment'),
      start: z.tuple([between(-20, 20), between(-20, 20)]).default([0, 0]),
      end: z.tuple([between(-20, 20), between(-20, 20)]).default([0, 1]),
    }),
    /**
     * Points the reader draws (Chapter 9's playground): each draw picks one of `points` uniformly
     * and adds N(0, spread²·I₂). Repeating a point weights it. Modes, for the coverage metric, are the
     * groups of points linked by steps shorter than DRAWN_MODE_LINK (data/index.ts, drawnModes).
     */
    z.strictObject({
      kind: z.literal('points'),
      points: z
        .array(z.tuple([between(-DRAWN_POINT_RANGE, DRAWN_POINT_RANGE), between(-DRAWN_POINT_RANGE, DRAWN_POINT_RANGE)]), {
          error: 'must be a list of [x, y] pairs of numbers',
        })
        .min(1, { error: 'needs at least 1 point: draw some on the plane' })
        .max(MAX_DRAWN_POINTS, {
          error: `allows at most ${thousands(MAX_DRAWN_POINTS)} points (each point already stands for a small Gaussian: thin the drawing out, or raise the spread)`,
        })
        .default([[0, 0]]),
      spread: between(0.001, 2).meta({ title: 'Spread', description: 'Standard deviation of the Gaussian jitter around each drawn point.' }).default(0.05),
    }),
  ],
  { error: 'must be one of: mixture-1d, ring, grid, swiss-roll, two-moons, segment, points' },
);

await nextTask();

// ── Networks ────────────────────────────────────────────────────────────────────────────────────

const Activation = oneOf(['relu', 'leaky-relu', 'tanh', 'elu', 'sigmoid'] as const);

const hidden = z
  .array(wholeBetween(1, 512).meta({ title: 'Width' }))
  .max(8, { error: 'allows at most 8 hidden layers' })
  .default([64, 64]);

/** The discriminator may be deeper: WGAN-GP's Figure 1b measures gradients through a 12-layer critic. */
const discriminatorHidden = z
  .array(wholeBetween(1, 512))
  .max(12, { error: 'allows at most 12 hidden layers' })
  .default([64, 64]);

/**
 * A known starting point for the 'affine' generator: x_j = scale_j·z_j + shift_j for each data
 * coordinate j (A = diag(scale), padded with zero columns when noiseDim exceeds the data dimension,
 * b = shift). With normal noise the generator's distribution is then exactly N(shift, diag(scale²));
 * with generatorSteps 0 it stays there, a fixed, known Q for critic-only experiments (Chapter 3's
 * "climbing the bound"). Without `init` the affine weights are drawn from the seed as usual.
 * One entry per data dimension (1 for mixture-1d, 2 otherwise), and noiseDim ≥ the data dimension.
 */
export const AffineInitSchema = z.strictObject({
  shift: z.array(between(-20, 20)).min(1, { error: 'needs one entry per data dimension' }).max(2, { error: 'needs one entry per data dimension' }),
  /** 0 is allowed: a coordinate that does not vary (WGAN's parallel lines, P_θ = (θ, Z)). */
  scale: z.array(between(0, 10)).min(1, { error: 'needs one entry per data dimension' }).max(2, { error: 'needs one entry per data dimension' }),
});

export const GeneratorSchema = z.strictObject({
  /**
   * 'mlp': a multilayer perceptron. 'affine': x = A z + b (for 1-D noise, a Gaussian with learned mean and scale).
   * 'data-plus-noise': no parameters; each sample is a fresh data point plus N(0, noiseStd²·I), the
   * fixed "generator" of WGAN-GP's Figure 1a. Its noise is the pair (data point, standard normal), so
   * `noise` and `noiseDim` do not apply, and it cannot train (generatorSteps must be 0).
   */
  kind: oneOf(['mlp', 'affine', 'data-plus-noise'] as const).default('mlp'),
  /**
   * 'data-plus-noise' only: the standard deviation of the noise added to each data point (1 when left
   * out; optional so that other generators' experiments and links keep their shape).
   */
  noiseStd: between(0, 10).optional(),
  noiseDim: wholeBetween(1, 64).meta({ title: 'Noise dimension' }).default(2),
  noise: oneOf(['normal', 'uniform'] as const).default('normal'),
  hidden,
  activation: Activation.default('relu'),
  output: oneOf(['linear', 'tanh'] as const).default('linear'),
  /** 'affine' only: start from x = diag(scale)·z + shift instead of random weights (see AffineInitSchema). */
  init: AffineInitSchema.optional(),
});

export const DiscriminatorSchema = z.strictObject({
  /**
   * 'mlp': one score V(x) per example. 'autoencoder' (EBGAN, Zhao et al. 2017): an encoder MLP to
   * `embeddingDim` numbers and a decoder MLP back (hidden layers mirrored); its output is the energy
   * of x, the mean squared reconstruction error (see nets.ts for why not the paper's norm).
   */
  kind: oneOf(['mlp', 'autoencoder'] as const).default('mlp'),
  hidden: discriminatorHidden,
  activation: Activation.default('relu'),
  /** 'autoencoder' only: the size of the code between encoder and decoder. */
  embeddingDim: wholeBetween(1, 64).meta({ title: 'Embedding size', description: 'Numbers in the autoencoder’s code.' }).default(2),
  /**
   * Spectral normalisation (Miyato et al. 2018): every dense layer's weight W is used as W/σ̂(W),
   * σ̂ from `powerIterations` power-iteration steps per discriminator update with a persistent
   * vector u drawn from the seed. W itself is never overwritten.
   */
  spectralNorm: z.strictObject({ powerIterations: wholeBetween(1, 20).meta({ title: 'Power iterations per update' }).default(1) }).optional(),
  /**
   * PacGAN (Lin et al. 2018, arXiv:1712.04086): the discriminator scores packs of m samples, all
   * real or all generated, concatenated into one input of m times the data's dimension; a batch
   * then holds batchSize packs (m·batchSize samples). Absent = 1, the unpacked discriminator.
   */
  packing: wholeBetween(1, 8).meta({ title: 'Packing m', description: 'The discriminator scores m samples at a time (PacGAN).' }).optional(),
});

// ── Objective ───────────────────────────────────────────────────────────────────────────────────

const divergenceMessage = `must be an f-divergence id: ${divergenceIds.join(', ')} with <a> any number other than 0 and 1`;

/** The α-divergences the engine can train in 32-bit floats: |α| ≤ maxAlpha, α not within minAlphaGap of 0 or 1. */
const maxAlpha = 10;
const minAlphaGap = 0.01;
function alphaInRange(id: string): boolean {
  if (!isDivergenceId(id)) return true; // the id's own check says what is wrong
  const divergence = getDivergence(id);
  if (!divergence.id.startsWith('alpha:')) return true;
  const alpha = Number(divergence.id.slice('alpha:'.length));
  return Math.abs(alpha) <= maxAlpha && Math.abs(alpha) >= minAlphaGap && Math.abs(alpha - 1) >= minAlphaGap;
}

/** A registry id (validated with the registry itself), normalised to the record's own spelling ('alpha:0.50' → 'alpha:0.5'). */
const DivergenceId = z
  .string({ error: divergenceMessage })
  .refine(isDivergenceId, { error: (issue) => `${divergenceMessage}; got ${JSON.stringify(String(issue.input).slice(0, 60))}` })
  .refine(alphaInRange, { error: `must have an α between −${maxAlpha} and ${maxAlpha}, at least ${minAlphaGap} away from 0 and 1 (beyond, f and f* overflow or vanish in 32-bit floats and the bound is meaningless)` })
  .transform((id) => getDivergence(id).id);

/** R1 (Mescheder et al. 2018): (γ/2)·E_P‖∇ₓD(x)‖² added to the discriminator's loss; 0 = off. */
const r1Weight = between(0, 1000).meta({ title: 'R1 weight γ', description: 'Zero-centred penalty on the gradient at real points; 0 is off.' }).default(0);

/** How the Wasserstein critic is kept (roughly) 1-Lipschitz. */
export const ConstraintSchema = z.discriminatedUnion(
  'kind',
  [
    z.strictObject({ kind: z.literal('none') }),
    /** WGAN (Arjovsky et al. 2017): every critic weight clipped to [−c, c] after each update. */
    z.strictObject({ kind: z.literal('clip'), c: between(1e-5, 10).meta({ title: 'Clipping bound c', description: 'Every critic weight is kept in [−c, c].' }).default(0.01) }),
    /**
     * WGAN-GP (Gulrajani et al. 2017): weight·E(‖∇ₓD(x̂)‖ − 1)² on x̂ = εx + (1 − ε)x̃, ε ∼ U[0, 1]
     * per pair of a real x and a fake x̃; 'one-sided' penalises only norms above 1.
     */
    z.strictObject({
      kind: z.literal('gradient-penalty'),
      weight: between(0, 1000).meta({ title: 'Penalty weight λ', description: 'Weight of (‖∇D‖ − 1)² on interpolates.' }).default(10),
      side: oneOf(['two-sided', 'one-sided'] as const).default('two-sided'),
    }),
  ],
  { error: 'must be one of: none, clip, gradient-penalty' },
);

export const ObjectiveSchema = z.discriminatedUnion(
  'kind',
  [
    z.strictObject({
      /**
       * 'minimax': Goodfellow et al.'s value function; G minimises E log(1 − D(G(z))) (saturating).
       * 'non-saturating': same D loss; G minimises −E log D(G(z)).
       * Also the default when `kind` is left out.
       */
      kind: z.enum(['minimax', 'non-saturating']).default('non-saturating'),
      r1Weight,
    }),
    /**
     * f-GAN (Nowozin et al. 2016): the critic T = g_f(V) maximises F = E_P[T] − E_Q[f*(T)] ≤ D_f(P‖Q).
     * generatorLoss 'saddle': G minimises F itself, i.e. −E_Q[f*(T)];
     * 'non-saturating' (f-GAN's practical choice, the default): G minimises −E_Q[T].
     * With divergence 'gan' these are exactly the 'minimax' and 'non-saturating' GAN objectives.
     * One-sided label smoothing does not apply (F has no labels): training.realLabel must stay 1.
     */
    z.strictObject({
      kind: z.literal('f-gan'),
      divergence: DivergenceId.default('kl'),
      generatorLoss: oneOf(['saddle', 'non-saturating'] as const).default('non-saturating'),
    }),
    /** LSGAN (Mao et al. 2017) with a = 0 (fake), b = 1 (real), c = 1 (what G wants D to say). */
    z.strictObject({ kind: z.literal('least-squares'), r1Weight }),
    /** WGAN: the critic maximises E_P[D] − E_Q[D] under a Lipschitz constraint; G minimises −E_Q[D]. */
    z.strictObject({ kind: z.literal('wasserstein'), constraint: ConstraintSchema.prefault({ kind: 'gradient-penalty' }) }),
    /** Hinge loss (Lim & Ye 2017; Miyato et al. 2018): D: E[1 − D(x)]⁺ + E[1 + D(x̃)]⁺; G: −E D(x̃). */
    z.strictObject({ kind: z.literal('hinge'), r1Weight }),
    /**
     * EBGAN (Zhao et al. 2017), for the autoencoder discriminator whose output is an energy E(x) ≥ 0:
     * L_D = E_P[E(x)] + E_Q[m − E(x̃)]⁺, L_G = E_Q[E(x̃)] + pullAwayWeight·f_PT (the pull-away term
     * on the encoder's embeddings of the fake batch; 0 = off).
     */
    z.strictObject({
      kind: z.literal('energy'),
      margin: between(0, 100).meta({ title: 'Margin m', description: 'Fakes with energy above m are no longer pushed up.' }).default(0.5),
      pullAwayWeight: between(0, 100).meta({ title: 'Pull-away weight', description: 'Weight of the pull-away term; 0 is off.' }).default(0),
    }),
  ],
  { error: 'must be one of: minimax, non-saturating, f-gan, least-squares, wasserstein, hinge, energy' },
);

await nextTask();

// ── Optimisation ────────────────────────────────────────────────────────────────────────────────

export const OptimizerSchema = z.strictObject({
  kind: oneOf(['sgd', 'adam', 'rmsprop'] as const).default('adam'),
  learningRate: between(1e-6, 10).meta({ title: 'Learning rate', description: 'The size of each update step.' }).default(1e-3),
  /** Adam's β₁. */
  beta1: between(0, 0.9999).meta({ title: 'Adam β₁', description: 'How much of the past gradient the update keeps (momentum).' }).default(0.5),
  /** Adam's β₂. */
  beta2: between(0, 0.99999).meta({ title: 'Adam β₂', description: 'How slowly the estimate of the gradient’s scale forgets.' }).default(0.999),
  /** Momentum for SGD and RMSProp (0 = none). */
  momentum: between(0, 0.999).meta({ title: 'Momentum', description: 'For SGD and RMSProp; 0 is none.' }).default(0),
});

export const TrainingSchema = z.strictObject({
  /** Training iterations; one iteration = discriminatorSteps D updates, then generatorSteps G updates. */
  steps: wholeBetween(1, 1_000_000).meta({ title: 'Training steps' }).default(2000),
  batchSize: wholeBetween(1, 4096).meta({ title: 'Batch size', description: 'Real and generated points per update.' }).default(256),
  /** k in Goodfellow et al.'s Algorithm 1. */
  discriminatorSteps: wholeBetween(1, 100).meta({ title: 'k (D steps per G step)', description: 'Discriminator updates before each generator update.' }).default(1),
  /** 0 freezes the generator (used to show D converging to D*). */
  generatorSteps: wholeBetween(0, 100).meta({ title: 'G steps per iteration', description: '0 freezes the generator.' }).default(1),
  /** One-sided label smoothing: the target for real samples (1 = no smoothing; Salimans et al. use 0.9). */
  realLabel: between(0.5, 1).meta({ title: 'Real label', description: 'One-sided label smoothing: 1 is none; 0.9 is the usual choice.' }).default(1),
  /** Report metrics every this many iterations (command line and tests). */
  reportEvery: wholeBetween(1, 100_000).default(100),
});

/**
 * MINE as a regulariser against mode collapse (Belghazi et al. 2018, §5.1). The generator's input is
 * [z, c]: the noise z and a categorical code c, uniform on {1, …, codeSize} and fed as a one-hot
 * vector, both drawn from the seed. A statistics network T(x, c) (an MLP on [x, one-hot c]) is
 * trained once per iteration to maximise the Donsker–Varadhan bound on I(G(z, c); c), joint pairs
 * (G(z, c), c) against pairs with a fresh independent code c′; the generator's loss adds
 * −weight·Î(G(z, c); c). Categorical rather than continuous: the code's marginal is known exactly, so
 * the marginal batch takes fresh codes with no shuffling bias (§11.5), and I ≤ log codeSize gives the
 * estimate a ceiling a reader can check. Absent (or null) = off: the experiment trains exactly as
 * without this section.
 */
export const MineRegulariserSchema = z.strictObject({
  weight: between(0, 100).meta({ title: 'MINE weight β', description: 'How much the generator is rewarded for information between its code and its output.' }).default(1),
  codeSize: wholeBetween(2, 64).meta({ title: 'Code categories', description: 'The code c is one of this many categories (one-hot).' }).default(10),
  statisticsHidden: z
    .array(wholeBetween(1, 512).meta({ title: 'Width' }))
    .min(1, { error: 'needs at least 1 hidden layer' })
    .max(8, { error: 'allows at most 8 hidden layers' })
    .default([64, 64]),
  /** Adam (β₁ 0.9, β₂ 0.999) for the statistics network. */
  learningRate: between(1e-6, 1).meta({ title: 'Statistics network learning rate' }).default(1e-3),
  /** The rate of MINE's moving average of E[e^T] in the gradient's denominator (mine/bounds.ts); null = plain minibatch gradient. */
  movingAverage: between(1e-4, 1).nullable().default(0.01),
});

/**
 * Mode regularisation by reconstruction, after the geometric regulariser of Che et al. 2017
 * (arXiv:1612.02136): an encoder E (an MLP from data to noise) is trained with the generator, and
 * the generator's loss adds weight·E_P‖x − G(E(x))‖² + codeWeight·E_P‖E(x)‖² on a fresh real batch
 * per generator update. The first term makes every data point, however rare, the image of some
 * noise; the second, a multiple of −log N(E(x); 0, I) up to a constant, keeps those noise vectors
 * where the noise is likely, so the generator's ordinary samples land there too. The encoder is
 * updated with the generator's optimiser settings. Absent (or null) = off.
 */
export const ReconstructionSchema = z.strictObject({
  weight: between(0, 1000).meta({ title: 'Reconstruction weight', description: 'Weight of ‖x − G(E(x))‖² on real points.' }).default(30),
  codeWeight: between(0, 1000).meta({ title: 'Code weight', description: 'Weight of ‖E(x)‖², which keeps the codes where the noise is likely.' }).default(2),
  hidden: z
    .array(wholeBetween(1, 512).meta({ title: 'Width' }))
    .max(8, { error: 'allows at most 8 hidden layers' })
    .default([64, 64]),
});

export const GanExperimentSchema = z.strictObject({
  kind: z.literal('gan').default('gan'),
  data: DataSchema.prefault({ kind: 'ring' }),
  generator: GeneratorSchema.prefault({}),
  discriminator: DiscriminatorSchema.prefault({}),
  objective: ObjectiveSchema.prefault({}),
  optimizers: z
    .strictObject({
      discriminator: OptimizerSchema.prefault({}),
      generator: OptimizerSchema.prefault({}),
    })
    .prefault({}),
  training: TrainingSchema.prefault({}),
  /** MINE against mode collapse (see MineRegulariserSchema); absent or null = off. */
  mine: MineRegulariserSchema.nullable().optional(),
  /** An encoder and a reconstruction term against mode dropping (see ReconstructionSchema); absent or null = off. */
  reconstruction: ReconstructionSchema.nullable().optional(),
  seed: seedField(),
}).superRefine((experiment, context) => {
  // Rules that tie one section to another.
  const objective = experiment.objective.kind;
  if (!['minimax', 'non-saturating', 'least-squares'].includes(objective) && experiment.training.realLabel !== 1) {
    context.addIssue({
      code: 'custom',
      path: ['training', 'realLabel'],
      message: `must be 1 with the ${objective} objective (one-sided label smoothing belongs to the objectives with labels: minimax, non-saturating, least-squares)`,
    });
  }
  const autoencoder = experiment.discriminator.kind === 'autoencoder';
  if ((objective === 'energy') !== autoencoder) {
    context.addIssue({
      code: 'custom',
      path: autoencoder ? ['discriminator', 'kind'] : ['objective', 'kind'],
      message: autoencoder
        ? "must be 'mlp' unless the objective is 'energy' (an autoencoder's output is an energy, not a score)"
        : "needs discriminator.kind 'autoencoder' for 'energy' (EBGAN's discriminator is an autoencoder)",
    });
  }
  const packing = experiment.discriminator.packing ?? 1;
  if (packing > 1) {
    const penalty = experiment.objective.kind === 'wasserstein' && experiment.objective.constraint.kind === 'gradient-penalty';
    const reason = autoencoder
      ? "is only for the 'mlp' discriminator"
      : penalty || ('r1Weight' in experiment.objective && experiment.objective.r1Weight > 0)
        ? 'cannot be combined with a gradient penalty or R1 (they are defined per sample, and a packed discriminator scores packs)'
        : experiment.generator.kind === 'data-plus-noise'
          ? "needs a generator that trains (the 'data-plus-noise' one is fixed)"
          : null;
    if (reason) context.addIssue({ code: 'custom', path: ['discriminator', 'packing'], message: reason });
  }
  if (autoencoder && experiment.discriminator.spectralNorm) {
    context.addIssue({ code: 'custom', path: ['discriminator', 'spectralNorm'], message: "is only for the 'mlp' discriminator" });
  }
  if (experiment.generator.kind === 'data-plus-noise' && experiment.training.generatorSteps !== 0) {
    context.addIssue({
      code: 'custom',
      path: ['training', 'generatorSteps'],
      message: "must be 0 with the 'data-plus-noise' generator (it has no parameters to train)",
    });
  }
  if (experiment.mine) {
    if (experiment.generator.kind !== 'mlp') {
      context.addIssue({ code: 'custom', path: ['mine'], message: "needs the 'mlp' generator (the code c is concatenated to its noise)" });
    }
    if (experiment.data.kind === 'mixture-1d') {
      context.addIssue({ code: 'custom', path: ['mine'], message: 'is for two-dimensional data (the 1-D probes feed the generator noise without a code)' });
    }
  }
  if (experiment.reconstruction) {
    const reason =
      experiment.generator.kind !== 'mlp'
        ? "needs the 'mlp' generator (the encoder's code is its input)"
        : experiment.mine
          ? 'cannot be combined with the MINE section (the generator would need a code c for every real point)'
          : experiment.training.generatorSteps === 0
            ? 'needs a generator that trains (generatorSteps ≥ 1)'
            : null;
    if (reason) context.addIssue({ code: 'custom', path: ['reconstruction'], message: reason });
  }
  const { init, kind, noiseDim } = experiment.generator;
  if (init) {
    const dim = experiment.data.kind === 'mixture-1d' ? 1 : 2;
    if (kind !== 'affine') {
      context.addIssue({ code: 'custom', path: ['generator', 'init'], message: "is only for the 'affine' generator" });
    }
    for (const key of ['shift', 'scale'] as const) {
      if (init[key].length !== dim) {
        context.addIssue({
          code: 'custom',
          path: ['generator', 'init', key],
          message: `needs ${dim} ${dim === 1 ? 'entry' : 'entries'}, one per data dimension (got ${init[key].length})`,
        });
      }
    }
    if (noiseDim < dim) {
      context.addIssue({
        code: 'custom',
        path: ['generator', 'noiseDim'],
        message: `must be at least the data dimension (${dim}) when generator.init is given`,
      });
    }
  }
});

export type GanExperiment = z.output<typeof GanExperimentSchema>;
export type GanExperimentInput = z.input<typeof GanExperimentSchema>;
export type DataSpec = GanExperiment['data'];
export type OptimizerSpec = z.output<typeof OptimizerSchema>;
export type ObjectiveSpec = GanExperiment['objective'];
export type FGanObjectiveSpec = Extract<ObjectiveSpec, { kind: 'f-gan' }>;
export type ConstraintSpec = z.output<typeof ConstraintSchema>;
export type MineRegulariserSpec = z.output<typeof MineRegulariserSchema>;
export type ReconstructionSpec = z.output<typeof ReconstructionSchema>;
