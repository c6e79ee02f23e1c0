/**
 * Engine-wide types: what a figure asks a session to compute (SnapshotRequest), what comes back
 * (Snapshot), the numbers recorded per step (StepMetrics) and the backend report. They belong to the
 * engine, not to the worker protocol, which only carries them.
 */
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

  // ── Critics under a Lipschitz constraint (Chapters 5–6).

  /** ‖∇ₓV(x)‖ of the discriminator's raw output on discriminatorGrid (same layout). */
  gradientNormGrid?: boolean;
  /** E_P[D] − E_Q[D] on a fixed evaluation set of this many samples of each (Wasserstein objective). */
  wassersteinEstimate?: number;
  /** The singular values of each discriminator layer's weight as used (after SN), largest first. */
  layerSingularValues?: boolean;
  /** ‖∂L_D/∂W_l‖ for each discriminator weight matrix, on fresh batches of this many real and fake points. */
  layerGradientNorms?: number;
  /**
   * MLP discriminators: ‖∂L/∂h_l‖ for each hidden layer's activations h_l (a batch × width matrix),
   * on fresh batches of this many real and fake points, with L = E_Q[D] − E_P[D], the critic's loss
   * without any penalty (WGAN-GP's Figure 1b).
   */
  activationGradientNorms?: number;
  /** Autoencoder discriminators: the encoder's codes of this many generated points, and their mean squared cosine similarity. */
  embeddings?: number;

  // ── Games (Chapter 9).

  /** The whole path (θ, ψ) so far (thinned past a few thousand points). */
  gameTrajectory?: boolean;
  /** The update direction (−∂L/∂θ, ∂L/∂ψ) on a count × count grid over [min, max]² of (θ, ψ). */
  gameVectorField?: [min: number, max: number, count: number];

  // ── Mutual information (Chapter 8, the mine kind).

  /**
   * Both MINE bounds of the current statistic T, Donsker–Varadhan and f-divergence (so a figure can
   * show DV ≥ MINE-f at the same T), on a fixed evaluation set of this many joint pairs and as many
   * marginal pairs (fresh z), drawn once from the seed.
   */
  miEstimate?: number;
  /**
   * dim 1 only: T(x, z) on a grid, and the optimal statistic T*(x, z) = log p(x, z)/(p(x)p(z))
   * where it is known (both data kinds).
   */
  statisticsGrid?: { x: [min: number, max: number, count: number]; z: [min: number, max: number, count: number] };
  /** The true mutual information I(X; Z). */
  miTrue?: boolean;
  /** This many fresh joint pairs and as many marginal pairs (the session's marginals rule), for scatter plots. */
  pairSamples?: number;
  // ── Images (Chapter 9's MSG-GAN figure, the images kind).

  /**
   * This many generated images at every scale (4 × 4, 8 × 8, 16 × 16), from noise fixed for the
   * session's lifetime, so successive frames show the same samples improving.
   */
  imageSamples?: number;
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
  /** ‖∇ₓV(x)‖ on discriminatorGrid (see SnapshotRequest.gradientNormGrid). */
  gradientNormGrid?: { x: Float32Array; y?: Float32Array; values: Float32Array };
  /** E_P[D] − E_Q[D] on the fixed evaluation set (see SnapshotRequest.wassersteinEstimate). */
  wassersteinEstimate?: number;
  /** Per discriminator layer (first first): singular values, largest first. */
  layerSingularValues?: number[][];
  /** Per discriminator weight matrix (first first): ‖∂L_D/∂W_l‖. */
  layerGradientNorms?: number[];
  /** Per hidden discriminator layer (first first): ‖∂L/∂h_l‖ (see SnapshotRequest.activationGradientNorms). */
  activationGradientNorms?: number[];
  /** Codes (n × embeddingDim, row-major) of generated points and the pull-away term f_PT over them. */
  embeddings?: { dim: number; codes: Float32Array; pullAway: number };
  /** Games: the current point and, when asked for, the trajectory (θ₀, ψ₀, θ₁, ψ₁, …). */
  game?: { theta: number; psi: number; trajectory?: Float32Array };
  /** Games: the vector field, (dθ, dψ) per grid point, row-major with ψ outer. */
  gameVectorField?: { range: [number, number, number]; values: Float32Array };
  /** MINE: both bounds on the fixed evaluation set (see SnapshotRequest.miEstimate). */
  miEstimate?: MiEstimate;
  /** MINE, dim 1: T and (where known) T* on the grid, row-major with z outer (point i·|x| + j is (x_j, z_i)). */
  statisticsGrid?: { x: Float32Array; z: Float32Array; values: Float32Array; optimal?: Float32Array };
  /** MINE: the true I(X; Z) in nats. */
  miTrue?: number;
  /** MINE: rows [x, z] (n × 2·dim) of joint pairs and of marginal pairs. */
  pairSamples?: { joint: Float32Array; marginal: Float32Array };
  /**
   * Images: generated samples per scale (sizes[i] × sizes[i] pixels, n × size² row-major, in
   * [−1, 1]). `pooled`: the smaller scales are the final image average-pooled (a generator without
   * multi-scale outputs), not the generator's own intermediate images.
   */
  imageSamples?: { sizes: number[]; images: Float32Array[]; pooled: boolean };
}

/** MINE's estimates of I(X; Z) from one statistic T on one evaluation set. */
export interface MiEstimate {
  /** The experiment's own bound, and its value and standard error (copies of one of the two below). */
  bound: 'donsker-varadhan' | 'f-divergence';
  value: number;
  standardError: number;
  /** E_joint[T] − log E_marginal[e^T]. */
  donskerVaradhan: number;
  donskerVaradhanStandardError: number;
  /** E_joint[T] − E_marginal[e^(T − 1)]; never above donskerVaradhan. */
  fDivergence: number;
  fDivergenceStandardError: number;
  /** Joint pairs and marginal pairs (each) in the evaluation set. */
  samples: number;
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

/**
 * Numbers recorded after every training step, by name. A GAN records discriminatorLoss,
 * generatorLoss, generatorGradNorm and discriminatorGradNorm, plus its objective's named terms
 * (gradientPenalty, wassersteinEstimate, pullAway, r1, …); a MINE run records its bound; a game
 * its parameters. `step` is 1-based.
 */
export type StepMetrics = { step: number } & Record<string, number>;

/**
 * Where a figure trains: a TensorFlow.js backend, or 'wasm-fused', the engine's fast path for small
 * dense GANs (src/engine/fast: hand-written WebAssembly SIMD kernels train, TensorFlow.js on WASM
 * runs the probes). Its numbers agree with WASM's to float32 rounding, not bit for bit: hence a name
 * of its own.
 */
export type BackendName = 'webgpu' | 'wasm' | 'wasm-fused' | 'webgl' | 'cpu';

export interface BackendReport {
  name: BackendName;
  /** One sentence: why this backend runs (e.g. "WebGPU adapter is a software fallback; using WASM"). */
  reason: string;
}

