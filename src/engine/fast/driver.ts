/**
 * The fast path for small dense GANs: whole training iterations of the gan kind run by the
 * hand-written WebAssembly SIMD kernels of mlp.wat, with no TensorFlow.js kernel per step.
 *
 * It does what the Trainer (kinds/gan/trainer.ts) does for the experiments `fastPathAccepts` lets
 * through, with the same random numbers: the same forks of the seed, in the same order, feed the
 * same samplers and the same noise, and the initial weights are those of the TensorFlow.js networks
 * (copied from them). Only the floating-point summation order differs, so the numbers agree to about
 * float32 precision (tests/unit/fast-path.test.ts states the tolerances), not bit for bit: the fast
 * path is a backend of its own ('wasm-fused' in the bench), never a silent stand-in.
 *
 * One iteration: `discriminatorSteps` discriminator updates (a fresh real batch, then a fresh noise
 * batch through G; D runs once on real and fake side by side), then `generatorSteps` generator
 * updates (a fresh noise batch; the gradient flows through D down into G). Batches are stored
 * feature-major (see mlp.wat), padded to a multiple of 32 columns whose gradients are zero.
 *
 * WGAN-GP's penalty needs the gradient of ‖∇ₓD(x̂)‖ with respect to D's weights, a second
 * derivative. For a critic whose hidden activations are piecewise linear (ReLU, leaky ReLU) the
 * activations' slopes are locally constant, so ∇ₓD(x̂) = W₀ S₀ W₁ S₁ ⋯ W_L·1 (S the slopes at x̂) is
 * linear in each weight matrix, and its own gradient is one more backward pass down that chain:
 * `penaltyGradients` below. The biases get none (TensorFlow.js's tape gives them exact zeros too).
 */
import { createSampler, type Sampler } from '../data';
import type { AnyExperiment, Experiment, OptimizerSpec } from '../experiments/schema';
import { noiseValues } from '../data/noise';
import { createDiscriminator, createGenerator, LEAKY_RELU_SLOPE, type Network } from '../nets';
import { createRng, type Rng } from '../rng';
import { tf } from '../tf';
import type { StepMetrics } from '../types';
import { fastModule } from './module';

/** Hidden activations the kernels implement (mlp.wat's codes 1–3); outputs are linear (0) or tanh (3). */
const ACTIVATION_CODES = { relu: 1, 'leaky-relu': 2, tanh: 3 } as const;
/** Critic activations whose second derivative is zero, which the gradient penalty's backward pass assumes. */
const PIECEWISE_LINEAR = ['relu', 'leaky-relu'];
const OUTPUT_CODES = { linear: 0, tanh: 3 } as const;
/** Columns per block of mlp.wat's `product`: batches are padded to a multiple of this. */
const BLOCK = 32;

/**
 * Whether the fast path can train this experiment exactly as the Trainer would: true, or the reason
 * why not (one sentence). It accepts: the gan kind with an MLP generator and an MLP discriminator
 * (hidden activations ReLU, leaky ReLU or tanh; generator output linear or tanh; no spectral
 * normalisation), the minimax or non-saturating objective without R1 (any real label) or the
 * Wasserstein one (unconstrained, clipped, or with a gradient penalty on a ReLU or leaky ReLU
 * critic), SGD (with or without momentum) or Adam for each network, at least one generator step per iteration, no
 * packing (PacGAN), no MINE section and no reconstruction encoder. The data may be any sampler (1-D or 2-D) and the noise normal or uniform.
 */
