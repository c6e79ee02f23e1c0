/**
 * The trainer: one GAN training loop for any objective (Goodfellow et al. 2014, Algorithm 1).
 *
 * One iteration = `discriminatorSteps` discriminator updates, each on a fresh real batch and a fresh
 * noise batch, then `generatorSteps` generator updates, each on a fresh noise batch. Every random
 * number comes from forks of the experiment's seed, so the same experiment on the same backend
 * gives the same losses. Snapshots (what figures draw) use their own stream, seeded by the step,
 * so taking one never changes the training numbers.
 */
import { createSampler, normalPdf, normalQuantile, type Sampler } from '../../data';
import { densityOf, divergenceDensity, type Density1D } from '../../divergences/evaluate';
import type { FDivergence } from '../../divergences/registry';
import { activationTensor, conjugateOfActivationTensor } from '../../divergences/tensor';
import type { Experiment, OptimizerSpec } from '../../experiments/schema';
import { globalNorm, histogramDensity, modeCoverage } from '../../metrics';
import { createDiscriminator, createGenerator, type Network } from '../../nets';
import { divergenceOfObjective, getObjective, pullAwayTerm, totalLoss, type Critic, type LossTerms, type Objective } from '../../objectives';
import { activationGradientNorms, gridPoints, inputGradientNormsOnGrid, layerSingularValues, weightGradientNorms } from '../../probes';
import { createRng, type Rng } from '../../rng';
import { gradientsRegistered, tf, type Scalar, type Tensor, type Tensor1D, type Tensor2D } from '../../tf';
import type { Snapshot, SnapshotRequest, StepMetrics } from '../../types';
import { metricWords, TrainingDivergedError, type Session } from '../session';

export { TrainingDivergedError } from '../session';

/** Metrics whose order is fixed first in every record; the objective's named terms follow. */
const CORE_METRICS = ['discriminatorLoss', 'generatorLoss', 'generatorGradNorm', 'discriminatorGradNorm'] as const;

/**
 * |value| above which a recorded loss counts as run away: no figure's loss comes near it, while an
 * optimiser at a learning rate of 10 reaches it within a few steps without ever making a NaN.
 */
const RUNAWAY_LOSS = 1e6;

/**
 * Runaway samples: the generator's samples count as run away when the median, over a fixed probe
 * batch, of a sample's largest |coordinate| exceeds RUNAWAY_EXTENT times the data's extent (the
 * largest |coordinate| among RUNAWAY_DATA_SAMPLES data samples, at least 1). No figure's generator
 * ever goes there (it starts near 0 and moves towards the data), while an optimiser at a learning
 * rate of 10 leaves it behind within a few steps, often with every loss finite (Adam on Figure 1.1
 * put the generator's mean at 208 against the data's 4). The median ignores the odd far sample of
 * a wide generator. Checked once per train() call: one forward pass of RUNAWAY_PROBES noise vectors.
 */
const RUNAWAY_EXTENT = 10;

/**
 * Runaway discriminator (minimax and non-saturating objectives, whose discriminator loss is a cross-
 * entropy): a loss above RUNAWAY_CROSS_ENTROPY means scores of that size on the wrong side, its
 * probabilities stuck at exactly 0 or 1. A discriminator that answers ½ everywhere scores 2 log 2
 * ≈ 1.39; seeded figures stay below 1.5, a learning rate of 1 peaks near 200, while Adam at 10
 * reaches 4e4–7e4 within a few steps on Figures 1.2 and 1.4, whose generators never move (so the
 * sample check cannot fire), and then trains nonsense with every number finite.
 */
const RUNAWAY_CROSS_ENTROPY = 1e3;
const RUNAWAY_DATA_SAMPLES = 512;
const RUNAWAY_PROBES = 64;

export function createOptimizer(spec: OptimizerSpec): tf.Optimizer {
  switch (spec.kind) {
    case 'sgd':
      return spec.momentum > 0 ? tf.train.momentum(spec.learningRate, spec.momentum) : tf.train.sgd(spec.learningRate);
    case 'adam':
      return tf.train.adam(spec.learningRate, spec.beta1, spec.beta2);
    case 'rmsprop':
      // decay 0.9 is the usual RMSProp default (and tf.js's).
      return tf.train.rmsprop(spec.learningRate, 0.9, spec.momentum);
  }
}

/**
 * Free an optimiser's tensors. tf.js 4.22's MomentumOptimizer.dispose() forgets the learning-rate
 * scalar that its parent SGDOptimizer keeps (field `c`), so free that one here.
 */
export function disposeOptimizer(optimizer: tf.Optimizer): void {
  optimizer.dispose();
  if (optimizer instanceof tf.MomentumOptimizer) (optimizer as unknown as { c?: tf.Tensor }).c?.dispose();
}

