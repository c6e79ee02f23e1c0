/**
 * The trainer: one GAN training loop for any objective (Goodfellow et al. 2014, Algorithm 1).
 *
 * One iteration = `discriminatorSteps` discriminator updates, each on a fresh real batch and a fresh
 * noise batch, then `generatorSteps` generator updates, each on a fresh noise batch. Every random
 * number comes from forks of the experiment's seed, so the same experiment on the same backend
 * gives the same losses. Snapshots (what figures draw) are the probes of probes.ts, run on their
 * own streams seeded by the step, so taking one never changes the training numbers.
 */
import { createSampler, type Sampler } from '../../data';
import { FastGan } from '../../fast/driver';
import { FusedAdam } from '../../fused-adam';
import type { FDivergence } from '../../divergences/registry';
import type { Experiment, OptimizerSpec } from '../../experiments/schema';
import { globalNorm } from '../../metrics';
import { createDiscriminator, createGenerator, createMlp, type Network } from '../../nets';
import { divergenceOfObjective, getObjective, totalLoss, type Critic, type LossTerms, type Objective } from '../../objectives';
import { runProbes } from '../../probes/table';
import { createRng, type Rng } from '../../rng';
import { gradientsRegistered, tf, type Scalar, type Tensor, type Tensor1D, type Tensor2D, type Variable } from '../../tf';
import type { Snapshot, SnapshotRequest, StepMetrics } from '../../types';
import { correctedDonskerVaradhan, donskerVaradhanBound, movingAverageSurrogate } from '../mine/bounds';
import { metricWords, runSteps, runStepsAsync, TrainingDivergedError, type Session } from '../session';
import { noiseValues } from '../../data/noise';
import { ganProbeContext, ganProbes, readFloats, readFloatsAsync, snapshotStreams, type GanState } from './probes';
import type { MineRegulariserSpec, ReconstructionSpec } from './schema';

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

/** What updates one network's weights from its gradients: a TensorFlow.js optimiser or FusedAdam. */
export type Updater = Pick<tf.Optimizer, 'applyGradients' | 'dispose'>;

/**
 * Adam as one update over all of a network's weights (FusedAdam: the same numbers, bit for bit,
 * with far fewer kernels); off, each weight tensor is updated by TensorFlow.js's AdamOptimizer.
 * Exported for the test that compares the two.
 */
export const optimizerOptions = { fusedAdam: true };

/** The updater for one network's variables. */
function createUpdater(spec: OptimizerSpec, variables: tf.Variable[]): Updater {
  if (spec.kind === 'adam' && optimizerOptions.fusedAdam) return new FusedAdam(variables, spec.learningRate, spec.beta1, spec.beta2);
  return createOptimizer(spec);
}

/**
 * Free an optimiser's tensors. tf.js 4.22's MomentumOptimizer.dispose() forgets the learning-rate
 * scalar that its parent SGDOptimizer keeps (field `c`), so free that one here.
 */