export function fastPathAccepts(experiment: AnyExperiment): true | string {
  if (experiment.kind !== 'gan') return `the fast path trains GANs only, not the '${experiment.kind}' kind`;
  const { generator, discriminator, objective, optimizers, training } = experiment;
  if (generator.kind !== 'mlp') return `the fast path needs an MLP generator, not '${generator.kind}'`;
  if (discriminator.kind !== 'mlp') return `the fast path needs an MLP discriminator, not '${discriminator.kind}'`;
  if (!(generator.activation in ACTIVATION_CODES)) return `the fast path has no '${generator.activation}' activation (it has ReLU, leaky ReLU and tanh)`;
  if (!(discriminator.activation in ACTIVATION_CODES)) return `the fast path has no '${discriminator.activation}' activation (it has ReLU, leaky ReLU and tanh)`;
  if (discriminator.spectralNorm) return 'the fast path has no spectral normalisation';
  if ((discriminator.packing ?? 1) > 1) return 'the fast path has no packed discriminator (PacGAN)';
  if (objective.kind === 'wasserstein') {
    if (objective.constraint.kind === 'gradient-penalty' && !PIECEWISE_LINEAR.includes(discriminator.activation)) {
      return `the fast path's gradient penalty needs a ReLU or leaky ReLU critic, not '${discriminator.activation}'`;
    }
  } else if (objective.kind !== 'minimax' && objective.kind !== 'non-saturating') {
    return `the fast path trains the minimax, non-saturating and Wasserstein objectives only, not '${objective.kind}'`;
  } else if (objective.r1Weight > 0) return 'the fast path has no R1 penalty';
  for (const [network, spec] of Object.entries(optimizers)) {
    if (spec.kind === 'rmsprop') return `the fast path has no RMSProp (the ${network}'s optimiser)`;
  }
  if (training.generatorSteps < 1) return 'the fast path needs at least one generator step per iteration (a frozen generator is not fused)';
  if (experiment.mine) return 'the fast path has no MINE regulariser';
  if (experiment.reconstruction) return 'the fast path has no encoder and reconstruction term';
  return true;
}

/** Where one network lives in the module's memory (byte addresses) and how it is shaped. */
interface NetworkLayout {
  /** Layer widths from input to output. */
  widths: number[];
  /** Activation code of each layer (the last one is the output's). */
  activations: number[];
  /** Byte offsets of each layer's weights and bias inside the flat parameter vector. */
  weightOffsets: number[];
  biasOffsets: number[];
  /** Floats in the flat vectors (a multiple of 4; the tail past the last bias stays 0). */
  length: number;
  parameters: number;
  gradients: number;
  /** Optimiser state: Adam's moments, or momentum's accumulator (0 when unused). */
  first: number;
  second: number;
  /** Each layer's output, [width × 2·padded batch]. */
  outputs: number[];
}

interface Updater {
  spec: OptimizerSpec;
  /** Adam's accumulated β₁ᵗ and β₂ᵗ, as float32 (TensorFlow.js keeps them in float32 variables). */
  power1: number;
  power2: number;
}

type Kernels = {
  memory: WebAssembly.Memory;
  setLeakySlope(slope: number): void;
  product(S: number, rowStride: number, columnStride: number, B: number, C: number, P: number, Q: number, N: number, bias: number, mode: number, act: number, Y: number): void;
  weightGradient(X: number, dZ: number, dW: number, db: number, K: number, M: number, N: number): void;
  logitGradient(V: number, dV: number, count: number, wNeg: number, wPos: number, scale: number): void;
  sumOfSquares(x: number, count: number): number;
  sgd(w: number, g: number, count: number, negativeRate: number): void;
  momentum(w: number, g: number, acc: number, count: number, negativeRate: number, mu: number): void;
  adam(w: number, g: number, m: number, v: number, count: number, beta1: number, oneMinusBeta1: number, beta2: number, oneMinusBeta2: number, oneMinusPower1: number, oneMinusPower2: number, epsilon: number, negativeRate: number): void;
};

const f32 = Math.fround;

/** WGAN-GP's penalty on the fast path: its settings and where its buffers live (byte addresses). */
interface Penalty {
  weight: number;
  side: 'two-sided' | 'one-sided';
  interpolates: number;
  ones: number;
  deltas: number[];
  gradients: number;
  discardedBiases: number;
}

/** What one discriminator update records: its loss, its gradient's norm, and the objective's named numbers. */
interface UpdateRecord {
  loss: number;
  norm: number;
  extras: Record<string, number>;
}