/** Evenly spaced values from min to max inclusive (a single value: min). */
/** A 32-bit seed for the snapshot stream at a given step (a murmur3-style integer mix). */
function mixSeed(seed: number, step: number): number {
  let h = (seed ^ Math.imul(step + 1, 0x9e3779b1)) >>> 0;
  h = Math.imul(h ^ (h >>> 16), 0x85ebca6b);
  h = Math.imul(h ^ (h >>> 13), 0xc2b2ae35);
  return (h ^ (h >>> 16)) >>> 0;
}

/** A copy that owns its buffer, so the worker can transfer it without detaching backend memory. */
function readFloats(tensor: Tensor): Float32Array {
  return new Float32Array(tensor.dataSync());
}

/** Samples for mode coverage in reports: VEEGAN's protocol (gan-math §8.3). */
const COVERAGE_SAMPLES = 2500;
/** Samples of P and of Q for Monte-Carlo reports (the bound, the W₁ estimate): a few tenths of a second. */
const BOUND_SAMPLES = 4000;

/** JSON has no infinity: ±∞ is written as a string. */
const jsonNumber = (value: number) => (Number.isFinite(value) ? value : String(value));

/** Losses are checked for running away; gradient norms and diagnostics only for being finite. */
const isLoss = (name: string) => name === 'discriminatorLoss' || name === 'generatorLoss';

/** Keep an objective's named terms (not the main one) and diagnostics past the enclosing tidy. */
function keepNamed(losses: LossTerms, into: Record<string, Scalar>): void {
  for (const [name, value] of Object.entries(losses.terms)) if (name !== 'adversarial') into[name] = tf.keep(value);
  for (const [name, value] of Object.entries(losses.diagnostics ?? {})) into[name] = tf.keep(value);
}

/** Simpson intervals for criticBoundQuadrature (even; about 0.02 std per interval for the figures' densities). */
const QUADRATURE_INTERVALS = 2048;

/** Mean and (population) variance in double precision. */
function meanAndVariance(values: Float32Array): { mean: number; variance: number } {
  let sum = 0;
  for (const value of values) sum += value;
  const mean = values.length ? sum / values.length : NaN;
  let squares = 0;
  for (const value of values) squares += (value - mean) ** 2;
  return { mean, variance: values.length ? squares / values.length : NaN };
}

export class Trainer implements Session {
  readonly experiment: Experiment;
  readonly sampler: Sampler;
  private readonly objective: Objective;
  private readonly generator: Network;
  private readonly discriminator: Network;
  private readonly generatorOptimizer: tf.Optimizer;
  private readonly discriminatorOptimizer: tf.Optimizer;
  private readonly dataRng: Rng;
  private readonly noiseRng: Rng;
  private readonly snapshotSeed: number;
  /** Interpolation weights for the gradient penalty. */
  private readonly penaltyRng: Rng;
  /** The recorded metric names, fixed by the first iteration (core metrics, then the objective's terms). */
  private metricNames: string[] | null = null;
  private readonly critic: Critic;
  /** The divergence whose bound the critic climbs (f-GAN's, or 'gan' for the GAN objectives). */
  private readonly boundDivergence: FDivergence;
  /** Seed of the fixed evaluation set for criticBound (independent of the step). */
  private readonly boundSeed: number;
  private boundSet: { samples: number; real: Tensor2D; noise: Tensor2D } | null = null;
  private trueDivergenceCache: { mean: number; std: number; value: number } | null = null;
  private iterations = 0;
  private divergence: TrainingDivergedError | null = null;
  /** The data's extent and the fixed noise of the runaway-samples check (see RUNAWAY_EXTENT). */
  private readonly runaway: { extent: number; noise: Float32Array };
  private disposed = false;

  /** Build networks, optimisers and random streams for an experiment. Call after initBackend(). */
  static create(experiment: Experiment): Trainer {
    if (!gradientsRegistered()) throw new Error('Call initBackend() before creating a Trainer: it sets up TensorFlow.js and its gradients.');
    return new Trainer(experiment);
  }

  private constructor(experiment: Experiment) {
    this.experiment = experiment;
    this.sampler = createSampler(experiment.data);
    this.objective = getObjective(experiment.objective);
    // The order of these forks is part of the reproducibility contract: do not reorder.
    const root = createRng(experiment.seed);
    const generatorInitRng = root.fork();
    const discriminatorInitRng = root.fork();
    this.dataRng = root.fork();
    this.noiseRng = root.fork();
    this.snapshotSeed = root.fork().int(4294967296);
    this.boundSeed = root.fork().int(4294967296); // added after the others: earlier streams are unchanged
    this.penaltyRng = root.fork(); // likewise
    this.boundDivergence = divergenceOfObjective(experiment.objective);
    // Its own stream, from a constant offset of the seed: the streams above are untouched.
    const runawayRng = createRng((experiment.seed ^ 0x5eed0f) >>> 0);
    const dataProbe = this.sampler.sample(runawayRng, RUNAWAY_DATA_SAMPLES);
    let extent = 1;
    for (const value of dataProbe) extent = Math.max(extent, Math.abs(value));
    const probeNoise = new Float32Array(RUNAWAY_PROBES * experiment.generator.noiseDim);
    if (experiment.generator.noise === 'normal') runawayRng.fillNormal(probeNoise);
    else runawayRng.fillUniform(probeNoise, -1, 1);
    this.runaway = { extent, noise: probeNoise };
    this.generator = createGenerator(generatorInitRng, experiment.generator, this.sampler.dim);
    this.discriminator = createDiscriminator(discriminatorInitRng, experiment.discriminator, this.sampler.dim);
    this.generatorOptimizer = createOptimizer(experiment.optimizers.generator);
    this.discriminatorOptimizer = createOptimizer(experiment.optimizers.discriminator);
    const discriminator = this.discriminator;
    this.critic = {
      score: (x) => discriminator.apply(x),
      ...(discriminator.embed ? { embed: (x: Tensor2D) => discriminator.embed!(x) } : {}),
    };
  }

