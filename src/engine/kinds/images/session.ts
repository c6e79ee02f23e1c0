/**
 * The `images` session: a GAN on 16 × 16 synthetic shapes (data.ts), with or without MSG-GAN's
 * multi-scale gradients (Karnewar and Wang 2020, arXiv:1903.06048), at toy scale: both networks
 * are MLPs of leaky-ReLU dense layers, not convolutional nets.
 *
 * Generator: z → a₁ → a₂ → a₃ (three hidden layers of `width`), and the 16 × 16 image is
 * tanh(dense(a₃)). In 'msg' it also emits tanh(dense(a₁)) at 4 × 4 and tanh(dense(a₂)) at 8 × 8 (the
 * paper's 1 × 1 "to RGB" convolutions become dense heads).
 * Discriminator: h₁ = φ(dense(x₁₆)), h₂ = φ(dense([h₁, x₈])), h₃ = φ(dense([h₂, x₄])), score
 * dense(h₃); in 'plain' the brackets hold h alone. For real images x₈ and x₄ are the 16 × 16 image
 * average-pooled; for generated ones, the generator's own heads. So in 'msg' the discriminator's
 * gradient reaches a₁ and a₂ directly, not only through the final image.
 * Loss: the non-saturating GAN loss of objectives/gan.ts (no label smoothing); one discriminator
 * step, then one generator step, per iteration. Recorded per step: discriminatorLoss, generatorLoss.
 *
 * Random streams (forks of the seed, in this order): the weights, the real batches, the training
 * noise, the evaluation noise (mode coverage), the display noise and real images (snapshots).
 */
import { createDenseLayer, type Network } from '../../nets';
import { ganDiscriminatorLoss, nonSaturatingGeneratorLoss } from '../../objectives/gan';
import { createRng, type Rng } from '../../rng';
import { gradientsRegistered, tf, type Scalar, type Tensor1D, type Tensor2D } from '../../tf';
import type { ModeCoverage, Snapshot, SnapshotRequest, StepMetrics } from '../../types';
import { createOptimizer, disposeOptimizer } from '../gan/trainer';
import { metricWords, runSteps, stepRecords, TrainingDivergedError, type Session } from '../session';
import { averagePool, createImageSampler, imageCoverage, SCALES, SIZE, type ImageSampler } from './data';
import type { ImagesExperiment } from './schema';

const METRICS = ['discriminatorLoss', 'generatorLoss'] as const;
/** |loss| above which training counts as run away (a logit of 10⁴ is far past any honest run). */
const RUNAWAY = 1e4;
/** Samples behind report()'s mode coverage. */
export const REPORT_SAMPLES = 1000;

/** Images at every scale, smallest first (4 × 4, 8 × 8, 16 × 16), each n × side²; the smaller two may be absent (plain). */
type Pyramid = [Tensor2D | null, Tensor2D | null, Tensor2D];

export class ImagesSession implements Session {
  readonly experiment: ImagesExperiment;
  readonly sampler: ImageSampler;
  private readonly msg: boolean;
  /** Generator: three hidden layers, then heads (4 × 4 and 8 × 8 only with msg, 16 × 16 always). */
  private readonly trunk: Network[];
  private readonly heads: Network[];
  /** Discriminator: three hidden layers and the score. */
  private readonly critic: Network[];
  private readonly generatorOptimizer: tf.Optimizer;
  private readonly discriminatorOptimizer: tf.Optimizer;
  private readonly realRng: Rng;
  private readonly noiseRng: Rng;
  private readonly evaluationSeed: number;
  private readonly displaySeed: number;
  private evaluationNoise: { n: number; noise: Tensor2D } | null = null;
  private display: { n: number; noise: Tensor2D; real: Float32Array } | null = null;
  private steps = 0;
  private divergence: TrainingDivergedError | null = null;
  private disposed = false;

  constructor(experiment: ImagesExperiment) {
    if (!gradientsRegistered()) throw new Error('Call initBackend() before creating an images session: it sets up TensorFlow.js and its gradients.');
    this.experiment = experiment;
    this.msg = experiment.architecture === 'msg';
    this.sampler = createImageSampler(experiment.data.shapes, experiment.data.pixelNoise);
    // The order of these forks is part of the reproducibility contract: do not reorder.
    const root = createRng(experiment.seed);
    const initRng = root.fork();
    this.realRng = root.fork();
    this.noiseRng = root.fork();
    this.evaluationSeed = root.fork().int(4294967296);
    this.displaySeed = root.fork().int(4294967296);

    const { noiseDim, width } = experiment.generator;
    const critic = experiment.discriminator.width;
    // Shared layers first, so the two architectures start from the same trunk and final head.
    this.trunk = [noiseDim, width, width].map((fanIn) => createDenseLayer(initRng, fanIn, width, 'leaky-relu'));
    const finalHead = createDenseLayer(initRng, width, SIZE * SIZE, 'linear');
    this.critic = [
      createDenseLayer(initRng, SIZE * SIZE, critic, 'leaky-relu'),
      createDenseLayer(initRng, critic + (this.msg ? SCALES[1] ** 2 : 0), critic, 'leaky-relu'),
      createDenseLayer(initRng, critic + (this.msg ? SCALES[0] ** 2 : 0), critic, 'leaky-relu'),
      createDenseLayer(initRng, critic, 1, 'linear'),
    ];
    this.heads = this.msg
      ? [createDenseLayer(initRng, width, SCALES[0] ** 2, 'linear'), createDenseLayer(initRng, width, SCALES[1] ** 2, 'linear'), finalHead]
      : [finalHead];
    this.generatorOptimizer = createOptimizer(experiment.optimizers.generator);
    this.discriminatorOptimizer = createOptimizer(experiment.optimizers.discriminator);
  }