export function disposeOptimizer(optimizer: Updater): void {
  optimizer.dispose();
  if (optimizer instanceof tf.MomentumOptimizer) (optimizer as unknown as { c?: tf.Tensor }).c?.dispose();
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

export class Trainer implements Session {
  readonly experiment: Experiment;
  readonly sampler: Sampler;
  private readonly objective: Objective;
  private readonly generator: Network;
  private readonly discriminator: Network;
  /** PacGAN's m (experiment.discriminator.packing): the discriminator scores packs of m samples. */
  private readonly packing: number;
  private readonly generatorOptimizer: Updater;
  private readonly discriminatorOptimizer: Updater;
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
  /** What the probes read; built on the first snapshot. */
  private probeStateCache: GanState | null = null;
  private iterations = 0;
  private divergence: TrainingDivergedError | null = null;
  /**
   * MINE against mode collapse (experiment.mine): the statistics network T(x, c), its optimiser, its
   * stream (its batches and the generator term's independent codes) and log m, the moving average of
   * E[e^T] on the marginal batch (null without the correction). Null when the section is off.
   */
  private readonly mine: {
    spec: MineRegulariserSpec;
    statistics: Network;
    optimizer: tf.Optimizer;
    rng: Rng;
    logAverage: Variable | null;
    started: boolean;
  } | null = null;
  /**
   * Reconstruction against mode dropping (experiment.reconstruction): the encoder E from data to
   * noise, its updater, and the stream of the real batches it encodes. Null when the section is off.
   */
  private readonly reconstruction: { spec: ReconstructionSpec; encoder: Network; optimizer: Updater; rng: Rng } | null = null;
  /** The data's extent and the fixed noise of the runaway-samples check (see RUNAWAY_EXTENT). */
  private readonly runaway: { extent: number; noise: Float32Array };
  /**
   * The fast path ('wasm-fused', src/engine/fast), when the trainer was made by createFused: it
   * trains, and the TensorFlow.js networks receive its weights before anything reads them (probes,
   * the runaway check, reports). `stale` says they have not received the latest ones yet.
   */
  private fused: { fast: FastGan; stale: boolean } | null = null;
  private disposed = false;

  /** Build networks, optimisers and random streams for an experiment. Call after initBackend(). */
  static create(experiment: Experiment): Trainer {
    if (!gradientsRegistered()) throw new Error('Call initBackend() before creating a Trainer: it sets up TensorFlow.js and its gradients.');
    return new Trainer(experiment);
  }

  /**
   * A trainer whose iterations run on the fast path (the 'wasm-fused' backend): the same networks,
   * streams, metrics, checks and probes, with training done by FastGan from the same initial
   * weights. Rejects when the experiment is not one fastPathAccepts, or the WebAssembly module cannot
   * compile (no SIMD).
   */
  static async createFused(experiment: Experiment): Promise<Trainer> {
    const trainer = Trainer.create(experiment);
    try {
      trainer.fused = { fast: await FastGan.create(experiment, { generator: trainer.generator, discriminator: trainer.discriminator }), stale: false };
    } catch (error) {
      trainer.dispose();
      throw error;
    }
    return trainer;
  }

  /** Give the TensorFlow.js networks the fast path's latest weights (no-op without it, or when current). */
  private syncFused(): void {
    if (!this.fused?.stale) return;
    this.fused.fast.writeInto({ generator: this.generator, discriminator: this.discriminator });
    this.fused.stale = false;
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
    const mine = experiment.mine ?? null;
    const statisticsInitRng = mine ? root.fork() : null; // likewise, and only with the MINE section
    const statisticsRng = mine ? root.fork() : null;
    const reconstruction = experiment.reconstruction ?? null;
    const encoderInitRng = reconstruction ? root.fork() : null; // likewise, only with the section
    const encoderRng = reconstruction ? root.fork() : null;
    this.boundDivergence = divergenceOfObjective(experiment.objective);
    // Its own stream, from a constant offset of the seed: the streams above are untouched.
    const runawayRng = createRng((experiment.seed ^ 0x5eed0f) >>> 0);
    const dataProbe = this.sampler.sample(runawayRng, RUNAWAY_DATA_SAMPLES);
    let extent = 1;
    for (const value of dataProbe) extent = Math.max(extent, Math.abs(value));
    this.runaway = { extent, noise: this.generatorInput(runawayRng, RUNAWAY_PROBES) };
    // With MINE the generator's input is [z, one-hot c]: codeSize more inputs.
    const generatorSpec = mine ? { ...experiment.generator, noiseDim: experiment.generator.noiseDim + mine.codeSize } : experiment.generator;
    this.generator = createGenerator(generatorInitRng, generatorSpec, this.sampler.dim);
    this.discriminator = createDiscriminator(discriminatorInitRng, experiment.discriminator, this.sampler.dim);
    this.generatorOptimizer = createUpdater(experiment.optimizers.generator, this.generator.variables);
    this.discriminatorOptimizer = createUpdater(experiment.optimizers.discriminator, this.discriminator.variables);
    if (reconstruction) {
      const encoder = createMlp(encoderInitRng!, {
        inputDim: this.sampler.dim,
        hidden: reconstruction.hidden,
        outputDim: experiment.generator.noiseDim,
        activation: 'relu',
        output: 'linear',
      });
      this.reconstruction = { spec: reconstruction, encoder, optimizer: createUpdater(experiment.optimizers.generator, encoder.variables), rng: encoderRng! };
    }
    if (mine) {
      this.mine = {
        spec: mine,
        statistics: createMlp(statisticsInitRng!, { inputDim: this.sampler.dim + mine.codeSize, hidden: mine.statisticsHidden, outputDim: 1, activation: 'relu', output: 'linear' }),
        optimizer: createOptimizer({ kind: 'adam', learningRate: mine.learningRate, beta1: 0.9, beta2: 0.999, momentum: 0 }),
        rng: statisticsRng!,
        logAverage: mine.movingAverage === null ? null : tf.tidy(() => tf.variable(tf.scalar(0), false)),
        started: false,
      };
    }
    const discriminator = this.discriminator;
    const packing = (this.packing = experiment.discriminator.packing ?? 1);
    const packWidth = packing * this.sampler.dim;
    this.critic = {
      // m consecutive samples (rows) form one pack: N samples give N/m scores.
      score: (x) => discriminator.apply(packing === 1 ? x : (tf.reshape(x, [-1, packWidth]) as Tensor2D)),
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
    const count = this.iterationsToRun(iterations);
    if (count === 0) return [];
    const values = this.fused ? this.iterateFused(count) : runSteps(count, () => this.iterate());
    return this.checkedMetrics(count, values, this.generatorTrains() ? this.sampleReach() : 0);
  }

  /**
   * As `train`, with the numbers read back asynchronously, as TensorFlow.js advises on WebGPU: where
   * no synchronous GPU readback exists (WebGPU in Node, through Dawn's bindings: the bench on a GPU
   * machine) this is the only way to train there.
   */
  async trainAsync(iterations: number): Promise<StepMetrics[]> {
    const count = this.iterationsToRun(iterations);
    if (count === 0) return [];
    if (this.fused) return this.train(count);
    const values = await runStepsAsync(count, () => this.iterate());
    const reach = this.generatorTrains() ? medianReach(await readFloatsAsync(this.probeSamples()), this.sampler.dim) : 0;
    return this.checkedMetrics(count, values, reach);
  }

  /** Whole iterations asked for; throws if the trainer is disposed or has diverged. */
  private iterationsToRun(iterations: number): number {
    this.assertUsable();
    if (this.divergence) throw this.divergence;
    return Math.max(0, Math.floor(iterations));
  }

  /** A generator that never trains (frozen, or the fixed data-plus-noise one) cannot run away. */
  private generatorTrains(): boolean {
    return this.experiment.training.generatorSteps > 0 && this.experiment.generator.kind !== 'data-plus-noise';
  }

  /**
   * The step records of `count` iterations just run (`values` as runSteps reads them), after the
   * checks for divergence: a number not finite, a runaway loss, or samples (`reach`) far outside the data.
   */
  private checkedMetrics(count: number, values: Float32Array, reach: number): StepMetrics[] {
    const firstStep = this.iterations + 1;
    this.iterations += count;

    const names = this.metricNames!;
    const metrics: StepMetrics[] = [];
    for (let i = 0; i < count; i++) {
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

  /** The generator's samples of the fixed probe noise, read back: see `medianReach`. */
  private sampleReach(): number {
    return medianReach(tf.tidy(() => readFloats(this.probeSamples())), this.sampler.dim);
  }

  /** The generator applied to the fixed probe noise (a tensor the caller disposes). */
  private probeSamples(): Tensor {
    this.syncFused();
    return tf.tidy(() => this.generator.apply(tf.tensor2d(this.runaway.noise, [RUNAWAY_PROBES, this.generator.inputDim])));
  }

  /**
   * `count` iterations on the fast path; their recorded numbers, row after row in `metricNames`
   * order (as runSteps returns them for TensorFlow.js): the core metrics, then the objective's named
   * numbers in the order the TensorFlow.js path records them (the fast path lists them).
   */
  private iterateFused(count: number): Float32Array {
    const fused = this.fused!;
    const names = (this.metricNames ??= [...CORE_METRICS, ...fused.fast.extraMetrics]);
    const rows = fused.fast.train(count);
    fused.stale = true;
    const values = new Float32Array(count * names.length);
    rows.forEach((row, i) => names.forEach((name, k) => (values[i * names.length + k] = row[name])));
    return values;
  }

  /** One iteration; returns the recorded numbers in `metricNames` order as a tensor (read back later). */
  private iterate(): Tensor1D {
    const { discriminatorSteps, generatorSteps } = this.experiment.training;
    let discriminatorRecord: Record<string, Scalar> | null = null;
    for (let k = 0; k < discriminatorSteps; k++) {
      if (discriminatorRecord) tf.dispose(Object.values(discriminatorRecord));
      discriminatorRecord = this.discriminatorStep(generatorSteps === 0);
    }
    const statisticsRecord = this.mine ? this.statisticsStep() : null;
    let generatorRecord: Record<string, Scalar> | null = null;
    for (let k = 0; k < generatorSteps; k++) {
      if (generatorRecord) tf.dispose(Object.values(generatorRecord));
      generatorRecord = this.generatorStep();
    }
    const record = { ...discriminatorRecord!, ...(statisticsRecord ?? {}), ...(generatorRecord ?? {}) };
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
    const { realLabel } = this.experiment.training;
    const batchSize = this.experiment.training.batchSize * this.packing;
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
    const batchSize = this.experiment.training.batchSize * this.packing;
    const kept: Record<string, Scalar> = {};
    kept.generatorLoss = tf.tidy(() => {
      const noise = this.noise(this.noiseRng, batchSize);
      const mine = this.mine;
      const otherCodes = mine ? this.oneHotCodes(mine.rng, batchSize) : null;
      const reconstruction = this.reconstruction;
      const encoded = reconstruction ? tf.tensor2d(this.sampler.sample(reconstruction.rng, batchSize), [batchSize, this.sampler.dim]) : null;
      const trained = reconstruction ? [...this.generator.variables, ...reconstruction.encoder.variables] : this.generator.variables;
      const { value, grads } = tf.variableGrads(() => {
        const fake = this.generator.apply(noise);
        const losses = this.objective.generatorLoss({ fake, critic: this.critic });
        keepNamed(losses, kept);
        const loss = totalLoss(losses.terms);
        if (reconstruction) {
          const { weight, codeWeight } = reconstruction.spec;
          const code = reconstruction.encoder.apply(encoded!);
          const error = tf.mean(tf.sum(tf.square(tf.sub(this.generator.apply(code), encoded!)), 1)) as Scalar;
          kept.reconstructionError = tf.keep(error);
          return tf.addN([loss, tf.mul(weight, error), tf.mul(codeWeight, tf.mean(tf.sum(tf.square(code), 1)))]) as Scalar;
        }
        if (!mine) return loss;
        // −β·Î(G(z, c); c): the DV bound of the current T (its moving-average surrogate when the
        // correction is on, so that the generator's gradient has the same denominator m as T's).
        const codes = this.codesOf(noise);
        const joint = tf.reshape(mine.statistics.apply(tf.concat([fake, codes], 1) as Tensor2D), [-1]);
        const marginal = tf.reshape(mine.statistics.apply(tf.concat([fake, otherCodes!], 1) as Tensor2D), [-1]);
        const information = mine.logAverage && mine.started ? movingAverageSurrogate(joint, marginal, mine.logAverage) : donskerVaradhanBound(joint, marginal);
        return tf.sub(loss, tf.mul(information, mine.spec.weight)) as Scalar;
      }, trained);
      const generatorGrads = Object.fromEntries(this.generator.variables.map((variable) => [variable.name, grads[variable.name]]));
      kept.generatorGradNorm = tf.keep(globalNorm(Object.values(generatorGrads)));
      this.generatorOptimizer.applyGradients(generatorGrads);
      if (reconstruction) reconstruction.optimizer.applyGradients(Object.fromEntries(reconstruction.encoder.variables.map((variable) => [variable.name, grads[variable.name]])));
      return value;
    });
    return kept;
  }

  /**
   * One update of MINE's statistics network T(x, c) (experiment.mine): a fresh batch [z, c] from its
   * own stream, x = G(z, c) (a constant here: only T's weights move), joint pairs (x, c) against
   * (x, c′) with fresh independent codes c′, one ascent step on the DV bound (with the moving-average
   * correction unless it is off). Records `codeInformation`, the batch's DV estimate of I(G(z, c); c).
   */
  private statisticsStep(): Record<string, Scalar> {
    const mine = this.mine!;
    const { batchSize } = this.experiment.training;
    const first = !mine.started;
    mine.started = true;
    const kept: { bound?: Scalar; logAverage?: Scalar } = {};
    tf.tidy(() => {
      const input = this.noise(mine.rng, batchSize);
      const x = this.generator.apply(input);
      const joint = tf.concat([x, this.codesOf(input)], 1) as Tensor2D;
      const product = tf.concat([x, this.oneHotCodes(mine.rng, batchSize)], 1) as Tensor2D;
      const { grads } = tf.variableGrads(() => {
        const tJoint = tf.reshape(mine.statistics.apply(joint), [-1]);
        const tMarginal = tf.reshape(mine.statistics.apply(product), [-1]);
        if (!mine.logAverage) {
          kept.bound = tf.keep(donskerVaradhanBound(tJoint, tMarginal)) as Scalar;
          return tf.neg(kept.bound) as Scalar;
        }
        const corrected = correctedDonskerVaradhan(tJoint, tMarginal, first ? null : mine.logAverage, mine.spec.movingAverage!);
        kept.bound = tf.keep(corrected.bound) as Scalar;
        kept.logAverage = tf.keep(corrected.logAverage) as Scalar;
        return tf.neg(corrected.objective) as Scalar;
      }, mine.statistics.variables);
      mine.optimizer.applyGradients(grads);
    });
    if (kept.logAverage) {
      mine.logAverage!.assign(kept.logAverage);
      kept.logAverage.dispose();
    }
    return { codeInformation: kept.bound! };
  }

  /** The one-hot code columns of a generator input [z, one-hot c] (MINE only). */
  private codesOf(input: Tensor2D): Tensor2D {
    const { noiseDim } = this.experiment.generator;
    return tf.slice(input, [0, noiseDim], [input.shape[0], this.mine!.spec.codeSize]);
  }

  /** n codes uniform on {0, …, codeSize − 1}, one-hot (MINE only). */
  private oneHotCodes(rng: Rng, n: number): Tensor2D {
    return tf.tensor2d(this.codeValues(rng, n), [n, this.experiment.mine!.codeSize]);
  }

  private codeValues(rng: Rng, n: number): Float32Array {
    const size = this.experiment.mine!.codeSize;
    const values = new Float32Array(n * size);
    for (let i = 0; i < n; i++) values[i * size + rng.int(size)] = 1;
    return values;
  }

  /**
   * n generator inputs, row-major: the noise z ('normal' = N(0, I), 'uniform' = U[−1, 1]^noiseDim),
   * then, with MINE, a one-hot code drawn from the same stream after all of the noise.
   */
  private generatorInput(rng: Rng, n: number): Float32Array {
    const { noise, noiseDim } = this.experiment.generator;
    const values = noiseValues(rng, n, noise, noiseDim);
    if (!this.experiment.mine) return values;
    const size = this.experiment.mine.codeSize;
    const codes = this.codeValues(rng, n);
    const input = new Float32Array(n * (noiseDim + size));
    for (let i = 0; i < n; i++) {
      input.set(values.subarray(i * noiseDim, (i + 1) * noiseDim), i * (noiseDim + size));
      input.set(codes.subarray(i * size, (i + 1) * size), i * (noiseDim + size) + noiseDim);
    }
    return input;
  }

  /** n × 1 numbers from U[0, 1), from the penalty's own stream. */
  private uniform(n: number): Tensor2D {
    return tf.tensor2d(this.penaltyRng.fillUniform(new Float32Array(n)), [n, 1]);
  }

  /**
   * A batch of generator input (generatorInput: the noise, with MINE also the one-hot code). For the
   * 'data-plus-noise' generator each row is (a data point, a standard normal vector), both from `rng`.
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
    return tf.tensor2d(this.generatorInput(rng, n), [n, this.generator.inputDim]);
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
   * Compute what a figure asked for, and nothing else: the requested probes of the table in
   * probes.ts, each from its own stream seeded by (experiment seed, step) (see probes.ts). The same
   * request at the same step gives the same snapshot, and taking one never changes training.
   */
  snapshot(request: SnapshotRequest): Snapshot {
    this.assertUsable();
    this.syncFused();
    const snapshot: Snapshot = { step: this.iterations, dim: this.sampler.dim };
    const context = ganProbeContext(this.probeState, request, snapshotStreams(this.snapshotSeed, this.iterations));
    tf.tidy(() => void runProbes(ganProbes, request, context, snapshot));
    return snapshot;
  }

  /** What the probes read (probes.ts): the networks, the data, and the evaluation set this trainer owns. */
  private get probeState(): GanState {
    this.probeStateCache ??= {
      experiment: this.experiment,
      sampler: this.sampler,
      generator: this.generator,
      ...this.probedCritic(),
      objective: this.objective,
      boundDivergence: this.boundDivergence,
      noise: (rng, n) => this.noise(rng, n),
      evaluationSet: (n) => this.evaluationSet(n),
      trueDivergenceCache: null,
    };
    return this.probeStateCache;
  }

  /**
   * The discriminator and critic the probes read. Packed (PacGAN), the discriminator has no value at
   * one point; the probes read it at a pack of m copies of the point, D(x, …, x), which is what
   * its heat map shows.
   */
  private probedCritic(): Pick<GanState, 'discriminator' | 'critic'> {
    if (this.packing === 1) return { discriminator: this.discriminator, critic: this.critic };
    const network = this.discriminator;
    const copies = (x: Tensor2D) => tf.tile(x, [1, this.packing]) as Tensor2D;
    const discriminator: Network = {
      inputDim: this.sampler.dim,
      outputDim: 1,
      variables: network.variables,
      hiddenWidths: network.hiddenWidths,
      apply: (x) => network.apply(copies(x)),
      ...(network.applyWithOffsets ? { applyWithOffsets: (x: Tensor2D, offsets: readonly Tensor2D[]) => network.applyWithOffsets!(copies(x), offsets) } : {}),
      ...(network.effectiveWeights ? { effectiveWeights: () => network.effectiveWeights!() } : {}),
      dispose: () => {},
    };
    return { discriminator, critic: { score: (x) => discriminator.apply(x) } };
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

  // ── Lifetime ──────────────────────────────────────────────────────────────────────────────────

  /** Free every variable and optimiser slot. The trainer cannot be used afterwards. */
  dispose(): void {
    if (this.disposed) return;
    this.disposed = true;
    this.fused = null;
    this.generator.dispose();
    this.discriminator.dispose();
    disposeOptimizer(this.generatorOptimizer);
    disposeOptimizer(this.discriminatorOptimizer);
    if (this.reconstruction) {
      this.reconstruction.encoder.dispose();
      disposeOptimizer(this.reconstruction.optimizer);
    }
    if (this.mine) {
      this.mine.statistics.dispose();
      disposeOptimizer(this.mine.optimizer);
      this.mine.logAverage?.dispose();
    }
    this.boundSet?.real.dispose();
    this.boundSet?.noise.dispose();
    this.boundSet = null;
  }

  private assertUsable(): void {
    if (this.disposed) throw new Error('This trainer has been disposed; create a new one.');
  }
}

/** Median over the probe batch of each sample's largest |coordinate| (NaN if any is not finite). */
function medianReach(values: Float32Array, dim: number): number {
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
