/**
 * The GAN kind's probes: what its figures draw, one table entry per SnapshotRequest field. Each
 * entry is a function of the trainer's state (networks, data, objective, the fixed evaluation set)
 * and the request's value; the arithmetic that needs no network is in small pure functions below,
 * each with its own test (tests/unit/probes-gan.test.ts).
 *
 * Random streams: each snapshot forks five streams from (snapshot seed, step), in this order:
 * samples, real samples, the generator's density histogram, mode coverage, and one stream shared by
 * layerGradientNorms, activationGradientNorms and embeddings (in the table's order). The same request
 * at the same step gives the same snapshot, and requesting one part never changes another (apart
 * from those three, which share a stream). criticBound and wassersteinEstimate use the trainer's
 * fixed evaluation set instead.
 *
 * - samples: G(z) for fresh noise z. sampleGradients (with samples): ∂ℓ_G/∂x at each sample, where
 *   ℓ_G is the generator's per-sample loss; the generator moves its samples along −gradient.
 * - discriminatorGrid: the objective's discriminator output (D = σ(V) for GANs) on the grid;
 *   2-D points are row-major with y outer. With 1-D data, also the exact data density (mixtures).
 * - generatorMap (1-D data): z_i = F⁻¹((i + ½)/n), the noise quantiles at evenly spaced levels
 *   (F = Φ for normal noise; z_i = −1 + 2(i + ½)/n for uniform noise), and x_i = G(z_i). With
 *   noiseDim > 1 the other noise coordinates are 0; `z` holds the first.
 * - generatorDensity (1-D data, needs discriminatorGrid): histogram of n samples, bins centred on
 *   the grid's x (see metrics.histogramDensity).
 * - modeCoverage (mixtures): the VEEGAN rule on n fresh generator samples.
 * - critic (needs discriminatorGrid): T = g_f(V) on the grid, f the objective's divergence ('gan'
 *   for the GAN objectives, where T = log D).
 * - criticBound: F = E_P[T] − E_Q[f*(T)] on the fixed evaluation set, with its Monte-Carlo standard
 *   error. criticBoundQuadrature: the same F by quadrature when both 1-D densities are known.
 * - trueDivergence, optimalCritic, generatorDensityExact (1-D): need P and Q known exactly, i.e.
 *   mixture-1d data and an affine generator of normal noise (Q = N(b, ‖a‖²)); otherwise omitted.
 */
import { normalPdf, normalQuantile, type Sampler } from '../../data';
import { densityOf, divergenceDensity, type Density1D } from '../../divergences/evaluate';
import type { FDivergence } from '../../divergences/registry';
import { activationTensor, conjugateOfActivationTensor } from '../../divergences/tensor';
import type { Experiment } from '../../experiments/schema';
import { histogramDensity, modeCoverage } from '../../metrics';
import type { Network } from '../../nets';
import { pullAwayTerm, totalLoss, type Critic, type Objective } from '../../objectives';
import { activationGradientNorms, gridPoints, inputGradientNormsOnGrid, layerSingularValues, weightGradientNorms } from '../../probes';
import type { ProbeTable } from '../../probes/table';
import { createRng, stepSeed, type Rng } from '../../rng';
import { tf, type Scalar, type Tensor, type Tensor2D } from '../../tf';
import type { SnapshotRequest } from '../../types';

/** A Gaussian N(mean, std²). */
export interface Gaussian {
  mean: number;
  std: number;
}

