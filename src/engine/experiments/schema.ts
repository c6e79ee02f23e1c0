/**
 * The experiment: one plain, JSON-serialisable object that names the data, the two networks, the
 * objective, the optimisers, the number of steps and the seed. Widgets edit it, share links carry
 * it, the command line runs it and tests assert on it. This file is its single definition.
 */
import { z } from 'zod';
import { divergenceIds, getDivergence, isDivergenceId } from '../divergences/registry';

/** A finite number in [min, max], with an error message that names the allowed range. */
const between = (min: number, max: number) =>
  z
    .number({ error: `must be a number between ${min} and ${max}` })
    .min(min, { error: `must be between ${min} and ${max}` })
    .max(max, { error: `must be between ${min} and ${max}` });

/** A whole number in [min, max]. */
const wholeBetween = (min: number, max: number) =>
  z
    .int({ error: `must be a whole number between ${min} and ${max}` })
    .min(min, { error: `must be a whole number between ${min} and ${max}` })
    .max(max, { error: `must be a whole number between ${min} and ${max}` });

const oneOf = <const T extends readonly [string, ...string[]]>(values: T) =>
  z.enum(values, { error: `must be one of: ${values.join(', ')}` });

// ── Data ────────────────────────────────────────────────────────────────────────────────────────

export const GaussianComponentSchema = z.strictObject({
  mean: between(-20, 20),
  std: between(0.001, 10),
  weight: between(0.0001, 1000).default(1),
});

export const DataSchema = z.discriminatedUnion(
  'kind',
  [
    /** A 1-D mixture of Gaussians; weights are normalised to sum to 1. */
    z.strictObject({
      kind: z.literal('mixture-1d'),
      components: z
        .array(GaussianComponentSchema)
        .min(1, { error: 'needs at least 1 component' })
        .max(8, { error: 'allows at most 8 components' })
        .default([{ mean: 4, std: 0.5, weight: 1 }]),
    }),
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
  ],
  { error: 'must be one of: mixture-1d, ring, grid, swiss-roll, two-moons' },
);

// ── Networks ────────────────────────────────────────────────────────────────────────────────────

const Activation = oneOf(['relu', 'leaky-relu', 'tanh', 'elu', 'sigmoid'] as const);

const hidden = z
  .array(wholeBetween(1, 512))
  .max(8, { error: 'allows at most 8 hidden layers' })
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
  scale: z.array(between(0.001, 10)).min(1, { error: 'needs one entry per data dimension' }).max(2, { error: 'needs one entry per data dimension' }),
});

export const GeneratorSchema = z.strictObject({
  /** 'mlp': a multilayer perceptron. 'affine': x = A z + b (for 1-D noise, a Gaussian with learned mean and scale). */
  kind: oneOf(['mlp', 'affine'] as const).default('mlp'),
  noiseDim: wholeBetween(1, 64).default(2),
  noise: oneOf(['normal', 'uniform'] as const).default('normal'),
  hidden,
  activation: Activation.default('relu'),
  output: oneOf(['linear', 'tanh'] as const).default('linear'),
  /** 'affine' only: start from x = diag(scale)·z + shift instead of random weights (see AffineInitSchema). */
  init: AffineInitSchema.optional(),
});

export const DiscriminatorSchema = z.strictObject({
  hidden,
  activation: Activation.default('relu'),
});

// ── Objective ───────────────────────────────────────────────────────────────────────────────────

const divergenceMessage = `must be an f-divergence id: ${divergenceIds.join(', ')} with <a> any number other than 0 and 1`;

/** A registry id (validated with the registry itself), normalised to the record's own spelling ('alpha:0.50' → 'alpha:0.5'). */
const DivergenceId = z
  .string({ error: divergenceMessage })
  .refine(isDivergenceId, { error: (issue) => `${divergenceMessage}; got ${JSON.stringify(issue.input)}` })
  .transform((id) => getDivergence(id).id);

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
  ],
  { error: 'must be one of: minimax, non-saturating, f-gan' },
);

// ── Optimisation ────────────────────────────────────────────────────────────────────────────────

export const OptimizerSchema = z.strictObject({
  kind: oneOf(['sgd', 'adam', 'rmsprop'] as const).default('adam'),
  learningRate: between(1e-6, 10).default(1e-3),
  /** Adam's β₁. */
  beta1: between(0, 0.9999).default(0.5),
  /** Adam's β₂. */
  beta2: between(0, 0.99999).default(0.999),
  /** Momentum for SGD and RMSProp (0 = none). */
  momentum: between(0, 0.999).default(0),
});

export const TrainingSchema = z.strictObject({
  /** Training iterations; one iteration = discriminatorSteps D updates, then generatorSteps G updates. */
  steps: wholeBetween(1, 1_000_000).default(2000),
  batchSize: wholeBetween(1, 4096).default(256),
  /** k in Goodfellow et al.'s Algorithm 1. */
  discriminatorSteps: wholeBetween(1, 100).default(1),
  /** 0 freezes the generator (used to show D converging to D*). */
  generatorSteps: wholeBetween(0, 100).default(1),
  /** One-sided label smoothing: the target for real samples (1 = no smoothing; Salimans et al. use 0.9). */
  realLabel: between(0.5, 1).default(1),
  /** Report metrics every this many iterations (command line and tests). */
  reportEvery: wholeBetween(1, 100_000).default(100),
});

export const ExperimentSchema = z.strictObject({
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
  seed: wholeBetween(0, 4294967295).default(1),
}).superRefine((experiment, context) => {
  // Rules that tie one section to another.
  if (experiment.objective.kind === 'f-gan' && experiment.training.realLabel !== 1) {
    context.addIssue({
      code: 'custom',
      path: ['training', 'realLabel'],
      message: 'must be 1 with the f-gan objective (one-sided label smoothing belongs to the GAN objectives; the f-GAN bound has no labels)',
    });
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

/** A complete, validated experiment (every default filled in). */
export type Experiment = z.output<typeof ExperimentSchema>;
/** What a user may write: any field may be left out and takes its default. */
export type ExperimentInput = z.input<typeof ExperimentSchema>;
export type DataSpec = Experiment['data'];
export type OptimizerSpec = z.output<typeof OptimizerSchema>;
export type ObjectiveSpec = Experiment['objective'];
export type FGanObjectiveSpec = Extract<ObjectiveSpec, { kind: 'f-gan' }>;

export type ParseResult =
  | { ok: true; experiment: Experiment }
  | { ok: false; errors: string[] };

/** Validate a user's experiment; every error names the field and the allowed values or range. */
export function parseExperiment(input: unknown): ParseResult {
  const result = ExperimentSchema.safeParse(input);
  if (result.success) return { ok: true, experiment: result.data };
  return { ok: false, errors: result.error.issues.map(describeIssue) };
}

/** Like parseExperiment, but throws an Error whose message lists every problem. */
export function experimentOrThrow(input: unknown): Experiment {
  const result = parseExperiment(input);
  if (!result.ok) throw new Error(`Invalid experiment: ${result.errors.join('; ')}`);
  return result.experiment;
}

function describeIssue(issue: z.core.$ZodIssue): string {
  const field = issue.path.length ? issue.path.join('.') : 'experiment';
  if (issue.code === 'unrecognized_keys') {
    return `${field}: unknown field${issue.keys.length > 1 ? 's' : ''} ${issue.keys.map((k) => `"${k}"`).join(', ')}`;
  }
  if (issue.code === 'invalid_type' && issue.expected === 'object') return `${field} must be an object`;
  return `${field} ${issue.message}`;
}