/** log(1 + eˣ) without overflow. */
function softplus(x: number): number {
  return x > 0 ? x + Math.log1p(Math.exp(-x)) : Math.log1p(Math.exp(x));
}

export class FastGan {
  readonly experiment: Experiment;
  private readonly sampler: Sampler;
  private readonly kernels: Kernels;
  private readonly dataRng: Rng;
  private readonly noiseRng: Rng;
  /** The gradient penalty's interpolation weights (the Trainer's stream of the same name). */
  private readonly penaltyRng: Rng;
  private readonly batch: number;
  /** The batch padded to a multiple of BLOCK. */
  private readonly padded: number;
  private readonly dim: number;
  private readonly generator: NetworkLayout;
  private readonly discriminator: NetworkLayout;
  private readonly generatorUpdater: Updater;
  private readonly discriminatorUpdater: Updater;
  private readonly epsilon: number;
  /** Noise [noiseDim × padded], the discriminator's input [dim × 2·padded] (real | fake), the logits' gradient [2·padded]. */
  private readonly noise: number;
  private readonly discriminatorInput: number;
  private readonly logitGradients: number;
  /** Two buffers [widest layer × 2·padded] for the gradients of layer outputs, used in turn. */
  private readonly scratch: [number, number];
  /**
   * The gradient penalty (null without one): its weight and side, and its buffers: the interpolates
   * [dim × padded]; a row of ones over the batch's columns [padded]; each hidden layer's
   * slope-weighted input gradient δ [width × padded]; the penalty's weight gradient (the flat
   * vector's shape; its bias slots stay 0); and a place for the bias sums weightGradient writes,
   * which the penalty does not use.
   */
  private readonly penalty: Penalty | null;
  /** Named numbers each iteration records besides the core four, in the Trainer's order. */
  readonly extraMetrics: string[];
  private iterations = 0;

  /**
   * The fast path for an experiment (which `fastPathAccepts`), starting from the weights of
   * `networks` (a Trainer's) or, without them, from the weights the Trainer draws for this seed.
   */
  static async create(experiment: Experiment, networks?: { generator: Network; discriminator: Network }): Promise<FastGan> {
    const accepted = fastPathAccepts(experiment);
    if (accepted !== true) throw new Error(`This experiment cannot take the fast path: ${accepted}.`);
    const instance = await WebAssembly.instantiate(await fastModule());
    return new FastGan(experiment, instance.exports as unknown as Kernels, networks);
  }