/** What the probes read of a trainer. The trainer owns every tensor here and frees it. */
export interface GanState {
  readonly experiment: Experiment;
  readonly sampler: Sampler;
  readonly generator: Network;
  readonly discriminator: Network;
  readonly critic: Critic;
  readonly objective: Objective;
  /** The divergence whose bound the critic climbs (f-GAN's, or 'gan' for the GAN objectives). */
  readonly boundDivergence: FDivergence;
  /** A batch of the generator's input drawn from `rng` (noise, or data plus noise). */
  noise(rng: Rng, n: number): Tensor2D;
  /** n real points and n noise vectors, drawn once from the trainer's own stream (kept until n changes). */
  evaluationSet(n: number): { real: Tensor2D; noise: Tensor2D };
  /** The last D_f(P‖Q) computed, for the generator's Gaussian it was computed for (see trueDivergence). */
  trueDivergenceCache: (Gaussian & { value: number }) | null;
}

/** The five streams of one snapshot, forked in this order from (snapshot seed, step). */
export interface SnapshotStreams {
  samples: Rng;
  real: Rng;
  density: Rng;
  coverage: Rng;
  /** Shared by layerGradientNorms, activationGradientNorms and embeddings, in that order. */
  probe: Rng;
}

export function snapshotStreams(seed: number, step: number): SnapshotStreams {
  const root = createRng(stepSeed(seed, step));
  return { samples: root.fork(), real: root.fork(), density: root.fork(), coverage: root.fork(), probe: root.fork() };
}

/** The discriminator's grid: axes, points as rows, and the raw output V on them. */
interface Grid {
  xs: Float32Array;
  ys?: Float32Array;
  points: Float32Array;
  scores: Tensor2D;
}

/**
 * One snapshot's view of the trainer: its state, its streams and the parts several probes share,
 * each computed at most once (the generated samples, the grid, the generator's Gaussian). Tensors
 * live in the caller's tf.tidy.
 */
export interface GanProbeContext {
  readonly state: GanState;
  readonly streams: SnapshotStreams;
  /** G(z) for `request.samples` fresh noise vectors; undefined when no samples are asked for. */
  fakeSamples(): Tensor2D | undefined;
  /** The grid of `request.discriminatorGrid`; undefined when none is asked for. */
  grid(): Grid | undefined;
  /** The affine 1-D generator's exact distribution (see generatorGaussian). */
  generatorGaussian(): Gaussian | undefined;
}

function once<T>(compute: () => T): () => T {
  let done = false;
  let value: T;
  return () => {
    if (!done) [value, done] = [compute(), true];
    return value;
  };
}

export function ganProbeContext(state: GanState, request: SnapshotRequest, streams: SnapshotStreams): GanProbeContext {
  const dim = state.sampler.dim;
  return {
    state,
    streams,
    fakeSamples: once(() => (request.samples && request.samples > 0 ? state.generator.apply(state.noise(streams.samples, request.samples)) : undefined)),
    grid: once(() => {
      if (!request.discriminatorGrid) return undefined;
      const { xs, ys, points } = gridPoints(request.discriminatorGrid, dim);
      return { xs, ys, points, scores: state.discriminator.apply(tf.tensor2d(points, [points.length / dim, dim])) };
    }),
    generatorGaussian: once(() => generatorGaussian(state)),
  };
}

/** A copy that owns its buffer, so the worker can transfer it without detaching backend memory. */
export function readFloats(tensor: Tensor): Float32Array {
  return new Float32Array(tensor.dataSync());
}

/** As `readFloats`, asynchronously; disposes the tensor. */
export async function readFloatsAsync(tensor: Tensor): Promise<Float32Array> {
  try {
    return new Float32Array(await tensor.data());
  } finally {
    tensor.dispose();
  }
}

/** The grid's axes as a snapshot field's x (and y in 2-D), copied. */
const axes = (grid: Grid) => ({ x: grid.xs.slice(), ...(grid.ys ? { y: grid.ys.slice() } : {}) });

/**
 * The GAN probes, in the order they run. layerGradientNorms, activationGradientNorms and embeddings
 * draw from one stream in this order: do not reorder them.
 */
