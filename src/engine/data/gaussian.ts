/**
 * Gaussian densities, the normal CDF and its inverse: the exact formulas behind the mixture
 * samplers, the "data density" curve in 1-D figures and the noise quantiles of the generator map.
 */

const SQRT_TWO_PI = Math.sqrt(2 * Math.PI);

/** Density of N(mean, std²) at x. */
export function normalPdf(x: number, mean: number, std: number): number {
  const u = (x - mean) / std;
  return Math.exp(-0.5 * u * u) / (std * SQRT_TWO_PI);
}

export interface GaussianComponent {
  mean: number;
  std: number;
  /** Unnormalised weight; the mixture divides by the sum of weights. */
  weight: number;
}

/** Density of a 1-D Gaussian mixture p(x) = Σ_k w_k N(x; μ_k, σ_k²) / Σ_k w_k. */
export function mixturePdf(x: number, components: readonly GaussianComponent[]): number {
  let total = 0;
  let weightSum = 0;
  for (const c of components) {
    total += c.weight * normalPdf(x, c.mean, c.std);
    weightSum += c.weight;
  }
  return total / weightSum;
}

/**
 * Density of an equal-weight mixture of isotropic Gaussians in any dimension:
 * p(x) = (1/K) Σ_k (2πσ²)^(−d/2) exp(−‖x − μ_k‖² / 2σ²).
 */
export function isotropicMixturePdf(point: readonly number[], means: readonly (readonly number[])[], std: number): number {
  const dim = point.length;
  const normaliser = Math.pow(2 * Math.PI * std * std, -dim / 2);
  let total = 0;
  for (const mean of means) {
    let squared = 0;
    for (let j = 0; j < dim; j++) squared += (point[j] - mean[j]) ** 2;
    total += Math.exp(-squared / (2 * std * std));
  }
  return (normaliser * total) / means.length;
}

/**
 * The error function. For |x| < 3 its Maclaurin series erf x = (2/√π) Σ (−1)ⁿ x^(2n+1) / (n!(2n+1))
 * converges to about 1e-13; beyond that, erf x = 1 − erfc x with erfc from its continued fraction
 * erfc x = e^(−x²)/√π · 1/(x + (1/2)/(x + 1/(x + (3/2)/(x + …)))), evaluated bottom-up.
 */
export function erf(x: number): number {
  if (x < 0) return -erf(-x);
  if (x < 3) {
    let term = x; // (−1)ⁿ x^(2n+1) / n!
    let sum = x;
    for (let n = 1; n < 60; n++) {
      term *= (-x * x) / n;
      const contribution = term / (2 * n + 1);
      sum += contribution;
      if (Math.abs(contribution) < 1e-17 * Math.abs(sum)) break;
    }
    return (2 / Math.sqrt(Math.PI)) * sum;
  }
  let fraction = x;
  for (let k = 60; k >= 1; k--) fraction = x + k / 2 / fraction;
  return 1 - Math.exp(-x * x) / Math.sqrt(Math.PI) / fraction;
}

/** Standard normal CDF Φ(x) = (1 + erf(x/√2))/2. */
export function normalCdf(x: number): number {
  return 0.5 * (1 + erf(x / Math.SQRT2));
}

/**
 * Standard normal quantile Φ⁻¹(p) for p in (0, 1): Newton's method on Φ(x) = p from x = 0,
 * falling back to bisection steps whenever Newton would leave the current bracket.
 */
export function normalQuantile(p: number): number {
  if (!(p > 0 && p < 1)) throw new RangeError(`normalQuantile needs 0 < p < 1, got ${p}`);
  let low = -40;
  let high = 40;
  let x = 0;
  for (let iteration = 0; iteration < 100; iteration++) {
    const error = normalCdf(x) - p;
    if (error === 0) return x;
    if (error > 0) high = x;
    else low = x;
    let next = x - error / normalPdf(x, 0, 1);
    if (!(next >= low && next <= high)) next = (low + high) / 2;
    if (Math.abs(next - x) < 1e-14 * Math.max(1, Math.abs(x))) return next;
    x = next;
  }
  return x;
}