  private constructor(experiment: Experiment, kernels: Kernels, networks?: { generator: Network; discriminator: Network }) {
    this.experiment = experiment;
    this.kernels = kernels;
    this.sampler = createSampler(experiment.data);
    this.dim = this.sampler.dim;
    // The Trainer's forks, in its order (trainer.ts): generator init, discriminator init, data, noise.
    const root = createRng(experiment.seed);
    const generatorInitRng = root.fork();
    const discriminatorInitRng = root.fork();
    this.dataRng = root.fork();
    this.noiseRng = root.fork();
    root.fork(); // the Trainer's snapshot stream
    root.fork(); // and its bound's
    this.penaltyRng = root.fork();

    const { generator, discriminator, training, optimizers } = experiment;
    this.batch = training.batchSize;
    this.padded = Math.ceil(this.batch / BLOCK) * BLOCK;
    const columns = 2 * this.padded;
    kernels.setLeakySlope(LEAKY_RELU_SLOPE);
    this.epsilon = f32(tf.backend().epsilon());

    // A bump allocator over the module's memory; address 0 stays unused (mlp.wat reads bias 0 as "none").
    let top = 16;
    const allocate = (floats: number) => {
      const address = top;
      top += Math.ceil(floats / 4) * 16;
      return address;
    };
    const layout = (widths: number[], hidden: keyof typeof ACTIVATION_CODES, output: keyof typeof OUTPUT_CODES, withSecond: boolean, withFirst: boolean): NetworkLayout => {
      const weightOffsets: number[] = [];
      const biasOffsets: number[] = [];
      let length = 0;
      for (let l = 0; l + 1 < widths.length; l++) {
        weightOffsets.push(4 * length);
        length += widths[l] * widths[l + 1];
        biasOffsets.push(4 * length);
        length += widths[l + 1];
      }
      length = Math.ceil(length / 4) * 4;
      const activations = widths.slice(1).map((_, l) => (l + 2 === widths.length ? OUTPUT_CODES[output] : ACTIVATION_CODES[hidden]));
      return {
        widths,
        activations,
        weightOffsets,
        biasOffsets,
        length,
        parameters: allocate(length),
        gradients: allocate(length),
        first: withFirst ? allocate(length) : 0,
        second: withSecond ? allocate(length) : 0,
        outputs: widths.slice(1).map((width) => allocate(width * columns)),
      };
    };
    const state = (spec: OptimizerSpec) => ({ first: spec.kind === 'adam' || spec.momentum > 0, second: spec.kind === 'adam' });
    const generatorState = state(optimizers.generator);
    const discriminatorState = state(optimizers.discriminator);
    const generatorWidths = [generator.noiseDim, ...generator.hidden, this.dim];
    const discriminatorWidths = [this.dim, ...discriminator.hidden, 1];
    this.generator = layout(generatorWidths, generator.activation as keyof typeof ACTIVATION_CODES, generator.output, generatorState.second, generatorState.first);
    this.discriminator = layout(discriminatorWidths, discriminator.activation as keyof typeof ACTIVATION_CODES, 'linear', discriminatorState.second, discriminatorState.first);
    this.noise = allocate(generator.noiseDim * this.padded);
    this.discriminatorInput = allocate(this.dim * columns);
    this.logitGradients = allocate(columns);
    const widest = Math.max(...generatorWidths, ...discriminatorWidths);
    this.scratch = [allocate(widest * columns), allocate(widest * columns)];
    const { objective } = experiment;
    const constraint = objective.kind === 'wasserstein' ? objective.constraint : null;
    this.penalty =
      constraint?.kind === 'gradient-penalty'
        ? {
            weight: constraint.weight,
            side: constraint.side,
            interpolates: allocate(this.dim * this.padded),
            ones: allocate(this.padded),
            deltas: discriminatorWidths.slice(1, -1).map((width) => allocate(width * this.padded)),
            gradients: allocate(this.discriminator.length),
            discardedBiases: allocate(widest),
          }
        : null;
    this.extraMetrics = !constraint ? [] : this.penalty ? ['gradientPenalty', 'wassersteinEstimate', 'interpolateGradNorm'] : ['wassersteinEstimate'];
    const pages = Math.ceil(top / 65536);
    const current = kernels.memory.buffer.byteLength / 65536;
    if (pages > current) kernels.memory.grow(pages - current);
    if (this.penalty) this.floats.fill(1, this.penalty.ones / 4, this.penalty.ones / 4 + this.batch);

    const updater = (spec: OptimizerSpec): Updater => ({ spec, power1: f32(spec.beta1), power2: f32(spec.beta2) });
    this.generatorUpdater = updater(optimizers.generator);
    this.discriminatorUpdater = updater(optimizers.discriminator);

    // The initial weights: the given networks', or the ones the Trainer draws (built, read, freed).
    const made = networks ?? {
      generator: createGenerator(generatorInitRng, generator, this.dim),
      discriminator: createDiscriminator(discriminatorInitRng, discriminator, this.dim),
    };
    try {
      this.load(this.generator, made.generator);
      this.load(this.discriminator, made.discriminator);
    } finally {
      if (!networks) {
        made.generator.dispose();
        made.discriminator.dispose();
      }
    }
  }

  /** Iterations done so far. */
  get step(): number {
    return this.iterations;
  }

  private get floats(): Float32Array {
    // A fresh view each time: growing the memory detaches the old buffer.
    return new Float32Array(this.kernels.memory.buffer);
  }