export const ganProbes: ProbeTable<GanProbeContext> = {
  samples: (c) => ({ samples: readFloats(c.fakeSamples()!) }),
  sampleGradients: (c) => {
    const x = c.fakeSamples();
    return x && { sampleGradients: readFloats(generatorLossGradient(c.state, x)) };
  },
  realSamples: (c, n) => ({ realSamples: c.state.sampler.sample(c.streams.real, n) }),
  discriminatorGrid: (c) => {
    const grid = c.grid()!;
    const { sampler, objective } = c.state;
    const density = sampler.dim === 1 ? sampler.density : undefined;
    return {
      discriminatorGrid: { x: grid.xs, ...(grid.ys ? { y: grid.ys } : {}), values: readFloats(objective.discriminatorOutput(grid.scores)) },
      ...(density ? { dataDensity: { x: grid.xs.slice(), density: grid.xs.map((value) => density(value)) } } : {}),
    };
  },
  gradientNormGrid: (c) => {
    const grid = c.grid();
    return grid && { gradientNormGrid: { ...axes(grid), values: inputGradientNormsOnGrid(c.state.critic, grid.points, c.state.sampler.dim) } };
  },
  generatorDensity: (c, n) => {
    const grid = c.grid();
    if (!grid || c.state.sampler.dim !== 1) return undefined;
    const values = readFloats(c.state.generator.apply(c.state.noise(c.streams.density, n)));
    return { generatorDensity: { x: grid.xs.slice(), density: histogramDensity(values, grid.xs) } };
  },
  critic: (c) => {
    const grid = c.grid();
    const divergence = c.state.boundDivergence;
    return grid && { divergence: divergence.id, critic: { ...axes(grid), values: readFloats(activationTensor(divergence, grid.scores)) } };
  },
  generatorDensityExact: (c) => {
    const grid = c.grid();
    const model = grid && c.state.sampler.dim === 1 ? c.generatorGaussian() : undefined;
    return model && { generatorGaussian: model, generatorDensityExact: { x: grid!.xs.slice(), density: grid!.xs.map((value) => normalPdf(value, model.mean, model.std)) } };
  },
  optimalCritic: (c) => {
    const grid = c.grid();
    const model = grid && c.state.sampler.dim === 1 ? c.generatorGaussian() : undefined;
    if (!model) return undefined;
    const data = dataDensity1d(c.state.experiment);
    const divergence = c.state.boundDivergence;
    const optimal = data && { divergence: divergence.id, optimalCritic: { x: grid!.xs.slice(), values: optimalCriticValues(divergence, grid!.xs, data, densityOf({ kind: 'normal', ...model }, 'Q')) } };
    return { generatorGaussian: model, ...optimal };
  },
  criticBound: (c, n) => ({ divergence: c.state.boundDivergence.id, criticBound: criticBound(c.state, Math.floor(n)) }),
  wassersteinEstimate: (c, n) => ({ wassersteinEstimate: wassersteinEstimate(c.state, Math.floor(n)) }),
  criticBoundQuadrature: (c) => {
    const value = criticBoundByQuadrature(c.state, c.generatorGaussian());
    return value === undefined ? undefined : { divergence: c.state.boundDivergence.id, criticBoundQuadrature: value };
  },
  trueDivergence: (c) => {
    const model = c.generatorGaussian();
    const value = trueDivergence(c.state, model);
    return value === undefined ? undefined : { divergence: c.state.boundDivergence.id, trueDivergence: value, generatorGaussian: model };
  },
  generatorMap: (c, n) => (c.state.sampler.dim === 1 ? { generatorMap: generatorMap(c.state, n) } : undefined),
  layerSingularValues: (c) => {
    const weights = c.state.discriminator.effectiveWeights?.();
    return weights && { layerSingularValues: layerSingularValues(weights) };
  },
  layerGradientNorms: (c, n) => ({ layerGradientNorms: layerGradientNorms(c.state, c.streams.probe, Math.floor(n)) }),
  activationGradientNorms: (c, count) => {
    const { sampler, generator, discriminator } = c.state;
    const n = Math.floor(count);
    const rng = c.streams.probe;
    const real = tf.tensor2d(sampler.sample(rng, n), [n, sampler.dim]);
    const fake = generator.apply(c.state.noise(rng, n));
    const sign = tf.concat([tf.fill([n, 1], -1 / n), tf.fill([n, 1], 1 / n)]);
    const norms = activationGradientNorms(discriminator, tf.concat([real, fake]) as Tensor2D, (scores) => tf.sum(tf.mul(scores, sign)) as Scalar);
    return norms.length ? { activationGradientNorms: norms } : undefined;
  },
  embeddings: (c, n) => {
    const { discriminator, generator } = c.state;
    if (!discriminator.embed) return undefined;
    const codes = discriminator.embed(generator.apply(c.state.noise(c.streams.probe, Math.floor(n))));
    return { embeddings: { dim: codes.shape[1], codes: readFloats(codes), pullAway: pullAwayTerm(codes).dataSync()[0] } };
  },
  modeCoverage: (c, n) => {
    const { sampler, generator } = c.state;
    if (!sampler.modes) return undefined;
    return { modeCoverage: modeCoverage(readFloats(generator.apply(c.state.noise(c.streams.coverage, n))), sampler.dim, sampler.modes) };
  },
};