  /** Iterations done so far. */
  get step(): number {
    return this.iterations;
  }

  // ── Training ──────────────────────────────────────────────────────────────────────────────────

  /**
   * Run `iterations` iterations and return one StepMetrics per iteration. The numbers of all
   * iterations are read back together at the end (one sync with the backend per call).
   * Throws TrainingDivergedError if any loss or gradient norm is not finite; the trainer then
   * refuses to train further but can still be disposed.
   */
  train(iterations: number): StepMetrics[] {
    this.assertUsable();
    if (this.divergence) throw this.divergence;
    const count = Math.max(0, Math.floor(iterations));
    if (count === 0) return [];
    const records: Tensor1D[] = [];
    let values: Float32Array;
    try {
      for (let i = 0; i < count; i++) records.push(this.iterate());
      values = tf.tidy(() => readFloats(tf.concat(records)));
    } finally {
      for (const record of records) record.dispose();
    }
    const firstStep = this.iterations + 1;
    this.iterations += records.length;

    const names = this.metricNames!;
    const metrics: StepMetrics[] = [];
    for (let i = 0; i < records.length; i++) {
      const row = values.subarray(names.length * i, names.length * (i + 1));
      const badIndex = row.findIndex((value, k) => !Number.isFinite(value) || (isLoss(names[k]) && Math.abs(value) > RUNAWAY_LOSS));
      const crossEntropy = ['minimax', 'non-saturating'].includes(this.experiment.objective.kind) ? row[names.indexOf('discriminatorLoss')] : 0;
      if (badIndex < 0 && crossEntropy > RUNAWAY_CROSS_ENTROPY) {
        const { discriminator, generator } = this.experiment.optimizers;
        this.divergence = new TrainingDivergedError(
          firstStep + i,
          `Training diverged at step ${firstStep + i}: the discriminator loss ran away to ${crossEntropy.toPrecision(3)} (one that always answers ½ scores 1.39): ` +
            `its scores are so large that its probabilities are stuck at 0 or 1, although no number became NaN. ` +
            `The updates were too large; try a lower learning rate ` +
            `(now ${discriminator.learningRate} for the discriminator and ${generator.learningRate} for the generator).`,
          metrics,
        );
        throw this.divergence;
      }
      if (badIndex >= 0) {
        this.divergence = this.divergedError(firstStep + i, names[badIndex], row[badIndex], metrics);
        throw this.divergence;
      }
      const record: StepMetrics = { step: firstStep + i };
      names.forEach((name, k) => (record[name] = row[k]));
      metrics.push(record);
    }
    // A generator that never trains (frozen, or the fixed data-plus-noise one) cannot run away.
    const generatorTrains = this.experiment.training.generatorSteps > 0 && this.experiment.generator.kind !== 'data-plus-noise';
    const reach = generatorTrains ? this.sampleReach() : 0;
    if (!(reach <= RUNAWAY_EXTENT * this.runaway.extent)) {
      const { discriminator, generator } = this.experiment.optimizers;
      const last = this.iterations;
      this.divergence = new TrainingDivergedError(
        last,
        `Training diverged at step ${last}: the generator's samples ran away to ${Number.isFinite(reach) ? `|x| ≈ ${reach.toPrecision(3)}` : `${reach}`}, ` +
          `more than ${RUNAWAY_EXTENT} times the data's extent (${this.runaway.extent.toPrecision(3)}), although no loss became NaN. ` +
          `The updates were too large; try a lower learning rate ` +
          `(now ${discriminator.learningRate} for the discriminator and ${generator.learningRate} for the generator).`,
        metrics.slice(0, -1),
      );
      throw this.divergence;
    }
    return metrics;
  }

  /** Median over the probe batch of each generated sample's largest |coordinate| (NaN if any is not finite). */
  private sampleReach(): number {
    const { noiseDim } = this.experiment.generator;
    const dim = this.sampler.dim;
    const values = tf.tidy(() => readFloats(this.generator.apply(tf.tensor2d(this.runaway.noise, [RUNAWAY_PROBES, noiseDim]))));
    const reach: number[] = [];
    for (let i = 0; i < RUNAWAY_PROBES; i++) {
      let largest = 0;
      for (let j = 0; j < dim; j++) {
        const value = values[i * dim + j];
        if (!Number.isFinite(value)) return Number.NaN;
        largest = Math.max(largest, Math.abs(value));
      }
      reach.push(largest);
    }
    reach.sort((a, b) => a - b);
    return reach[RUNAWAY_PROBES >> 1];
  }