  /**
   * Run `iterations` iterations; one record per iteration with the Trainer's core metrics (the last
   * discriminator update's loss and gradient norm, the last generator update's).
   */
  train(iterations: number): StepMetrics[] {
    const records: StepMetrics[] = [];
    const { discriminatorSteps, generatorSteps } = this.experiment.training;
    for (let i = 0; i < iterations; i++) {
      let discriminator: UpdateRecord = { loss: NaN, norm: NaN, extras: {} };
      for (let k = 0; k < discriminatorSteps; k++) discriminator = this.discriminatorStep();
      let generator = { loss: NaN, norm: NaN };
      for (let k = 0; k < generatorSteps; k++) generator = this.generatorStep();
      this.iterations++;
      records.push({
        step: this.iterations,
        discriminatorLoss: f32(discriminator.loss),
        generatorLoss: f32(generator.loss),
        generatorGradNorm: f32(generator.norm),
        discriminatorGradNorm: f32(discriminator.norm),
        ...discriminator.extras,
      });
    }
    return records;
  }

  // ── One update ────────────────────────────────────────────────────────────────────────────────

  private discriminatorStep(): UpdateRecord {
    const { batch, padded, dim } = this;
    const columns = 2 * padded;
    const { objective } = this.experiment;
    // The real batch (n × dim, row-major), written feature-major into the real half.
    const real = this.sampler.sample(this.dataRng, batch);
    let floats = this.floats;
    const input = this.discriminatorInput / 4;
    for (let i = 0; i < batch; i++) for (let c = 0; c < dim; c++) floats[input + c * columns + i] = real[i * dim + c];
    // The fakes: G on a fresh noise batch, copied into the fake half.
    this.writeNoise();
    const fake = this.forward(this.generator, this.noise, padded);
    floats = this.floats;
    for (let c = 0; c < dim; c++) floats.copyWithin(input + c * columns + padded, fake / 4 + c * padded, fake / 4 + (c + 1) * padded);
    // The penalty first: it runs D on the interpolates in the buffers the pass below then reuses.
    const penaltyTerm = this.penalty ? this.penaltyGradients(this.penalty) : null;
    // D once on real and fake side by side.
    const logits = this.forward(this.discriminator, this.discriminatorInput, columns);
    let loss: number;
    let extras: Record<string, number> = {};
    if (objective.kind === 'wasserstein') {
      // −(E_P[D] − E_Q[D]): each real logit's gradient is −1/n, each fake one's 1/n.
      floats = this.floats;
      const share = f32(1 / batch);
      const gradients = this.logitGradients / 4;
      floats.fill(-share, gradients, gradients + batch);
      floats.fill(share, gradients + padded, gradients + padded + batch);
      let realSum = 0;
      let fakeSum = 0;
      for (let i = 0; i < batch; i++) {
        realSum += floats[logits / 4 + i];
        fakeSum += floats[logits / 4 + padded + i];
      }
      const estimate = f32(f32(realSum / batch) - f32(fakeSum / batch));
      loss = penaltyTerm ? f32(-estimate + penaltyTerm.weighted) : -estimate;
      extras = penaltyTerm
        ? { gradientPenalty: penaltyTerm.weighted, wassersteinEstimate: estimate, interpolateGradNorm: penaltyTerm.meanNorm }
        : { wassersteinEstimate: estimate };
    } else {
      const { realLabel } = this.experiment.training;
      const k = this.kernels;
      k.logitGradient(logits, this.logitGradients, batch, -realLabel, 1 - realLabel, 1 / batch);
      k.logitGradient(logits + 4 * padded, this.logitGradients + 4 * padded, batch, 0, 1, 1 / batch);
      floats = this.floats;
      let realTerm = 0;
      let fakeTerm = 0;
      for (let i = 0; i < batch; i++) {
        const v = floats[logits / 4 + i];
        realTerm += realLabel === 1 ? softplus(-v) : realLabel * softplus(-v) + (1 - realLabel) * softplus(v);
        fakeTerm += softplus(floats[logits / 4 + padded + i]);
      }
      loss = f32(realTerm / batch) + f32(fakeTerm / batch);
    }
    this.backward(this.discriminator, this.discriminatorInput, this.logitGradients, columns, true);
    // w ← 1·g + w is the sum of the two terms' gradients.
    if (this.penalty) this.kernels.sgd(this.discriminator.gradients, this.penalty.gradients, this.discriminator.length, 1);
    const norm = this.update(this.discriminator, this.discriminatorUpdater);
    if (objective.kind === 'wasserstein' && objective.constraint.kind === 'clip') this.clip(this.discriminator, objective.constraint.c);
    return { loss, norm, extras };
  }

