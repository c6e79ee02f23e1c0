/**
 * The typed messages between a figure on the page (the client) and its training worker (the host).
 * Only plain, structured-clonable data crosses; Float32Arrays are transferred, not copied.
 */
import type { Experiment } from '../experiments/schema';

/** What a figure wants drawn; the host computes only what is asked for. */
export interface SnapshotRequest {
  /** Draw this many generator samples (2-D: points; 1-D: values). */
  samples?: number;
  /** Draw this many real data samples. */
  realSamples?: number;
  /** D(x) = σ(V(x)) on a regular grid: 1-D uses x only, 2-D uses x × y (row-major, y outer). */
  discriminatorGrid?: { x: [min: number, max: number, count: number]; y?: [min: number, max: number, count: number] };
  /** Gradient of the generator's loss with respect to each generated sample (arrows on points). */
  sampleGradients?: boolean;
  /** 1-D only: this many evenly spaced z (noise quantiles) and their images G(z), for the z → x lines. */
  generatorMap?: number;
  /** 1-D only: a histogram density estimate of p_g from this many samples, on discriminatorGrid's x. */
  generatorDensity?: number;
  /** Mode coverage (VEEGAN rule) from this many samples; only for mixture data. */
  modeCoverage?: number;

  // ── The variational bound (Chapters 3–4). "The divergence" is the f-GAN objective's, or 'gan'
  //    (2·JS − log 4) for the two GAN objectives, whose critic is T = log D = log σ(V).

  /** The critic T(x) = g_f(V(x)) on discriminatorGrid (same layout as its values). */
  critic?: boolean;
  /**
   * 1-D, on discriminatorGrid's x: the optimal critic T*(x) = f′(p(x)/q(x)), when both densities are
   * known exactly (mixture-1d data and an affine generator with normal noise).
   */
  optimalCritic?: boolean;
  /**
   * Monte-Carlo estimate of the bound F = E_P[T] − E_Q[f*(T)] from this many samples of P and as many
   * of Q (with its standard error). The samples are a fixed evaluation set for the trainer's
   * lifetime (the noise is fixed; the generated points move with G), so the curve over training
   * shows the critic's progress rather than fresh sampling noise at every step.
   */
  criticBound?: number;
  /**
   * 1-D, when both densities are known (as for optimalCritic): the same F by numerical integration,
   * ∫ p·T − ∫ q·f*(T) (composite Simpson over the mass of P and Q). Deterministic and far cheaper
   * than criticBound, so a live figure can ask for it every frame.
   */
  criticBoundQuadrature?: boolean;
  /** D_f(P‖Q) by numerical integration, when both densities are known (as for optimalCritic). */
  trueDivergence?: boolean;
  /**
   * 1-D, on discriminatorGrid's x: the exact density of an affine generator with normal noise,
   * x = a·z + b ~ N(b, ‖a‖²) (unlike generatorDensity, a histogram). Also sets generatorGaussian.
   */
  generatorDensityExact?: boolean;
}

export interface Snapshot {
  step: number;
  samples?: Float32Array; // n × dim, row-major
  realSamples?: Float32Array;
  dim: number;
  discriminatorGrid?: { x: Float32Array; y?: Float32Array; values: Float32Array };
  sampleGradients?: Float32Array; // same layout as samples
  generatorMap?: { z: Float32Array; x: Float32Array };
  generatorDensity?: { x: Float32Array; density: Float32Array };
  /** Exact data density on discriminatorGrid's x (1-D mixtures). */
  dataDensity?: { x: Float32Array; density: Float32Array };
  modeCoverage?: ModeCoverage;

  /** The registry id of the divergence behind critic, optimalCritic, criticBound and trueDivergence. */
  divergence?: string;
  /** T(x) = g_f(V(x)) on discriminatorGrid (same layout as discriminatorGrid). */
  critic?: { x: Float32Array; y?: Float32Array; values: Float32Array };
  /**
   * T*(x) = f′(p(x)/q(x)) on discriminatorGrid's x. May hold ±Infinity where T* is infinite (e.g. KL
   * where p underflows to 0: T* = 1 + log 0 = −∞); clip to the plot's range when drawing.
   */
  optimalCritic?: { x: Float32Array; values: Float32Array };
  /** F = E_P[T] − E_Q[f*(T)] estimated from `samples` draws of each; standardError is its Monte-Carlo standard error. */
  criticBound?: { value: number; standardError: number; samples: number };
  /** F = ∫ p·T − ∫ q·f*(T) by quadrature (see SnapshotRequest.criticBoundQuadrature). */
  criticBoundQuadrature?: number;
  /** D_f(P‖Q) (may be Infinity). */
  trueDivergence?: number;
  /** The affine 1-D generator's exact distribution N(mean, std²), when it is a Gaussian. */
  generatorGaussian?: { mean: number; std: number };
  /** Exact generator density on discriminatorGrid's x (see SnapshotRequest.generatorDensityExact). */
  generatorDensityExact?: { x: Float32Array; density: Float32Array };
}

export interface ModeCoverage {
  /** Fraction of samples within 3σ of their nearest mode. */
  highQualityFraction: number;
  /** Number of modes that are the nearest mode of at least one high-quality sample. */
  modesCaptured: number;
  modeCount: number;
  /** High-quality samples per mode. */
  counts: number[];
}

/** Numbers recorded after every training iteration. */
export interface StepMetrics {
  step: number;
  discriminatorLoss: number;
  generatorLoss: number;
  /** ‖∇θ L_G‖₂ over all generator parameters, at the last generator update. */
  generatorGradNorm: number;
  /** ‖∇ω L_D‖₂ over all discriminator parameters, at the last discriminator update. */
  discriminatorGradNorm: number;
}

export type BackendName = 'webgpu' | 'wasm' | 'webgl' | 'cpu';

export interface BackendReport {
  name: BackendName;
  /** One sentence: why this backend runs (e.g. "WebGPU adapter is a software fallback; using WASM"). */
  reason: string;
}

// ── page → worker ───────────────────────────────────────────────────────────────────────────────

export type ClientMessage =
  /** (Re)build the trainer from an experiment; replies 'ready' or 'error'. */
  | { type: 'init'; experiment: Experiment; snapshot: SnapshotRequest; backend?: BackendName }
  /** Train continuously (up to experiment.training.steps), sending 'progress' about every frameMs. */
  | { type: 'run'; frameMs?: number }
  | { type: 'pause' }
  /** Train exactly `count` iterations, then send one 'progress'. */
  | { type: 'step'; count: number }
  /** Change what is drawn; replies with a fresh 'progress'. */
  | { type: 'snapshot'; snapshot: SnapshotRequest }
  | { type: 'dispose' };

// ── worker → page ───────────────────────────────────────────────────────────────────────────────

export type HostMessage =
  | { type: 'ready'; backend: BackendReport; snapshot: Snapshot }
  | {
      type: 'progress';
      step: number;
      running: boolean;
      stepsPerSecond: number;
      /** Every iteration's metrics since the last progress message. */
      metrics: StepMetrics[];
      snapshot: Snapshot;
    }
  /** Training reached experiment.training.steps. */
  | { type: 'finished'; step: number }
  /**
   * kind 'invalid': the experiment was rejected; 'diverged': a loss or weight became NaN/∞ (training
   * stops, the last good snapshot stays drawn); 'backend': no backend could start; 'internal': a bug.
   */
  | { type: 'error'; kind: 'invalid' | 'diverged' | 'backend' | 'internal'; message: string; step?: number };