  /** One iteration; returns the recorded numbers in `metricNames` order as a tensor (read back later). */
  private iterate(): Tensor1D {
    const { discriminatorSteps, generatorSteps } = this.experiment.training;
    let discriminatorRecord: Record<string, Scalar> | null = null;
    for (let k = 0; k < discriminatorSteps; k++) {
      if (discriminatorRecord) tf.dispose(Object.values(discriminatorRecord));
      discriminatorRecord = this.discriminatorStep(generatorSteps === 0);
    }
    let generatorRecord: Record<string, Scalar> | null = null;
    for (let k = 0; k < generatorSteps; k++) {
      if (generatorRecord) tf.dispose(Object.values(generatorRecord));
      generatorRecord = this.generatorStep();
    }
    const record = { ...discriminatorRecord!, ...(generatorRecord ?? {}) };
    if (!generatorRecord) record.generatorGradNorm = tf.zeros([]) as Scalar; // a frozen generator makes no update
    this.metricNames ??= [...CORE_METRICS, ...Object.keys(record).filter((name) => !(CORE_METRICS as readonly string[]).includes(name))];
    const row = tf.tidy(() => tf.stack(this.metricNames!.map((name) => record[name] ?? tf.scalar(NaN))) as Tensor1D);
    tf.dispose(Object.values(record));
    return row;
  }

  /**
   * One discriminator update on a fresh real batch and a fresh generated batch. Records the loss,
   * the gradient norm, the objective's named terms and, when the generator is frozen, the generator's
   * loss on the same fakes (so that it is still reported).
   */
  private discriminatorStep(withGeneratorLoss: boolean): Record<string, Scalar> {
    const { batchSize, realLabel } = this.experiment.training;
    this.discriminator.advancePowerIteration?.();
    const kept: Record<string, Scalar> = {};
    const value = tf.tidy(() => {
      const real = tf.tensor2d(this.sampler.sample(this.dataRng, batchSize), [batchSize, this.sampler.dim]);
      const fake = this.generator.apply(this.noise(this.noiseRng, batchSize));
      // variableGrads disposes everything its function creates except the loss, so the named terms
      // (and the generator's loss when G is frozen) are kept explicitly.
      const { value, grads } = tf.variableGrads(() => {
        const losses = this.objective.discriminatorLoss({ real, fake, critic: this.critic, realLabel, uniform: (n) => this.uniform(n) });
        keepNamed(losses, kept);
        if (withGeneratorLoss) kept.generatorLoss = tf.keep(totalLoss(this.objective.generatorLoss({ fake, critic: this.critic }).terms));
        return totalLoss(losses.terms);
      }, this.discriminator.variables);
      kept.discriminatorGradNorm = tf.keep(globalNorm(Object.values(grads)));
      this.discriminatorOptimizer.applyGradients(grads);
      return value;
    });
    this.objective.afterDiscriminatorUpdate?.(this.discriminator.variables);
    kept.discriminatorLoss = value;
    return kept;
  }

  /** One generator update on a fresh noise batch. Records L_G, ‖∇θ L_G‖ and the objective's named terms. */
  private generatorStep(): Record<string, Scalar> {
    const { batchSize } = this.experiment.training;
    const kept: Record<string, Scalar> = {};
    kept.generatorLoss = tf.tidy(() => {
      const noise = this.noise(this.noiseRng, batchSize);
      const { value, grads } = tf.variableGrads(() => {
        const losses = this.objective.generatorLoss({ fake: this.generator.apply(noise), critic: this.critic });
        keepNamed(losses, kept);
        return totalLoss(losses.terms);
      }, this.generator.variables);
      kept.generatorGradNorm = tf.keep(globalNorm(Object.values(grads)));
      this.generatorOptimizer.applyGradients(grads);
      return value;
    });
    return kept;
  }

  /** n × 1 numbers from U[0, 1), from the penalty's own stream. */
  private uniform(n: number): Tensor2D {
    return tf.tensor2d(this.penaltyRng.fillUniform(new Float32Array(n)), [n, 1]);
  }

  /**
   * A batch of noise: 'normal' = N(0, I), 'uniform' = U[−1, 1]^noiseDim. For the 'data-plus-noise'
   * generator each row is (a data point, a standard normal vector), both from `rng`.
   */
  private noise(rng: Rng, n: number): Tensor2D {
    if (this.experiment.generator.kind === 'data-plus-noise') {
      const dim = this.sampler.dim;
      const data = this.sampler.sample(rng, n);
      const values = new Float32Array(n * 2 * dim);
      const normals = rng.fillNormal(new Float32Array(n * dim));
      for (let i = 0; i < n; i++) {
        values.set(data.subarray(i * dim, (i + 1) * dim), i * 2 * dim);
        values.set(normals.subarray(i * dim, (i + 1) * dim), i * 2 * dim + dim);
      }
      return tf.tensor2d(values, [n, 2 * dim]);
    }
    const { noise, noiseDim } = this.experiment.generator;
    const values = new Float32Array(n * noiseDim);
    if (noise === 'normal') rng.fillNormal(values);
    else rng.fillUniform(values, -1, 1);
    return tf.tensor2d(values, [n, noiseDim]);
  }