  /**
   * WGAN-GP's term weight·E(‖∇ₓD(x̂)‖ − 1)² (or its one-sided form) on x̂ = εx + (1 − ε)x̃, with real
   * x and fake x̃ already in the discriminator's input and ε from the penalty's stream; its gradient
   * with respect to D's weights is left in `penalty.gradients`. Returns the weighted term and the
   * mean norm, as the Trainer records them.
   */
  private penaltyGradients(penalty: Penalty): { weighted: number; meanNorm: number } {
    const { batch, padded, dim, discriminator: net } = this;
    const { weight, side } = penalty;
    const k = this.kernels;
    const epsilon = this.penaltyRng.fillUniform(new Float32Array(batch));
    let floats = this.floats;
    const columns = 2 * padded;
    const input = this.discriminatorInput / 4;
    const points = penalty.interpolates / 4;
    for (let c = 0; c < dim; c++) {
      for (let i = 0; i < batch; i++) {
        const e = epsilon[i];
        floats[points + c * padded + i] = f32(f32(e * floats[input + c * columns + i]) + f32(f32(1 - e) * floats[input + c * columns + padded + i]));
      }
    }
    this.forward(net, penalty.interpolates, padded);
    // ∇ₓD(x̂) by back-propagating ones (zero on the padding); δ of each hidden layer is kept.
    const last = net.widths.length - 2;
    const delta = (l: number) => (l === last ? penalty.ones : penalty.deltas[l]);
    for (let l = last; l >= 0; l--) {
      const [fanIn, fanOut] = [net.widths[l], net.widths[l + 1]];
      const [target, act, outputs] = l === 0 ? [this.scratch[0], 0, 0] : [penalty.deltas[l - 1], net.activations[l - 1], net.outputs[l - 1]];
      k.product(net.parameters + net.weightOffsets[l], fanOut, 1, delta(l), target, fanIn, fanOut, padded, 0, 1, act, outputs);
    }
    // Per example: the norm (with the Trainer's 1e-12 under the root), then ∂term/∂∇ₓD = c·∇ₓD with
    // c = 2·weight·excess/(n·norm), written over the gradient.
    floats = this.floats;
    const gradient = this.scratch[0] / 4;
    let squares = 0;
    let norms = 0;
    for (let i = 0; i < batch; i++) {
      let sum = 0;
      for (let c = 0; c < dim; c++) sum = f32(sum + f32(floats[gradient + c * padded + i] ** 2));
      const norm = f32(Math.sqrt(f32(sum + 1e-12)));
      const excess = side === 'two-sided' ? f32(norm - 1) : Math.max(0, f32(norm - 1));
      squares += f32(excess * excess);
      norms += norm;
      const scale = f32((2 * weight * excess) / (batch * norm));
      for (let c = 0; c < dim; c++) floats[gradient + c * padded + i] *= scale;
    }
    // Down the chain ∇ₓD = W₀ δ₀, δₗ = Sₗ Wₗ₊₁ δₗ₊₁ (δ_L the ones): each Wₗ's gradient is
    // (upstream)·δₗᵀ, and the upstream gradient for the next layer is Sₗ Wₗᵀ (upstream).
    let upstream = this.scratch[0];
    for (let l = 0; l <= last; l++) {
      const [fanIn, fanOut] = [net.widths[l], net.widths[l + 1]];
      k.weightGradient(upstream, delta(l), penalty.gradients + net.weightOffsets[l], penalty.discardedBiases, fanIn, fanOut, padded);
      if (l === last) break;
      const next = upstream === this.scratch[0] ? this.scratch[1] : this.scratch[0];
      k.product(net.parameters + net.weightOffsets[l], 1, fanOut, upstream, next, fanOut, fanIn, padded, 0, 1, net.activations[l], net.outputs[l]);
      upstream = next;
    }
    return { weighted: f32(weight * f32(squares / batch)), meanNorm: f32(norms / batch) };
  }

