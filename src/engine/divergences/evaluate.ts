/**
 * Evaluators: D_f(P‖Q) for discrete distributions and for 1-D densities, and the 1-D Wasserstein-1
 * distance W₁ for comparison (W₁ is not an f-divergence; it is reached as `evaluate('w1', …)`).
 *
 * Zeros and infinities (discrete and continuous alike), with D_f = Σ q·f(p/q):
 * - p = q = 0 contributes 0;
 * - q > 0 = p contributes q·f(0⁺) (+∞ when f(0⁺) is, e.g. reverse KL);
 * - p > 0 = q contributes p·f′(∞) with f′(∞) = lim_{u→∞} f(u)/u: finite for TV, JS, GAN, Hellinger,
 *   Neyman, reverse KL and α < 1; +∞ for KL, Pearson, Jeffrey and α > 1.
 *
 * For densities the integrand is evaluated from log p and log q, and through the non-negative
 * f̃(u) = f(u) − f(1) − f′(1)(u − 1) (f convex, so f̃ ≥ 0; D_f = ∫ q f̃(p/q) + f(1) because
 * ∫(p − q) = 0). Log space keeps density ratios far beyond e^{±700} meaningful, and non-negativity
 * lets the integrator decide convergence: see integrate.ts. A divergent integral is reported as +∞,
 * never as a large number that depends on the grid.
 */
import { integrateRealLine, type RealLineOptions } from './integrate';
import { logNormalPdf, logSumExp, normalCdf, normalSurvival } from './numeric';
import { getDivergence, type FDivergence } from './registry';

// ── Distribution specs ──────────────────────────────────────────────────────────────────────────

export interface NormalComponent {
  weight: number;
  mean: number;
  std: number;
}

export type DistributionSpec =
  /** A distribution on {0, 1, 2, …}: probs[k] = P(X = k). */
  | { kind: 'discrete'; probs: readonly number[] }
  | { kind: 'normal'; mean: number; std: number }
  /** A 1-D Gaussian mixture; the weights are normalised to sum to 1. */
  | { kind: 'mixture'; components: readonly NormalComponent[] };

export type ContinuousSpec = Exclude<DistributionSpec, { kind: 'discrete' }>;

/** Bad input: the message is one sentence fit for a reader or a command line. */
export class DivergenceInputError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'DivergenceInputError';
  }
}

/** How far a probability list's sum may be from 1. */
export const PROBABILITY_SUM_TOLERANCE = 1e-6;

/** Throws DivergenceInputError unless probs is a probability vector (entries ≥ 0, sum within 1e−6 of 1). */
export function checkProbabilities(probs: readonly number[], label = 'P'): void {
  if (probs.length === 0) throw new DivergenceInputError(`${label} has no probabilities`);
  let sum = 0;
  for (const [index, value] of probs.entries()) {
    if (!Number.isFinite(value)) throw new DivergenceInputError(`${label}[${index}] is not a finite number`);
    if (value < 0) throw new DivergenceInputError(`${label}[${index}] = ${value} is negative`);
    sum += value;
  }
  if (Math.abs(sum - 1) > PROBABILITY_SUM_TOLERANCE) {
    throw new DivergenceInputError(`${label} sums to ${sum}, not 1 (allowed error ${PROBABILITY_SUM_TOLERANCE})`);
  }
}

function checkNormal(mean: number, std: number, label: string): void {
  if (!Number.isFinite(mean)) throw new DivergenceInputError(`${label}: the mean must be a finite number`);
  if (!Number.isFinite(std) || std <= 0) throw new DivergenceInputError(`${label}: the std must be a positive number (got ${std})`);
}

