/**
 * The experiment: one plain, JSON-serialisable object that names the data, the two networks, the
 * objective, the optimisers, the number of steps and the seed. Widgets edit it, share links carry
 * it, the command line runs it and tests assert on it. This file is its single definition.
 */
import { z } from 'zod';

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

export const GeneratorSchema = z.strictObject({
  /** 'mlp': a multilayer perceptron. 'affine': x = A z + b (for 1-D noise, a Gaussian with learned mean and scale). */
  kind: oneOf(['mlp', 'affine'] as const).default('mlp'),
  noiseDim: wholeBetween(1, 64).default(2),
  noise: oneOf(['normal', 'uniform'] as const).default('normal'),
  hidden,
  activation: Activation.default('relu'),
  output: oneOf(['linear', 'tanh'] as const).default('linear'),
});

export const DiscriminatorSchema = z.strictObject({
  hidden,
  activation: Activation.default('relu'),
});

// ── Objective ───────────────────────────────────────────────────────────────────────────────────

export const ObjectiveSchema = z.strictObject({
  /**
   * 'minimax': Goodfellow et al.'s value function; G minimises E log(1 − D(G(z))) (saturating).
   * 'non-saturating': same D loss; G minimises −E log D(G(z)).
   */
  kind: oneOf(['minimax', 'non-saturating'] as const).default('non-saturating'),
});

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
});

/** A complete, validated experiment (every default filled in). */
export type Experiment = z.output<typeof ExperimentSchema>;
/** What a user may write: any field may be left out and takes its default. */
export type ExperimentInput = z.input<typeof ExperimentSchema>;
export type DataSpec = Experiment['data'];
export type OptimizerSpec = z.output<typeof OptimizerSchema>;

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