  get step(): number {
    return this.steps;
  }

  private get generatorVariables() {
    return [...this.trunk, ...this.heads].flatMap((layer) => layer.variables);
  }

  private get discriminatorVariables() {
    return this.critic.flatMap((layer) => layer.variables);
  }

  // ── The networks ──────────────────────────────────────────────────────────────────────────────

  /**
   * G(z) at every scale, smallest first. Without msg the generator has only its 16 × 16 output, and
   * the smaller scales are null, or with `pooled` that image average-pooled (what a plain generator
   * "says" at 8 × 8 and 4 × 4; for drawing only). Call inside tf.tidy.
   */
  private generate(noise: Tensor2D, pooled = false): Pyramid {
    const activations: Tensor2D[] = [];
    let h = noise;
    for (const layer of this.trunk) activations.push((h = layer.apply(h)));
    if (this.msg) return this.heads.map((head, i) => tf.tanh(head.apply(activations[i]))) as Pyramid;
    const final = tf.tanh(this.heads[0].apply(activations[2])) as Tensor2D;
    if (!pooled) return [null, null, final];
    const eight = pool(final, SCALES[2]);
    return [pool(eight, SCALES[1]), eight, final];
  }

  /** The discriminator's score (n × 1); without msg it reads only the 16 × 16 image. Call inside tf.tidy. */
  private score([x4, x8, x16]: Pyramid): Tensor2D {
    const [first, second, third, out] = this.critic;
    let h = first.apply(x16);
    h = second.apply(this.msg ? (tf.concat([h, x8!], 1) as Tensor2D) : h);
    h = third.apply(this.msg ? (tf.concat([h, x4!], 1) as Tensor2D) : h);
    return out.apply(h);
  }

  // ── Training ──────────────────────────────────────────────────────────────────────────────────

  /** Run `count` iterations; their numbers are read back together at the end (one sync per call). */
  train(count: number): StepMetrics[] {
    this.assertUsable();
    if (this.divergence) throw this.divergence;
    const n = Math.max(0, Math.floor(count));
    if (n === 0) return [];
    const values = runSteps(n, () => this.advance());
    const firstStep = this.steps + 1;
    this.steps += n;
    return stepRecords(values, METRICS, firstStep, (row) => row.findIndex((value) => !(Math.abs(value) <= RUNAWAY)), (step, name, value, earlier) => {
      const what = Number.isFinite(value) ? `ran away to ${value.toPrecision(3)}` : `became ${value}`;
      this.divergence = new TrainingDivergedError(
        step,
        `Training diverged at step ${step}: the ${metricWords(name)} ${what}. Try lower learning rates ` +
          `(now ${this.experiment.optimizers.discriminator.learningRate} for D and ${this.experiment.optimizers.generator.learningRate} for G).`,
        earlier,
      );
      return this.divergence;
    });
  }

  /** One discriminator step on a fresh real batch, then one generator step; returns [L_D, L_G]. */
  private advance(): Tensor1D {
    const { batchSize } = this.experiment.training;
    const { images } = this.sampler.sample(this.realRng, batchSize);
    const real = realPyramid(images);
    const discriminatorNoise = this.noise(this.noiseRng, batchSize);
    const generatorNoise = this.noise(this.noiseRng, batchSize);
    return tf.tidy(() => {
      const realTensors = real.map((values, i) => tf.tensor2d(values, [batchSize, SCALES[i] ** 2])) as Pyramid;
      const fake = this.generate(tf.tensor2d(discriminatorNoise, [batchSize, this.experiment.generator.noiseDim]));
      const discriminator = tf.variableGrads(
        () => ganDiscriminatorLoss(this.score(realTensors), this.score(fake), { realLabel: 1 }),
        this.discriminatorVariables,
      );
      this.discriminatorOptimizer.applyGradients(discriminator.grads);
      const generator = tf.variableGrads(() => {
        const samples = this.generate(tf.tensor2d(generatorNoise, [batchSize, this.experiment.generator.noiseDim]));
        return nonSaturatingGeneratorLoss(this.score(samples)) as Scalar;
      }, this.generatorVariables);
      this.generatorOptimizer.applyGradients(generator.grads);
      return tf.stack([discriminator.value, generator.value]) as Tensor1D;
    });
  }