// ── Pure helpers (no network) ────────────────────────────────────────────────────────────────────

/** Mean and (population) variance in double precision (NaN for no values). */
export function meanAndVariance(values: ArrayLike<number>): { mean: number; variance: number } {
  let sum = 0;
  for (let i = 0; i < values.length; i++) sum += values[i];
  const mean = values.length ? sum / values.length : NaN;
  let squares = 0;
  for (let i = 0; i < values.length; i++) squares += (values[i] - mean) ** 2;
  return { mean, variance: values.length ? squares / values.length : NaN };
}

/**
 * F = mean(T on P's samples) − mean(f*(T) on Q's samples), with the standard error of the difference
 * of two independent means; `samples` is the number of draws of each.
 */
export function monteCarloBound(scores: ArrayLike<number>, penalties: ArrayLike<number>, samples: number): { value: number; standardError: number; samples: number } {
  const realTerm = meanAndVariance(scores);
  const fakeTerm = meanAndVariance(penalties);
  return {
    value: realTerm.mean - fakeTerm.mean,
    standardError: Math.sqrt(realTerm.variance / samples + fakeTerm.variance / samples),
    samples,
  };
}

/**
 * Composite Simpson's rule over n + 1 evenly spaced values (n even) with spacing h: weights 1, 4, 2,
 * 4, …, 4, 1 times h/3. −∞ when the sum is NaN (a penalty term that overflowed where q > 0).
 */
export function simpson(values: ArrayLike<number>, h: number): number {
  const n = values.length - 1;
  let total = 0;
  for (let i = 0; i <= n; i++) total += (i === 0 || i === n ? 1 : i % 2 === 1 ? 4 : 2) * values[i];
  return Number.isNaN(total) ? -Infinity : (total * h) / 3;
}

/**
 * Noise quantiles at evenly spaced levels (i + ½)/count: Φ⁻¹ of them for normal noise, their image
 * under u ↦ −1 + 2u for uniform noise on [−1, 1].
 */
export function noiseQuantiles(count: number, noise: 'normal' | 'uniform'): Float32Array {
  const z = new Float32Array(count);
  for (let i = 0; i < count; i++) {
    const level = (i + 0.5) / count;
    z[i] = noise === 'normal' ? normalQuantile(level) : -1 + 2 * level;
  }
  return z;
}

/**
 * The distribution N(b, ‖a‖²) of x = Σ a_i z_i + b (z ~ N(0, I)), from the map's outputs at 0 and at
 * each unit vector: outputs[0] = b, outputs[i] − b = a_i. Undefined when ‖a‖ = 0 or a value is not finite.
 */