/** The components of a continuous spec, validated, with weights normalised to sum to 1. */
export function normalComponents(spec: ContinuousSpec, label = 'P'): NormalComponent[] {
  if (spec.kind === 'normal') {
    checkNormal(spec.mean, spec.std, label);
    return [{ weight: 1, mean: spec.mean, std: spec.std }];
  }
  if (spec.components.length === 0) throw new DivergenceInputError(`${label}: a mixture needs at least one component`);
  let totalWeight = 0;
  for (const [index, component] of spec.components.entries()) {
    checkNormal(component.mean, component.std, `${label} component ${index}`);
    if (!Number.isFinite(component.weight) || component.weight < 0) {
      throw new DivergenceInputError(`${label} component ${index}: the weight must be a non-negative number`);
    }
    totalWeight += component.weight;
  }
  if (!(totalWeight > 0)) throw new DivergenceInputError(`${label}: the mixture weights sum to 0`);
  return spec.components
    .filter((component) => component.weight > 0)
    .map((component) => ({ ...component, weight: component.weight / totalWeight }));
}

/** A 1-D density described for the integrators. */
export interface Density1D {
  logDensity(x: number): number;
  cdf(x: number): number;
  survival(x: number): number;
  /** Points that bracket the mass (e.g. mean + k·std for each component), in any order. */
  breakpoints: readonly number[];
  /** A length on which the density changes (the largest std). */
  scale: number;
}

const BREAKPOINT_OFFSETS = [-10, -6, -3, -1.5, 0, 1.5, 3, 6, 10];

/** The Density1D of a normal or a Gaussian mixture. */
export function densityOf(spec: ContinuousSpec, label = 'P'): Density1D {
  const components = normalComponents(spec, label);
  const logWeights = components.map((component) => Math.log(component.weight));
  return {
    logDensity: (x) =>
      components.length === 1
        ? logNormalPdf(x, components[0].mean, components[0].std)
        : logSumExp(components.map((component, i) => logWeights[i] + logNormalPdf(x, component.mean, component.std))),
    cdf: (x) => components.reduce((sum, c) => sum + c.weight * normalCdf(x, c.mean, c.std), 0),
    survival: (x) => components.reduce((sum, c) => sum + c.weight * normalSurvival(x, c.mean, c.std), 0),
    breakpoints: components.flatMap((c) => BREAKPOINT_OFFSETS.map((k) => c.mean + k * c.std)),
    scale: Math.max(...components.map((component) => component.std)),
  };
}

// ── The pointwise term q·f(p/q) ─────────────────────────────────────────────────────────────────

/** Beyond |log(p/q)| of this size, f is taken from its end behaviour instead of being evaluated. */
const LOG_RATIO_LIMIT = 700;

/**
 * q·f̃(p/q) ≥ 0 from log p and log q (either may be −∞), f̃(u) = f(u) − f(1) − f′(1)(u − 1).
 * For u = p/q ≤ 1 it is q·f̃(u); for u > 1 it is p·f̃(u)/u. Where u is too small or too large to
 * evaluate f, the record's end behaviour gives log f̃ (resp. log(f̃(u)/u)) directly.
 */
export function shiftedTerm(divergence: FDivergence, logP: number, logQ: number): number {
  if (logP === -Infinity && logQ === -Infinity) return 0;
  const atOne = divergence.valueAtOne;
  const slopeAtOne = divergence.derivativeAtOne;
  const shifted = (u: number) => divergence.f(u) - atOne - slopeAtOne * (u - 1);
  const logRatio = logP - logQ;

  if (logRatio <= 0) {
    let logShifted = NaN;
    if (logRatio >= -LOG_RATIO_LIMIT || divergence.nearZero.kind === 'finite') {
      const value = shifted(Math.exp(logRatio));
      if (Number.isFinite(value)) logShifted = Math.log(Math.max(value, 0));
    }
    if (Number.isNaN(logShifted)) logShifted = logShiftedNearZero(divergence, logRatio);
    return Math.exp(logQ + logShifted);
  }

  let logShiftedPerU = NaN;
  if (logRatio <= LOG_RATIO_LIMIT) {
    const u = Math.exp(logRatio);
    const value = shifted(u) / u;
    if (Number.isFinite(value)) logShiftedPerU = Math.log(Math.max(value, 0));
  }
  if (Number.isNaN(logShiftedPerU)) logShiftedPerU = logShiftedNearInfinity(divergence, logRatio);
  return Math.exp(logP + logShiftedPerU);
}