  private divergedError(step: number, name: string, value: number, metrics: StepMetrics[]): TrainingDivergedError {
    const { discriminator, generator } = this.experiment.optimizers;
    const what = Number.isFinite(value) ? `ran away to ${value.toPrecision(3)}` : `became ${value}`;
    return new TrainingDivergedError(
      step,
      `Training diverged at step ${step}: the ${metricWords(name)} ${what}. ` +
        `The updates were too large to stay finite; try a lower learning rate ` +
        `(now ${discriminator.learningRate} for the discriminator and ${generator.learningRate} for the generator).`,
      metrics,
    );
  }

  // ── Snapshots ─────────────────────────────────────────────────────────────────────────────────

  /**
   * Compute what a figure asked for, and nothing else. Each part draws from its own stream, seeded
   * by (experiment seed, step): the same request at the same step gives the same snapshot, and
   * requesting one part never changes another.
   *
   * - samples: G(z) for fresh noise z. sampleGradients (with samples): ∂ℓ_G/∂x at each sample, where
   *   ℓ_G is the generator's per-sample loss; the generator moves its samples along −gradient.
   * - discriminatorGrid: the objective's discriminator output (D = σ(V) for GANs) on the grid;
   *   2-D points are row-major with y outer. With 1-D data, also the exact data density (mixtures).
   * - generatorMap (1-D data): z_i = F⁻¹((i + ½)/n), the noise quantiles at evenly spaced levels
   *   (F = Φ for normal noise, so z_i = Φ⁻¹((i + ½)/n); z_i = −1 + 2(i + ½)/n for uniform noise),
   *   and x_i = G(z_i). With noiseDim > 1 the other noise coordinates are 0; `z` holds the first.
   * - generatorDensity (1-D data, needs discriminatorGrid): histogram of n samples, bins centred on
   *   the grid's x (see metrics.histogramDensity).
   * - modeCoverage (mixtures): the VEEGAN rule on n fresh generator samples.
   * - critic (needs discriminatorGrid): T = g_f(V) on the grid, f the objective's divergence ('gan'
   *   for the GAN objectives, where T = log D).
   * - criticBound: F = E_P[T] − E_Q[f*(T)] on a fixed evaluation set (its own stream, independent of
   *   the step), with its Monte-Carlo standard error. criticBoundQuadrature: the same F by quadrature
   *   when both 1-D densities are known.
   * - trueDivergence, optimalCritic, generatorDensityExact (1-D): need P and Q known exactly, i.e.
   *   mixture-1d data and an affine generator of normal noise (Q = N(b, ‖a‖²)); otherwise omitted.
   */
  snapshot(request: SnapshotRequest): Snapshot {
    this.assertUsable();
    const dim = this.sampler.dim;
    const snapshot: Snapshot = { step: this.iterations, dim };
    const root = createRng(mixSeed(this.snapshotSeed, this.iterations));
    const samplesRng = root.fork();
    const realRng = root.fork();
    const densityRng = root.fork();
    const coverageRng = root.fork();
    const probeRng = root.fork();

    tf.tidy(() => {
      if (request.samples && request.samples > 0) {
        const x = this.generator.apply(this.noise(samplesRng, request.samples));
        snapshot.samples = readFloats(x);
        if (request.sampleGradients) snapshot.sampleGradients = readFloats(this.generatorLossGradient(x));
      }
      if (request.realSamples && request.realSamples > 0) {
        snapshot.realSamples = this.sampler.sample(realRng, request.realSamples);
      }
      const grid = request.discriminatorGrid;
      if (grid) {
        const { xs, ys, points } = gridPoints(grid, dim);
        const scores = this.discriminator.apply(tf.tensor2d(points, [points.length / dim, dim]));
        snapshot.discriminatorGrid = { x: xs, ...(ys ? { y: ys } : {}), values: readFloats(this.objective.discriminatorOutput(scores)) };
        if (request.gradientNormGrid) {
          snapshot.gradientNormGrid = { x: xs.slice(), ...(ys ? { y: ys.slice() } : {}), values: inputGradientNormsOnGrid(this.critic, points, dim) };
        }
        if (dim === 1 && this.sampler.density) {
          const density = this.sampler.density;
          snapshot.dataDensity = { x: xs.slice(), density: xs.map((value) => density(value)) };
        }
        if (dim === 1 && request.generatorDensity && request.generatorDensity > 0) {
          const values = readFloats(this.generator.apply(this.noise(densityRng, request.generatorDensity)));
          snapshot.generatorDensity = { x: xs.slice(), density: histogramDensity(values, xs) };
        }
        if (request.critic) {
          snapshot.divergence = this.boundDivergence.id;
          snapshot.critic = { x: xs.slice(), ...(ys ? { y: ys.slice() } : {}), values: readFloats(activationTensor(this.boundDivergence, scores)) };
        }
        if (dim === 1 && (request.optimalCritic || request.generatorDensityExact)) {
          const model = this.generatorGaussian();
          if (model) {
            snapshot.generatorGaussian = model;
            if (request.generatorDensityExact) {
              snapshot.generatorDensityExact = { x: xs.slice(), density: xs.map((value) => normalPdf(value, model.mean, model.std)) };
            }
            const data = this.dataDensity1d();
            if (request.optimalCritic && data) {
              snapshot.divergence = this.boundDivergence.id;
              snapshot.optimalCritic = { x: xs.slice(), values: this.optimalCritic(xs, data, densityOf({ kind: 'normal', ...model }, 'Q')) };
            }
          }
        }
      }
      if (request.criticBound && request.criticBound > 0) {
        snapshot.divergence = this.boundDivergence.id;
        snapshot.criticBound = this.criticBound(Math.floor(request.criticBound));
      }
      if (request.wassersteinEstimate && request.wassersteinEstimate > 0) {
        snapshot.wassersteinEstimate = this.wassersteinEstimate(Math.floor(request.wassersteinEstimate));
      }
      if (request.criticBoundQuadrature) {
        const value = this.criticBoundByQuadrature();
        if (value !== undefined) {
          snapshot.divergence = this.boundDivergence.id;
          snapshot.criticBoundQuadrature = value;
        }
      }
      if (request.trueDivergence) {
        const value = this.trueDivergence();
        if (value !== undefined) {
          snapshot.divergence = this.boundDivergence.id;
          snapshot.trueDivergence = value;
          if (dim === 1) snapshot.generatorGaussian = this.generatorGaussian();
        }
      }
      if (dim === 1 && request.generatorMap && request.generatorMap > 0) {
        snapshot.generatorMap = this.generatorMap(request.generatorMap);
      }
      if (request.layerSingularValues && this.discriminator.effectiveWeights) {
        snapshot.layerSingularValues = layerSingularValues(this.discriminator.effectiveWeights());
      }
      if (request.layerGradientNorms && request.layerGradientNorms > 0) {
        snapshot.layerGradientNorms = this.layerGradientNorms(probeRng, Math.floor(request.layerGradientNorms));
      }
      if (request.activationGradientNorms && request.activationGradientNorms > 0) {
        const n = Math.floor(request.activationGradientNorms);
        const real = tf.tensor2d(this.sampler.sample(probeRng, n), [n, this.sampler.dim]);
        const fake = this.generator.apply(this.noise(probeRng, n));
        const sign = tf.concat([tf.fill([n, 1], -1 / n), tf.fill([n, 1], 1 / n)]);
        const norms = activationGradientNorms(this.discriminator, tf.concat([real, fake]) as Tensor2D, (scores) => tf.sum(tf.mul(scores, sign)) as Scalar);
        if (norms.length) snapshot.activationGradientNorms = norms;
      }
      if (request.embeddings && request.embeddings > 0 && this.discriminator.embed) {
        const codes = this.discriminator.embed(this.generator.apply(this.noise(probeRng, Math.floor(request.embeddings))));
        snapshot.embeddings = { dim: codes.shape[1], codes: readFloats(codes), pullAway: pullAwayTerm(codes).dataSync()[0] };
      }
      if (this.sampler.modes && request.modeCoverage && request.modeCoverage > 0) {
        const values = readFloats(this.generator.apply(this.noise(coverageRng, request.modeCoverage)));
        snapshot.modeCoverage = modeCoverage(values, dim, this.sampler.modes);
      }
    });
    return snapshot;
  }

