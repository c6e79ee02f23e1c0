/**
 * MINE's data: seeded samplers for the joint P_XZ and for the product of the marginals P_X ⊗ P_Z,
 * the true mutual information I(X; Z) and the optimal statistic T*(x, z) = log p(x, z)/(p(x)p(z)).
 * Pure JavaScript in double precision; no tensors.
 *
 * - correlated-gaussians: x ∼ N(0, I_dim), z_i = ρx_i + √(1 − ρ²)ε_i, ε ∼ N(0, I_dim). The pairs
 *   (x_i, z_i) are independent, so I = −(dim/2)·log(1 − ρ²) and T* is a sum over coordinates of the
 *   one-dimensional T* (gan-math §11.5).
 * - nonlinear: x ∼ U(−1, 1) (one-dimensional), z = f(x) + σε, ε ∼ N(0, 1), f ∈ {x, x³, sin x}.
 *   I = h(Z) − h(Z | X) = h(Z) − ½log(2πeσ²), with p(z) = ½∫_{−1}^{1} N(z; f(x), σ²) dx, by quadrature.
 *
 * A marginal batch pairs the joint batch's x with z's that are independent of them:
 * - 'independent': fresh z drawn from P_Z (for nonlinear data z = f(x′) + σε with a fresh x′);
 * - 'shuffled': the joint batch's own z, permuted by a seeded random permutation. What most code
 *   does; a permutation keeps one pair of the joint on average (its fixed points), which biases the
 *   minibatch bounds down (gan-math §11.5's table).
 */
import type { Rng } from '../../rng';
import type { MineDataSpec, MineExperiment } from './schema';

export type Marginals = MineExperiment['marginals'];
export type NonlinearFunction = Extract<MineDataSpec, { kind: 'nonlinear' }>['function'];

/** A batch of n pairs: x and z, each n × dim, row-major. */
export interface PairBatch {
  x: Float32Array;
  z: Float32Array;
}

export interface MineSampler {
  /** The dimension of x and of z (each). */
  readonly dim: number;
  /** n pairs from the joint P_XZ. */
  joint(rng: Rng, n: number): PairBatch;
  /** n fresh draws from the marginal P_Z (n × dim). */
  marginalZ(rng: Rng, n: number): Float32Array;
  /** T*(x, z) = log p(x, z)/(p(x)p(z)) for one pair (arrays of length dim, or offsets into batches). */
  optimalStatistic(x: ArrayLike<number>, z: ArrayLike<number>, offset?: number): number;
  /** I(X; Z) in nats (computed once, on first use: the non-linear case integrates numerically). */
  mutualInformation(): number;
}

export function createMineSampler(spec: MineDataSpec): MineSampler {
  return spec.kind === 'correlated-gaussians' ? gaussianSampler(spec.dim, spec.rho) : nonlinearSampler(spec.function, spec.noise);
}

/** A marginal batch's z for a joint batch of n pairs: fresh draws or a seeded permutation of its z. */
export function marginalZ(sampler: MineSampler, marginals: Marginals, rng: Rng, joint: PairBatch): Float32Array {
  const dim = sampler.dim;
  const n = joint.z.length / dim;
  if (marginals === 'independent') return sampler.marginalZ(rng, n);
  const order = permutation(rng, n);
  const z = new Float32Array(n * dim);
  for (let i = 0; i < n; i++) z.set(joint.z.subarray(order[i] * dim, (order[i] + 1) * dim), i * dim);
  return z;
}

/** A uniformly random permutation of 0 … n − 1 (Fisher–Yates, from the seeded stream). */
export function permutation(rng: Rng, n: number): Int32Array {
  const order = new Int32Array(n);
  for (let i = 0; i < n; i++) order[i] = i;
  for (let i = n - 1; i > 0; i--) {
    const j = rng.int(i + 1);
    const swap = order[i];
    order[i] = order[j];
    order[j] = swap;
  }
  return order;
}

/** Rows [x_i, z_i] (n × 2·dim), the statistics network's input. */
export function pairRows(x: Float32Array, z: Float32Array, dim: number): Float32Array {
  const n = x.length / dim;
  const rows = new Float32Array(2 * n * dim);
  for (let i = 0; i < n; i++) {
    rows.set(x.subarray(i * dim, (i + 1) * dim), 2 * i * dim);
    rows.set(z.subarray(i * dim, (i + 1) * dim), (2 * i + 1) * dim);
  }
  return rows;
}

// ── Correlated Gaussians ───────────────────────────────────────────────────────────────────────────

/** I(X; Z) = −(dim/2)·log(1 − ρ²) for dim independent pairs correlated by ρ (gan-math §9.2, §11.5). */
export function gaussianMutualInformation(dim: number, rho: number): number {
  return -(dim / 2) * Math.log1p(-rho * rho);
}

/**
 * The optimal statistic of one correlated pair (gan-math §11.5, d = 1):
 * T*(x, z) = −½log(1 − ρ²) − (ρ²x² − 2ρxz + ρ²z²)/(2(1 − ρ²)), the log density ratio
 * log p(x, z)/(p(x)p(z)). For dim pairs, T* is the sum over the coordinates.
 */
export function gaussianOptimalStatistic(x: number, z: number, rho: number): number {
  const rest = 1 - rho * rho;
  return -0.5 * Math.log(rest) - (rho * rho * x * x - 2 * rho * x * z + rho * rho * z * z) / (2 * rest);
}