/** log f̃(u) for u = e^s → 0. */
function logShiftedNearZero(divergence: FDivergence, s: number): number {
  const offset = divergence.derivativeAtOne - divergence.valueAtOne; // f̃ = f − f(1) + f′(1) − f′(1)u
  const end = divergence.nearZero;
  switch (end.kind) {
    case 'finite':
      return Math.log(Math.max(end.value + offset, 0));
    case 'power':
      return Math.log(end.coefficient) - end.exponent * s;
    case 'log':
      return Math.log(end.coefficient * -s + offset);
  }
}

/** log(f̃(u)/u) for u = e^s → ∞. */
function logShiftedNearInfinity(divergence: FDivergence, s: number): number {
  const end = divergence.nearInfinity;
  switch (end.kind) {
    case 'finite':
      return Math.log(Math.max(end.value - divergence.derivativeAtOne, 0));
    case 'power':
      return Math.log(end.coefficient) + end.exponent * s;
    case 'log':
      return Math.log(end.coefficient * s - divergence.derivativeAtOne);
  }
}

/** The pointwise contribution q·f(p/q) for density (or probability) values p, q ≥ 0. */
export function pointwiseTerm(divergenceOrId: FDivergence | string, p: number, q: number): number {
  const divergence = typeof divergenceOrId === 'string' ? getDivergence(divergenceOrId) : divergenceOrId;
  if (p === 0 && q === 0) return 0;
  // The plain formula where p/q is an ordinary number; log space for zeros and extreme ratios.
  const ratio = p / q;
  if (ratio > 1e-300 && ratio < 1e300) {
    const direct = q * divergence.f(ratio);
    if (Number.isFinite(direct)) return direct;
  }
  const shifted = shiftedTerm(divergence, Math.log(p), Math.log(q));
  if (shifted === Infinity) return Infinity;
  return shifted + divergence.valueAtOne * q + divergence.derivativeAtOne * (p - q);
}

// ── Discrete ────────────────────────────────────────────────────────────────────────────────────

/** Pads the shorter list with zeros (both are distributions on 0, 1, 2, …). */
function padded(p: readonly number[], q: readonly number[]): [number[], number[]] {
  const length = Math.max(p.length, q.length);
  const pad = (values: readonly number[]) => [...values, ...Array<number>(length - values.length).fill(0)];
  return [pad(p), pad(q)];
}

/** D_f(P‖Q) = Σ_k q_k f(p_k/q_k) for distributions on {0, 1, 2, …} (a shorter list is padded with zeros). */
export function divergenceDiscrete(divergenceOrId: FDivergence | string, p: readonly number[], q: readonly number[]): number {
  const divergence = typeof divergenceOrId === 'string' ? getDivergence(divergenceOrId) : divergenceOrId;
  checkProbabilities(p, 'P');
  checkProbabilities(q, 'Q');
  const [pFull, qFull] = padded(p, q);
  let total = 0;
  for (let k = 0; k < pFull.length; k++) total += pointwiseTerm(divergence, pFull[k], qFull[k]);
  return total;
}

/**
 * The variational lower bound F(T) = E_P[T] − E_Q[f*(T)] for a critic given by its values T_k on
 * {0, 1, …}. F(T) ≤ D_f(P‖Q), with equality at T* = f′(p/q).
 */
export function variationalBoundDiscrete(
  divergenceOrId: FDivergence | string,
  critic: readonly number[],
  p: readonly number[],
  q: readonly number[],
): number {
  const divergence = typeof divergenceOrId === 'string' ? getDivergence(divergenceOrId) : divergenceOrId;
  let bound = 0;
  for (let k = 0; k < critic.length; k++) {
    if (p[k] > 0) bound += p[k] * critic[k];
    if (q[k] > 0) bound -= q[k] * divergence.conjugate(critic[k]);
  }
  return bound;
}

