/**
 * Small special functions the divergence registry and evaluators need, on plain numbers:
 * softplus, x·log x, log-sum-exp, the principal branch of Lambert W, and the normal
 * distribution's log-density, CDF and survival function (through erfc).
 *
 * Each one is written for the whole floating-point range it is used on (tails included), because
 * the evaluators work in log space to tell a divergent integral from a merely large one.
 */

/** softplus(x) = log(1 + eˣ), without overflow for large x or loss of digits for very negative x. */
export function softplus(x: number): number {
  return x > 0 ? x + Math.log1p(Math.exp(-x)) : Math.log1p(Math.exp(x));
}

/** x·log x with its limit 0 at x = 0. */
export function xlogx(x: number): number {
  return x === 0 ? 0 : x * Math.log(x);
}

/** log Σ exp(values[i]), exact when every value is −∞ (returns −∞). */
export function logSumExp(values: readonly number[]): number {
  let largest = -Infinity;
  for (const value of values) if (value > largest) largest = value;
  if (largest === -Infinity || largest === Infinity) return largest;
  let sum = 0;
  for (const value of values) sum += Math.exp(value - largest);
  return largest + Math.log(sum);
}

// ── Lambert W ───────────────────────────────────────────────────────────────────────────────────

const INVERSE_E = Math.exp(-1);

/**
 * The principal branch W₀(z), z ≥ −1/e: the unique w ≥ −1 with w·eʷ = z.
 * Starts from a series near the branch point or the asymptotic log z − log log z, then Halley's
 * iteration (cubic convergence; a handful of steps reach machine precision).
 */
export function lambertW(z: number): number {
  if (Number.isNaN(z)) return NaN;
  if (z === Infinity) return Infinity;
  if (z === 0) return 0;
  const gapToBranchPoint = z + INVERSE_E;
  // 1/e is rounded, so allow a few ulps below it before calling the argument out of range.
  if (gapToBranchPoint < -4 * Number.EPSILON) return NaN;
  if (gapToBranchPoint <= 4 * Number.EPSILON) return -1;

  let w: number;
  if (gapToBranchPoint < 0.25) {
    // W(z) = −1 + p − p²/3 + 11p³/72 − … with p = √(2(ez + 1)).
    const p = Math.sqrt(2 * Math.E * gapToBranchPoint);
    w = -1 + p - (p * p) / 3 + (11 / 72) * p * p * p;
  } else if (z < Math.E) {
    w = Math.log1p(z) * (z > 0 ? 0.8 : 1.2);
  } else {
    const logZ = Math.log(z);
    const logLogZ = Math.log(logZ);
    w = logZ - logLogZ + logLogZ / logZ;
  }

  for (let iteration = 0; iteration < 60; iteration++) {
    const expW = Math.exp(w);
    const residual = w * expW - z;
    const slope = expW * (w + 1);
    const denominator = slope - ((w + 2) * residual) / (2 * w + 2);
    if (denominator === 0 || !Number.isFinite(denominator)) break;
    const step = residual / denominator;
    w -= step;
    if (Math.abs(step) <= 4 * Number.EPSILON * (1 + Math.abs(w))) break;
  }
  return w;
}

/**
 * log W₀(eˣ), i.e. the y with e^y + y = x, for any real x (eˣ itself may overflow or underflow).
 * Newton's method on the convex increasing function e^y + y − x converges monotonically after the
 * first step; log(softplus(x)) is already close (≈ x for x ≪ 0, ≈ log x for x ≫ 0).
 */
export function logLambertWOfExp(x: number): number {
  if (Number.isNaN(x)) return NaN;
  if (x === Infinity) return Infinity;
  if (x === -Infinity) return -Infinity;
  let y = x < -30 ? x : Math.log(softplus(x));
  for (let iteration = 0; iteration < 100; iteration++) {
    const expY = Math.exp(y);
    const step = (expY + y - x) / (expY + 1);
    y -= step;
    if (Math.abs(step) <= 4 * Number.EPSILON * (1 + Math.abs(y))) break;
  }
  return y;
}

/** W₀(eˣ), without forming eˣ. */
export function lambertWOfExp(x: number): number {
  return Math.exp(logLambertWOfExp(x));
}

// ── The normal distribution ─────────────────────────────────────────────────────────────────────

const TWO_OVER_SQRT_PI = 2 / Math.sqrt(Math.PI);
const HALF_LOG_TWO_PI = 0.5 * Math.log(2 * Math.PI);

/**
 * The complementary error function erfc(x) = 1 − erf(x), to about 1e−15 relative accuracy.
 * |x| < 2.5: erf from its all-positive series e^{−x²}·Σ 2ⁿx^{2n+1}/(1·3·…·(2n+1)) (no cancellation);
 * x ≥ 2.5: the continued fraction erfc(x) = e^{−x²}/√π · 1/(x + (1/2)/(x + 1/(x + (3/2)/(x + …)))),
 * evaluated by the modified Lentz method; negative x through erfc(−x) = 2 − erfc(x).
 */
export function erfc(x: number): number {
  if (Number.isNaN(x)) return NaN;
  if (x < 0) return 2 - erfc(-x);
  if (x < 2.5) return 1 - erfSeries(x);
  if (x > 27.3) return 0; // below the smallest double
  return (Math.exp(-x * x) / Math.sqrt(Math.PI)) * erfcContinuedFraction(x);
}

/** erf(x) = 1 − erfc(x). */
export function erf(x: number): number {
  if (Math.abs(x) < 2.5) return Math.sign(x) * erfSeries(Math.abs(x));
  return 1 - erfc(x);
}

function erfSeries(x: number): number {
  const xSquared = x * x;
  let term = x;
  let sum = x;
  for (let n = 1; n < 200; n++) {
    term *= (2 * xSquared) / (2 * n + 1);
    sum += term;
    if (term <= sum * 1e-17) break;
  }
  return TWO_OVER_SQRT_PI * Math.exp(-xSquared) * sum;
}

/** 1/(x + a₁/(x + a₂/(x + …))) with aₙ = n/2, by the modified Lentz method. */
function erfcContinuedFraction(x: number): number {
  const tiny = 1e-300;
  let value = x;
  let c = x;
  let d = 0;
  for (let n = 1; n < 500; n++) {
    const a = n / 2;
    d = x + a * d;
    if (Math.abs(d) < tiny) d = tiny;
    c = x + a / c;
    if (Math.abs(c) < tiny) c = tiny;
    d = 1 / d;
    const delta = c * d;
    value *= delta;
    if (Math.abs(delta - 1) < 1e-16) break;
  }
  return 1 / value;
}

/** log of the N(mean, std²) density at x. */
export function logNormalPdf(x: number, mean: number, std: number): number {
  const z = (x - mean) / std;
  return -0.5 * z * z - Math.log(std) - HALF_LOG_TWO_PI;
}

/** P(X ≤ x) for X ∼ N(mean, std²), accurate deep in the lower tail. */
export function normalCdf(x: number, mean: number, std: number): number {
  return 0.5 * erfc(-(x - mean) / (std * Math.SQRT2));
}

/** P(X > x) for X ∼ N(mean, std²), accurate deep in the upper tail. */
export function normalSurvival(x: number, mean: number, std: number): number {
  return 0.5 * erfc((x - mean) / (std * Math.SQRT2));
}