  // ── The variational bound ──────────────────────────────────────────────────────────────────────

  /**
   * F = E_P[T] − E_Q[f*(T)] on the fixed evaluation set (n real points and n noise vectors, drawn
   * once from the bound's own stream), with the Monte-Carlo standard error of the two independent
   * means. Sums in double precision.
   */
  private criticBound(samples: number): { value: number; standardError: number; samples: number } {
    const { real, noise } = this.evaluationSet(samples);
    const [scores, penalties] = tf.tidy(() => [
      readFloats(activationTensor(this.boundDivergence, this.discriminator.apply(real))),
      readFloats(conjugateOfActivationTensor(this.boundDivergence, this.discriminator.apply(this.generator.apply(noise)))),
    ]);
    const realTerm = meanAndVariance(scores);
    const fakeTerm = meanAndVariance(penalties);
    return {
      value: realTerm.mean - fakeTerm.mean,
      standardError: Math.sqrt(realTerm.variance / samples + fakeTerm.variance / samples),
      samples,
    };
  }

  /** n real points and n noise vectors drawn once from the bound's own stream (kept until n changes). */
  private evaluationSet(samples: number): { real: Tensor2D; noise: Tensor2D } {
    if (!this.boundSet || this.boundSet.samples !== samples) {
      this.boundSet?.real.dispose();
      this.boundSet?.noise.dispose();
      const rng = createRng(this.boundSeed);
      const realRng = rng.fork();
      const noiseRng = rng.fork();
      this.boundSet = {
        samples,
        real: tf.keep(tf.tensor2d(this.sampler.sample(realRng, samples), [samples, this.sampler.dim])),
        noise: tf.keep(this.noise(noiseRng, samples)),
      };
    }
    return this.boundSet;
  }