export function gaussianOfAffineMap(outputs: ArrayLike<number>, noiseDim: number): Gaussian | undefined {
  const mean = outputs[0];
  let variance = 0;
  for (let i = 1; i <= noiseDim; i++) variance += (outputs[i] - mean) ** 2;
  const std = Math.sqrt(variance);
  return std > 0 && Number.isFinite(std) && Number.isFinite(mean) ? { mean, std } : undefined;
}

/** T*(x) = f′(p(x)/q(x)), with the ratio taken from log densities (±Infinity where it over- or underflows). */
export function optimalCriticValues(divergence: FDivergence, xs: Float32Array, data: Density1D, model: Density1D): Float32Array {
  return xs.map((x) => divergence.derivative(Math.exp(data.logDensity(x) - model.logDensity(x))));
}

/** The data's exact 1-D density (mixture-1d), in the evaluators' log-space form. */
export function dataDensity1d(experiment: Experiment): Density1D | undefined {
  const data = experiment.data;
  return data.kind === 'mixture-1d' ? densityOf({ kind: 'mixture', components: data.components }, 'P') : undefined;
}

// ── Probes of the networks ───────────────────────────────────────────────────────────────────────

/** Simpson intervals for criticBoundByQuadrature (even; about 0.02 std per interval for the figures' densities). */
const QUADRATURE_INTERVALS = 2048;

/**
 * The generator's exact distribution N(mean, std²) when it is a 1-D affine map of normal noise,
 * x = Σ a_i z_i + b (std = ‖a‖), read off the map itself: G(0) = b and G(e_i) − b = a_i.
 * Undefined for other generators, or when the map has collapsed to a point.
 */
export function generatorGaussian(state: GanState): Gaussian | undefined {
  const { kind, noise, noiseDim } = state.experiment.generator;
  if (kind !== 'affine' || noise !== 'normal' || state.sampler.dim !== 1) return undefined;
  const inputs = new Float32Array((noiseDim + 1) * noiseDim);
  for (let i = 0; i < noiseDim; i++) inputs[(i + 1) * noiseDim + i] = 1;
  const outputs = tf.tidy(() => readFloats(state.generator.apply(tf.tensor2d(inputs, [noiseDim + 1, noiseDim]))));
  return gaussianOfAffineMap(outputs, noiseDim);
}

/** F = E_P[T] − E_Q[f*(T)] on the fixed evaluation set (n real points and n noise vectors). */
function criticBound(state: GanState, samples: number): { value: number; standardError: number; samples: number } {
  const { real, noise } = state.evaluationSet(samples);
  const [scores, penalties] = tf.tidy(() => [
    readFloats(activationTensor(state.boundDivergence, state.discriminator.apply(real))),
    readFloats(conjugateOfActivationTensor(state.boundDivergence, state.discriminator.apply(state.generator.apply(noise)))),
  ]);
  return monteCarloBound(scores, penalties, samples);
}

/** E_P[D] − E_Q[D] on the fixed evaluation set: the critic's estimate of W₁ (Wasserstein objective). */
function wassersteinEstimate(state: GanState, samples: number): number {
  const { real, noise } = state.evaluationSet(samples);
  const { discriminator, generator } = state;
  return tf.tidy(() => tf.sub(tf.mean(discriminator.apply(real)), tf.mean(discriminator.apply(generator.apply(noise)))).dataSync()[0]);
}

/**
 * F = ∫ p·T − ∫ q·f*(T) for known 1-D densities, by composite Simpson on QUADRATURE_INTERVALS
 * intervals spanning every component's mean ± 10 std (P's and Q's). The critic is a smooth or
 * piecewise-linear function and the densities are Gaussian, so the rule's error is far below what
 * a figure shows; where q = 0 the penalty term is 0 whatever f*(T) is. −∞ if f*(T) overflows
 * where q > 0 (the critic's penalty is then genuinely enormous).
 */