/** W₁ on {0, 1, 2, …} with unit spacing: Σ_k |F_P(k) − F_Q(k)|. */
export function w1Discrete(p: readonly number[], q: readonly number[]): number {
  checkProbabilities(p, 'P');
  checkProbabilities(q, 'Q');
  const [pFull, qFull] = padded(p, q);
  let cdfP = 0;
  let cdfQ = 0;
  let total = 0;
  // The last CDF difference is (sum P − sum Q) ≈ 0 and is not a gap between two support points.
  for (let k = 0; k + 1 < pFull.length; k++) {
    cdfP += pFull[k];
    cdfQ += qFull[k];
    total += Math.abs(cdfP - cdfQ);
  }
  return total;
}

// ── Continuous ──────────────────────────────────────────────────────────────────────────────────

export interface DensityOptions {
  /** Relative tolerance of the integration (default 1e−10). */
  tolerance?: number;
}

function integrationOptions(options: DensityOptions): RealLineOptions {
  const relativeTolerance = options.tolerance ?? 1e-10;
  return { relativeTolerance, absoluteTolerance: Math.min(1e-13, relativeTolerance * 1e-3) };
}

function sortedBreakpoints(...densities: Density1D[]): number[] {
  return [...new Set(densities.flatMap((density) => density.breakpoints))].sort((a, b) => a - b);
}

const asDensity = (value: Density1D | ContinuousSpec, label: string): Density1D =>
  'logDensity' in value ? value : densityOf(value, label);

/** D_f(P‖Q) for 1-D densities; +∞ when the integral diverges. */
export function divergenceDensity(
  divergenceOrId: FDivergence | string,
  p: Density1D | ContinuousSpec,
  q: Density1D | ContinuousSpec,
  options: DensityOptions = {},
): number {
  const divergence = typeof divergenceOrId === 'string' ? getDivergence(divergenceOrId) : divergenceOrId;
  const densityP = asDensity(p, 'P');
  const densityQ = asDensity(q, 'Q');
  const integral = integrateRealLine(
    (x) => shiftedTerm(divergence, densityP.logDensity(x), densityQ.logDensity(x)),
    sortedBreakpoints(densityP, densityQ),
    Math.max(densityP.scale, densityQ.scale),
    integrationOptions(options),
  );
  return integral === Infinity ? Infinity : integral + divergence.valueAtOne;
}

/** W₁(P, Q) = ∫ |F_P(x) − F_Q(x)| dx for 1-D densities (survival functions in the upper tail, for accuracy). */
export function w1Density(p: Density1D | ContinuousSpec, q: Density1D | ContinuousSpec, options: DensityOptions = {}): number {
  const densityP = asDensity(p, 'P');
  const densityQ = asDensity(q, 'Q');
  const breakpoints = sortedBreakpoints(densityP, densityQ);
  const middle = breakpoints[Math.floor(breakpoints.length / 2)];
  return integrateRealLine(
    (x) =>
      x <= middle
        ? Math.abs(densityP.cdf(x) - densityQ.cdf(x))
        : Math.abs(densityP.survival(x) - densityQ.survival(x)),
    breakpoints,
    Math.max(densityP.scale, densityQ.scale),
    integrationOptions(options),
  );
}

// ── One entry point ─────────────────────────────────────────────────────────────────────────────

/**
 * D(P‖Q) for any registry id, or W₁ for 'w1', on two discrete or two continuous specs.
 * Throws DivergenceInputError on bad specs or a discrete/continuous mix, UnknownDivergenceError on
 * an unknown id.
 */
export function evaluate(id: string, p: DistributionSpec, q: DistributionSpec, options: DensityOptions = {}): number {
  const divergence = id === 'w1' ? null : getDivergence(id);
  if ((p.kind === 'discrete') !== (q.kind === 'discrete')) {
    throw new DivergenceInputError('cannot compare a discrete distribution with a continuous one: give both as probability lists or both as densities');
  }
  if (p.kind === 'discrete' && q.kind === 'discrete') {
    return divergence ? divergenceDiscrete(divergence, p.probs, q.probs) : w1Discrete(p.probs, q.probs);
  }
  const densityP = densityOf(p as ContinuousSpec, 'P');
  const densityQ = densityOf(q as ContinuousSpec, 'Q');
  return divergence ? divergenceDensity(divergence, densityP, densityQ, options) : w1Density(densityP, densityQ, options);
}