  private noise(rng: Rng, n: number): Float32Array {
    return rng.fillNormal(new Float32Array(n * this.experiment.generator.noiseDim));
  }

  // ── Snapshots and reports ─────────────────────────────────────────────────────────────────────

  /**
   * What a figure asked for. Never changes the training numbers: the evaluation and display noise
   * (and the display's real images) come from their own streams, fixed for the session's lifetime.
   */
  snapshot(request: SnapshotRequest): Snapshot {
    this.assertUsable();
    const snapshot: Snapshot = { step: this.steps, dim: SIZE * SIZE };
    if (request.modeCoverage && request.modeCoverage > 0) snapshot.modeCoverage = this.coverage(Math.floor(request.modeCoverage));
    const shown = Math.max(request.imageSamples ?? 0, request.realSamples ?? 0);
    if (shown > 0) {
      const display = this.displaySet(Math.floor(shown));
      if (request.imageSamples && request.imageSamples > 0) {
        const n = Math.floor(request.imageSamples);
        const images = tf.tidy(() => this.generate(tf.slice(display.noise, [0, 0], [n, -1]), true).map((scale) => new Float32Array(scale!.dataSync())));
        snapshot.imageSamples = { sizes: [...SCALES], images, pooled: !this.msg };
      }
      if (request.realSamples && request.realSamples > 0) snapshot.realSamples = display.real.slice(0, Math.floor(request.realSamples) * SIZE * SIZE);
    }
    return snapshot;
  }

  /** Mode coverage (data.imageCoverage) of n generated 16 × 16 images from the fixed evaluation noise. */
  private coverage(n: number): ModeCoverage {
    if (!this.evaluationNoise || this.evaluationNoise.n !== n) {
      this.evaluationNoise?.noise.dispose();
      const noise = this.noise(createRng(this.evaluationSeed), n);
      this.evaluationNoise = { n, noise: tf.tensor2d(noise, [n, this.experiment.generator.noiseDim]) };
    }
    const images = tf.tidy(() => new Float32Array(this.generate(this.evaluationNoise!.noise)[2].dataSync()));
    return imageCoverage(images, this.experiment.data.shapes);
  }

  private displaySet(n: number): { n: number; noise: Tensor2D; real: Float32Array } {
    if (!this.display || this.display.n < n) {
      this.display?.noise.dispose();
      const rng = createRng(this.displaySeed);
      const noise = this.noise(rng.fork(), n);
      const real = this.sampler.sample(rng.fork(), n).images;
      this.display = { n, noise: tf.tensor2d(noise, [n, this.experiment.generator.noiseDim]), real };
    }
    return this.display;
  }

  /** The command line's numbers: mode coverage of REPORT_SAMPLES generated images (fixed noise). */
  report(): Record<string, unknown> {
    const coverage = this.coverage(REPORT_SAMPLES);
    return {
      modesCaptured: coverage.modesCaptured,
      modeCount: coverage.modeCount,
      highQualityFraction: Number(coverage.highQualityFraction.toFixed(4)),
      samplesPerMode: coverage.counts,
    };
  }

  // ── Lifetime ──────────────────────────────────────────────────────────────────────────────────

  dispose(): void {
    if (this.disposed) return;
    this.disposed = true;
    for (const layer of [...this.trunk, ...this.heads, ...this.critic]) layer.dispose();
    disposeOptimizer(this.generatorOptimizer);
    disposeOptimizer(this.discriminatorOptimizer);
    this.evaluationNoise?.noise.dispose();
    this.display?.noise.dispose();
    this.evaluationNoise = null;
    this.display = null;
  }

  private assertUsable(): void {
    if (this.disposed) throw new Error('This images session has been disposed; create a new one.');
  }
}

/** 2 × 2 average pooling of n × side² rows to n × (side/2)². Call inside tf.tidy. */
function pool(images: Tensor2D, side: number): Tensor2D {
  const n = images.shape[0];
  const pooled = tf.avgPool(tf.reshape(images, [n, side, side, 1]) as tf.Tensor4D, 2, 2, 'valid');
  return tf.reshape(pooled, [n, (side / 2) ** 2]) as Tensor2D;
}

/** A real batch at every scale, smallest first: the images and their 2 × 2 and 4 × 4 average pools. */
function realPyramid(images: Float32Array): [Float32Array, Float32Array, Float32Array] {
  const eight = averagePool(images, SCALES[2]);
  return [averagePool(eight, SCALES[1]), eight, images];
}

export function createImagesSession(experiment: ImagesExperiment): Session {
  return new ImagesSession(experiment);
}