function criticBoundByQuadrature(state: GanState, model: Gaussian | undefined): number | undefined {
  const data = state.experiment.data;
  if (data.kind !== 'mixture-1d' || !model) return undefined;
  const dataDensity = dataDensity1d(state.experiment)!;
  const modelDensity = densityOf({ kind: 'normal', ...model }, 'Q');
  const components = [...data.components, model];
  const left = Math.min(...components.map((c) => c.mean - 10 * c.std));
  const right = Math.max(...components.map((c) => c.mean + 10 * c.std));
  const n = QUADRATURE_INTERVALS;
  const h = (right - left) / n;
  const nodes = new Float32Array(n + 1);
  for (let i = 0; i <= n; i++) nodes[i] = left + i * h;
  const [scores, penalties] = tf.tidy(() => {
    const v = state.discriminator.apply(tf.tensor2d(nodes, [n + 1, 1]));
    return [readFloats(activationTensor(state.boundDivergence, v)), readFloats(conjugateOfActivationTensor(state.boundDivergence, v))];
  });
  const values = new Float64Array(n + 1);
  for (let i = 0; i <= n; i++) {
    const x = left + i * h;
    const p = Math.exp(dataDensity.logDensity(x));
    const q = Math.exp(modelDensity.logDensity(x));
    values[i] = (p > 0 ? p * scores[i] : 0) - (q > 0 ? q * penalties[i] : 0);
  }
  return simpson(values, h);
}

/** D_f(P‖Q) when both densities are known; cached in the state while the generator's Gaussian is unchanged. */
function trueDivergence(state: GanState, model: Gaussian | undefined): number | undefined {
  const data = dataDensity1d(state.experiment);
  if (!data || !model) return undefined;
  const cached = state.trueDivergenceCache;
  if (cached && cached.mean === model.mean && cached.std === model.std) return cached.value;
  // 1e−8 relative is far below what a figure or a test can see, and several times faster than the default.
  const value = divergenceDensity(state.boundDivergence, data, densityOf({ kind: 'normal', ...model }, 'Q'), { tolerance: 1e-8 });
  state.trueDivergenceCache = { ...model, value };
  return value;
}

/** Per-sample ∂ℓ_G/∂x: the gradient of the batch-mean loss times the batch size. */
function generatorLossGradient(state: GanState, x: Tensor2D): Tensor {
  const n = x.shape[0];
  return tf.grad((points: Tensor) => tf.mul(totalLoss(state.objective.generatorLoss({ fake: points as Tensor2D, critic: state.critic }).terms), n))(x);
}

/** The noise quantiles z_i and their images G(z_i) (the other noise coordinates 0). */
function generatorMap(state: GanState, count: number): { z: Float32Array; x: Float32Array } {
  const { noise, noiseDim } = state.experiment.generator;
  const z = noiseQuantiles(count, noise);
  const input = new Float32Array(count * noiseDim);
  for (let i = 0; i < count; i++) input[i * noiseDim] = z[i];
  return { z, x: readFloats(state.generator.apply(tf.tensor2d(input, [count, noiseDim]))) };
}

/** ‖∂L_D/∂W_l‖ per weight matrix (the rank-2 variables) on fresh batches of n real and n fake points. */
function layerGradientNorms(state: GanState, rng: Rng, n: number): number[] {
  const { experiment, sampler, generator, discriminator, objective, critic } = state;
  const { realLabel } = experiment.training;
  const real = tf.tensor2d(sampler.sample(rng, n), [n, sampler.dim]);
  const fake = generator.apply(state.noise(rng, n));
  const weights = discriminator.variables.filter((variable) => variable.rank === 2);
  const loss = () => totalLoss(objective.discriminatorLoss({ real, fake, critic, realLabel, uniform: (m) => tf.tensor2d(rng.fillUniform(new Float32Array(m)), [m, 1]) }).terms);
  return weightGradientNorms(loss, weights);
}