function gaussianSampler(dim: number, rho: number): MineSampler {
  const spread = Math.sqrt(1 - rho * rho);
  return {
    dim,
    joint(rng, n) {
      const x = rng.fillNormal(new Float32Array(n * dim));
      const z = new Float32Array(n * dim);
      for (let i = 0; i < z.length; i++) z[i] = rho * x[i] + spread * rng.normal();
      return { x, z };
    },
    marginalZ: (rng, n) => rng.fillNormal(new Float32Array(n * dim)),
    optimalStatistic(x, z, offset = 0) {
      let total = 0;
      for (let i = 0; i < dim; i++) total += gaussianOptimalStatistic(x[offset + i], z[offset + i], rho);
      return total;
    },
    mutualInformation: () => gaussianMutualInformation(dim, rho),
  };
}

// ── Non-linear dependence ──────────────────────────────────────────────────────────────────────────

const functions: Record<NonlinearFunction, { f: (x: number) => number; slope: number }> = {
  x: { f: (x) => x, slope: 1 },
  cube: { f: (x) => x * x * x, slope: 3 }, // slope: max |f′| on [−1, 1], which sets the quadrature's step
  sin: { f: Math.sin, slope: 1 },
};

const LOG_SQRT_2PI = 0.5 * Math.log(2 * Math.PI);

/** Composite Simpson weights' pattern: 1, 4, 2, 4, …, 4, 1 (times h/3). */
const simpsonWeight = (i: number, n: number) => (i === 0 || i === n ? 1 : i % 2 === 1 ? 4 : 2);

/**
 * The marginal density of z = f(x) + σε, x ∼ U(−1, 1): p(z) = ½∫_{−1}^{1} N(z; f(x), σ²) dx.
 * Composite Simpson in x with steps of at most σ/(16·max|f′|): the integrand, seen as a function of
 * x, is a Gaussian bump at least σ/max|f′| wide, so each bump spans 16 or more steps.
 */
export function nonlinearMarginalDensity(fn: NonlinearFunction, sigma: number): (z: number) => number {
  const { f, slope } = functions[fn];
  const steps = 2 * Math.max(100, Math.ceil((16 * slope) / sigma));
  const h = 2 / steps;
  const means = new Float64Array(steps + 1);
  for (let i = 0; i <= steps; i++) means[i] = f(-1 + i * h);
  const scale = 1 / (sigma * Math.sqrt(2 * Math.PI));
  return (z) => {
    let total = 0;
    for (let i = 0; i <= steps; i++) {
      const u = (z - means[i]) / sigma;
      if (u < 12 && u > -12) total += simpsonWeight(i, steps) * Math.exp(-0.5 * u * u); // beyond: < e^(−72)
    }
    return 0.5 * scale * total * (h / 3);
  };
}

/**
 * I(X; Z) = h(Z) − ½log(2πeσ²) for z = f(x) + σε, x ∼ U(−1, 1). h(Z) = −∫ p log p by composite
 * Simpson in z over [min f − 12σ, max f + 12σ] (beyond it p < e^(−72)/σ, whose p·log p is far below
 * double precision's notice) with steps of at most σ/16; p from nonlinearMarginalDensity.
 */
export function nonlinearMutualInformation(fn: NonlinearFunction, sigma: number): number {
  const { f } = functions[fn];
  const density = nonlinearMarginalDensity(fn, sigma);
  const low = Math.min(f(-1), f(1)) - 12 * sigma; // every f here is monotone on [−1, 1]
  const high = Math.max(f(-1), f(1)) + 12 * sigma;
  const steps = 2 * Math.max(200, Math.ceil((8 * (high - low)) / sigma));
  const h = (high - low) / steps;
  let entropy = 0;
  for (let i = 0; i <= steps; i++) {
    const p = density(low + i * h);
    if (p > 0) entropy -= simpsonWeight(i, steps) * p * Math.log(p);
  }
  entropy *= h / 3;
  return entropy - 0.5 * Math.log(2 * Math.PI * Math.E * sigma * sigma);
}

function nonlinearSampler(fn: NonlinearFunction, sigma: number): MineSampler {
  const { f } = functions[fn];
  let density: ((z: number) => number) | null = null;
  let information: number | null = null;
  const draw = (rng: Rng, x: number) => f(x) + sigma * rng.normal();
  return {
    dim: 1,
    joint(rng, n) {
      const x = new Float32Array(n);
      const z = new Float32Array(n);
      for (let i = 0; i < n; i++) {
        x[i] = -1 + 2 * rng.uniform();
        z[i] = draw(rng, x[i]);
      }
      return { x, z };
    },
    marginalZ(rng, n) {
      const z = new Float32Array(n);
      for (let i = 0; i < n; i++) z[i] = draw(rng, -1 + 2 * rng.uniform());
      return z;
    },
    optimalStatistic(x, z, offset = 0) {
      // T* = log N(z; f(x), σ²) − log p(z), and −∞ outside x's support.
      const xi = x[offset];
      if (xi < -1 || xi > 1) return -Infinity;
      density ??= nonlinearMarginalDensity(fn, sigma);
      const u = (z[offset] - f(xi)) / sigma;
      return -0.5 * u * u - Math.log(sigma) - LOG_SQRT_2PI - Math.log(density(z[offset]));
    },
    mutualInformation: () => (information ??= nonlinearMutualInformation(fn, sigma)),
  };
}