  /** WGAN's weight clipping: every weight and bias into [−c, c]. */
  private clip(net: NetworkLayout, c: number): void {
    const bound = f32(c);
    const floats = this.floats;
    const start = net.parameters / 4;
    for (let i = start; i < start + net.length; i++) floats[i] = Math.min(bound, Math.max(-bound, floats[i]));
  }

  private generatorStep(): { loss: number; norm: number } {
    const { batch, padded } = this;
    const k = this.kernels;
    this.writeNoise();
    const fake = this.forward(this.generator, this.noise, padded);
    const logits = this.forward(this.discriminator, fake, padded);
    const { kind } = this.experiment.objective;
    const floats = this.floats;
    let sum = 0;
    if (kind === 'wasserstein') {
      // −E_Q[D]: each logit's gradient is −1/n.
      floats.fill(-f32(1 / batch), this.logitGradients / 4, this.logitGradients / 4 + batch);
      for (let i = 0; i < batch; i++) sum -= floats[logits / 4 + i];
    } else {
      const minimax = kind === 'minimax';
      k.logitGradient(logits, this.logitGradients, batch, minimax ? 0 : -1, minimax ? -1 : 0, 1 / batch);
      for (let i = 0; i < batch; i++) sum += minimax ? -softplus(floats[logits / 4 + i]) : softplus(-floats[logits / 4 + i]);
    }
    // Through D down to its input (D's weights get no gradient), then through G's output activation.
    const fakeGradient = this.backward(this.discriminator, fake, this.logitGradients, padded, false, {
      act: this.generator.activations[this.generator.activations.length - 1],
      outputs: fake,
    });
    this.backward(this.generator, this.noise, fakeGradient!, padded, true);
    const norm = this.update(this.generator, this.generatorUpdater);
    return { loss: sum / batch, norm };
  }

  /** A fresh noise batch from the noise stream (as the Trainer draws it), feature-major. */
  private writeNoise(): void {
    const { noise, noiseDim } = this.experiment.generator;
    const values = noiseValues(this.noiseRng, this.batch, noise, noiseDim);
    const floats = this.floats;
    const base = this.noise / 4;
    for (let i = 0; i < this.batch; i++) for (let c = 0; c < noiseDim; c++) floats[base + c * this.padded + i] = values[i * noiseDim + c];
  }

  /** The network on `columns` columns at `input`; returns the address of its output. */
  private forward(net: NetworkLayout, input: number, columns: number): number {
    let x = input;
    for (let l = 0; l + 1 < net.widths.length; l++) {
      const [fanIn, fanOut] = [net.widths[l], net.widths[l + 1]];
      this.kernels.product(net.parameters + net.weightOffsets[l], 1, fanOut, x, net.outputs[l], fanOut, fanIn, columns, net.parameters + net.biasOffsets[l], 0, net.activations[l], 0);
      x = net.outputs[l];
    }
    return x;
  }

  /**
   * Back-propagate `outputGradient` (the gradient of the loss with respect to the network's output,
   * already through the output activation, which is linear for D) through a network whose forward
   * pass just ran on `input`. With `weights`, the weight and bias gradients are written into the
   * network's gradient vector. With `below`, the gradient continues to the input, through the
   * activation `below.act` whose outputs are `below.outputs`; its address is returned.
   */
  private backward(net: NetworkLayout, input: number, outputGradient: number, columns: number, weights: boolean, below?: { act: number; outputs: number }): number | null {
    let gradient = outputGradient;
    for (let l = net.widths.length - 2; l >= 0; l--) {
      const [fanIn, fanOut] = [net.widths[l], net.widths[l + 1]];
      const layerInput = l === 0 ? input : net.outputs[l - 1];
      if (weights) this.kernels.weightGradient(layerInput, gradient, net.gradients + net.weightOffsets[l], net.gradients + net.biasOffsets[l], fanIn, fanOut, columns);
      if (l === 0 && !below) break;
      // The scratch buffer the gradient is not in (it may have come in one: G's, from D's input).
      const next = gradient === this.scratch[0] ? this.scratch[1] : this.scratch[0];
      const [act, outputs] = l === 0 ? [below!.act, below!.outputs] : [net.activations[l - 1], net.outputs[l - 1]];
      this.kernels.product(net.parameters + net.weightOffsets[l], fanOut, 1, gradient, next, fanIn, fanOut, columns, 0, 1, act, outputs);
      gradient = next;
    }
    return below ? gradient : null;
  }