  /**
   * F = ∫ p·T − ∫ q·f*(T) for known 1-D densities, by composite Simpson on QUADRATURE_INTERVALS
   * intervals spanning every component's mean ± 10 std (P's and Q's). The critic is a smooth or
   * piecewise-linear function and the densities are Gaussian, so the rule's error is far below what
   * a figure shows; where q = 0 the penalty term is 0 whatever f*(T) is. −∞ if f*(T) overflows
   * where q > 0 (the critic's penalty is then genuinely enormous).
   */
  private criticBoundByQuadrature(): number | undefined {
    const data = this.experiment.data;
    const model = data.kind === 'mixture-1d' ? this.generatorGaussian() : undefined;
    if (data.kind !== 'mixture-1d' || !model) return undefined;
    const dataDensity = this.dataDensity1d()!;
    const modelDensity = densityOf({ kind: 'normal', ...model }, 'Q');
    const components = [...data.components, model];
    const left = Math.min(...components.map((c) => c.mean - 10 * c.std));
    const right = Math.max(...components.map((c) => c.mean + 10 * c.std));
    const n = QUADRATURE_INTERVALS;
    const h = (right - left) / n;
    const nodes = new Float32Array(n + 1);
    for (let i = 0; i <= n; i++) nodes[i] = left + i * h;
    const [scores, penalties] = tf.tidy(() => {
      const v = this.discriminator.apply(tf.tensor2d(nodes, [n + 1, 1]));
      return [readFloats(activationTensor(this.boundDivergence, v)), readFloats(conjugateOfActivationTensor(this.boundDivergence, v))];
    });
    let total = 0;
    for (let i = 0; i <= n; i++) {
      const x = left + i * h;
      const p = Math.exp(dataDensity.logDensity(x));
      const q = Math.exp(modelDensity.logDensity(x));
      const value = (p > 0 ? p * scores[i] : 0) - (q > 0 ? q * penalties[i] : 0);
      total += (i === 0 || i === n ? 1 : i % 2 === 1 ? 4 : 2) * value;
    }
    return Number.isNaN(total) ? -Infinity : (total * h) / 3;
  }

  /**
   * The generator's exact distribution N(mean, std²) when it is a 1-D affine map of normal noise,
   * x = Σ a_i z_i + b (std = ‖a‖), read off the map itself: G(0) = b and G(e_i) − b = a_i.
   * Undefined for other generators, or when the map has collapsed to a point.
   */
  private generatorGaussian(): { mean: number; std: number } | undefined {
    const { kind, noise, noiseDim } = this.experiment.generator;
    if (kind !== 'affine' || noise !== 'normal' || this.sampler.dim !== 1) return undefined;
    const inputs = new Float32Array((noiseDim + 1) * noiseDim);
    for (let i = 0; i < noiseDim; i++) inputs[(i + 1) * noiseDim + i] = 1;
    const outputs = tf.tidy(() => readFloats(this.generator.apply(tf.tensor2d(inputs, [noiseDim + 1, noiseDim]))));
    const mean = outputs[0];
    let variance = 0;
    for (let i = 1; i <= noiseDim; i++) variance += (outputs[i] - mean) ** 2;
    const std = Math.sqrt(variance);
    return std > 0 && Number.isFinite(std) && Number.isFinite(mean) ? { mean, std } : undefined;
  }

  /** The data's exact 1-D density (mixture-1d), in the evaluators' log-space form. */
  private dataDensity1d(): Density1D | undefined {
    const data = this.experiment.data;
    return data.kind === 'mixture-1d' ? densityOf({ kind: 'mixture', components: data.components }, 'P') : undefined;
  }

  /** T*(x) = f′(p(x)/q(x)), with the ratio taken from log densities (±Infinity where it over- or underflows). */
  private optimalCritic(xs: Float32Array, data: Density1D, model: Density1D): Float32Array {
    return xs.map((x) => this.boundDivergence.derivative(Math.exp(data.logDensity(x) - model.logDensity(x))));
  }

  /** D_f(P‖Q) when both densities are known; cached while the generator's Gaussian is unchanged. */
  private trueDivergence(): number | undefined {
    const data = this.dataDensity1d();
    const model = data && this.generatorGaussian();
    if (!data || !model) return undefined;
    const cached = this.trueDivergenceCache;
    if (cached && cached.mean === model.mean && cached.std === model.std) return cached.value;
    // 1e−8 relative is far below what a figure or a test can see, and several times faster than the default.
    const value = divergenceDensity(this.boundDivergence, data, densityOf({ kind: 'normal', ...model }, 'Q'), { tolerance: 1e-8 });
    this.trueDivergenceCache = { ...model, value };
    return value;
  }