  /** The gradient's norm (before the update, as the Trainer records it), then the optimiser's update. */
  private update(net: NetworkLayout, updater: Updater): number {
    const k = this.kernels;
    const norm = Math.sqrt(k.sumOfSquares(net.gradients, net.length));
    const { spec } = updater;
    const negativeRate = f32(-spec.learningRate);
    if (spec.kind === 'adam') {
      k.adam(net.parameters, net.gradients, net.first, net.second, net.length,
        f32(spec.beta1), f32(1 - spec.beta1), f32(spec.beta2), f32(1 - spec.beta2),
        f32(1 - updater.power1), f32(1 - updater.power2), this.epsilon, negativeRate);
      updater.power1 = f32(updater.power1 * f32(spec.beta1));
      updater.power2 = f32(updater.power2 * f32(spec.beta2));
    } else if (spec.momentum > 0) {
      k.momentum(net.parameters, net.gradients, net.first, net.length, negativeRate, f32(spec.momentum));
    } else {
      k.sgd(net.parameters, net.gradients, net.length, negativeRate);
    }
    return norm;
  }

  // ── Weights in and out ────────────────────────────────────────────────────────────────────────

  private load(net: NetworkLayout, network: Network): void {
    const values = network.variables.map((variable) => variable.dataSync() as Float32Array);
    const floats = this.floats;
    this.variableSlices(net).forEach(([offset, size], i) => {
      if (values[i].length !== size) throw new Error(`fast path: variable ${i} has ${values[i].length} numbers, expected ${size}`);
      floats.set(values[i], (net.parameters + offset) / 4);
    });
  }

  /** (byte offset in the flat vector, size) of each variable, in Network.variables order (W₀, b₀, W₁, b₁, …). */
  private variableSlices(net: NetworkLayout): [number, number][] {
    return net.weightOffsets.flatMap((offset, l) => [
      [offset, net.widths[l] * net.widths[l + 1]],
      [net.biasOffsets[l], net.widths[l + 1]],
    ] as [number, number][]);
  }

  private read(net: NetworkLayout, base: number): Float32Array[] {
    const floats = this.floats;
    return this.variableSlices(net).map(([offset, size]) => floats.slice((base + offset) / 4, (base + offset) / 4 + size));
  }

  /** The current weights, per variable in Network.variables order. */
  weights(): { generator: Float32Array[]; discriminator: Float32Array[] } {
    return { generator: this.read(this.generator, this.generator.parameters), discriminator: this.read(this.discriminator, this.discriminator.parameters) };
  }

  /** The gradients of the last discriminator update and of the last generator update, per variable. */
  gradients(): { generator: Float32Array[]; discriminator: Float32Array[] } {
    return { generator: this.read(this.generator, this.generator.gradients), discriminator: this.read(this.discriminator, this.discriminator.gradients) };
  }

  /** Copy the current weights into TensorFlow.js networks of the same shape (before a snapshot or probe). */
  writeInto(networks: { generator: Network; discriminator: Network }): void {
    const { generator, discriminator } = this.weights();
    tf.tidy(() => {
      networks.generator.variables.forEach((variable, i) => variable.assign(tf.tensor(generator[i], variable.shape)));
      networks.discriminator.variables.forEach((variable, i) => variable.assign(tf.tensor(discriminator[i], variable.shape)));
    });
  }
}