  /** Per-sample ∂ℓ_G/∂x: the gradient of the batch-mean loss times the batch size. */
  private generatorLossGradient(x: Tensor2D): Tensor {
    const n = x.shape[0];
    return tf.grad((points: Tensor) => tf.mul(totalLoss(this.objective.generatorLoss({ fake: points as Tensor2D, critic: this.critic }).terms), n))(x);
  }

  private generatorMap(count: number): { z: Float32Array; x: Float32Array } {
    const { noise, noiseDim } = this.experiment.generator;
    const z = new Float32Array(count);
    for (let i = 0; i < count; i++) {
      const level = (i + 0.5) / count;
      z[i] = noise === 'normal' ? normalQuantile(level) : -1 + 2 * level;
    }
    const input = new Float32Array(count * noiseDim);
    for (let i = 0; i < count; i++) input[i * noiseDim] = z[i];
    return { z, x: readFloats(this.generator.apply(tf.tensor2d(input, [count, noiseDim]))) };
  }

  // ── Reports ───────────────────────────────────────────────────────────────────────────────────

  /**
   * The command line's extra numbers: mode coverage (mixtures), the f-GAN critic's bound and, where
   * known, the true divergence; for the Wasserstein objective the critic's estimate of W₁ on a
   * fresh evaluation batch.
   */
  report(): Record<string, unknown> {
    const request: SnapshotRequest = {};
    if (this.sampler.modes) request.modeCoverage = COVERAGE_SAMPLES;
    const { data, generator, objective } = this.experiment;
    if (objective.kind === 'f-gan') {
      const known = data.kind === 'mixture-1d' && generator.kind === 'affine' && generator.noise === 'normal';
      Object.assign(request, known ? { criticBoundQuadrature: true, trueDivergence: true } : { criticBound: BOUND_SAMPLES });
    }
    if (objective.kind === 'wasserstein') request.wassersteinEstimate = BOUND_SAMPLES;
    const snapshot = this.snapshot(request);
    const report: Record<string, unknown> = {};
    if (snapshot.modeCoverage) report.modeCoverage = snapshot.modeCoverage;
    if (snapshot.divergence) {
      report.divergence = snapshot.divergence;
      if (snapshot.criticBoundQuadrature !== undefined) report.criticBound = jsonNumber(snapshot.criticBoundQuadrature);
      if (snapshot.criticBound) {
        report.criticBound = jsonNumber(snapshot.criticBound.value);
        report.criticBoundStandardError = snapshot.criticBound.standardError;
      }
      if (snapshot.trueDivergence !== undefined) report.trueDivergence = jsonNumber(snapshot.trueDivergence);
      if (snapshot.generatorGaussian) report.generatorGaussian = snapshot.generatorGaussian;
    }
    if (snapshot.wassersteinEstimate !== undefined) report.wassersteinEstimate = snapshot.wassersteinEstimate;
    return report;
  }

  /** ‖∂L_D/∂W_l‖ per weight matrix (every other variable: weights, then biases) on fresh batches. */
  private layerGradientNorms(rng: Rng, n: number): number[] {
    const { realLabel } = this.experiment.training;
    const real = tf.tensor2d(this.sampler.sample(rng, n), [n, this.sampler.dim]);
    const fake = this.generator.apply(this.noise(rng, n));
    const weights = this.discriminator.variables.filter((variable) => variable.rank === 2);
    const loss = () => totalLoss(this.objective.discriminatorLoss({ real, fake, critic: this.critic, realLabel, uniform: (m) => tf.tensor2d(rng.fillUniform(new Float32Array(m)), [m, 1]) }).terms);
    return weightGradientNorms(loss, weights);
  }

  /** E_P[D] − E_Q[D] on the fixed evaluation set: the critic's estimate of W₁ (Wasserstein objective). */
  private wassersteinEstimate(samples: number): number {
    const { real, noise } = this.evaluationSet(samples);
    return tf.tidy(() => tf.sub(tf.mean(this.discriminator.apply(real)), tf.mean(this.discriminator.apply(this.generator.apply(noise)))).dataSync()[0]);
  }

  // ── Lifetime ──────────────────────────────────────────────────────────────────────────────────

  /** Free every variable and optimiser slot. The trainer cannot be used afterwards. */
  dispose(): void {
    if (this.disposed) return;
    this.disposed = true;
    this.generator.dispose();
    this.discriminator.dispose();
    disposeOptimizer(this.generatorOptimizer);
    disposeOptimizer(this.discriminatorOptimizer);
    this.boundSet?.real.dispose();
    this.boundSet?.noise.dispose();
    this.boundSet = null;
  }

  private assertUsable(): void {
    if (this.disposed) throw new Error('This trainer has been disposed; create a new one.');
  }
}
