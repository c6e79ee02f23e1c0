/**
 * Numerical integration over the real line for the divergence evaluators.
 *
 * `integrateInterval` is globally adaptive Gauss–Kronrod (7-point Gauss inside a 15-point Kronrod
 * rule): it keeps a list of subintervals, repeatedly bisects the one with the largest error
 * estimate |K15 − G7|, and stops when the summed error is within tolerance.
 *
 * `integrateRealLine` integrates a NON-NEGATIVE integrand over ℝ: first a core interval split at the
 * given breakpoints, then tail pieces of doubling width on each side. Non-negativity makes the
 * partial integrals monotone, which is what lets it tell a convergent integral from a divergent one:
 * - it stops a tail when the last piece added almost nothing AND probes of the integrand at doubling
 *   distances out to 2^MAX_DOUBLINGS scale units find nothing that could still add to the total;
 * - it reports +∞ when the integrand is +∞ or NaN somewhere (the callers evaluate it in log space,
 *   so that means it exceeds the largest double), when the partial integral overflows, or when
 *   the tail still contributes after MAX_DOUBLINGS doublings (≈ 1.7·10⁷ scale units out). An
 *   integrand still that large so far out does not decay: the integral diverges.
 */

// 15-point Kronrod nodes on [−1, 1] (non-negative half, descending); odd indices 1, 3, 5 and the
// centre (index 7) are the 7-point Gauss nodes. The test checks their exactness on polynomials.
const KRONROD_NODES = [
  0.991455371120812639206854697526329, 0.949107912342758524526189684047851, 0.864864423359769072789712788640926,
  0.741531185599394439863864773280788, 0.586087235467691130294144845693013, 0.405845151377397166906606412076961,
  0.207784955007898467600689403773245, 0,
];
const KRONROD_WEIGHTS = [
  0.022935322010529224963732008058970, 0.063092092629978553290700663189204, 0.104790010322250183839876322541518,
  0.140653259715525918745189590510238, 0.169004726639267902826583426598550, 0.190350578064785409913256402421014,
  0.204432940075298892414161999234649, 0.209482141084727828012999174891714,
];
// Gauss weights for the nodes KRONROD_NODES[1], [3], [5] and the centre [7].
const GAUSS_WEIGHTS = [
  0.129484966168869693270611432679082, 0.279705391489276667901467771423780, 0.381830050505118944950369775488975,
  0.417959183673469387755102040816327,
];

/** The Kronrod and Gauss rules on [−1, 1], exposed for the exactness test. */
export const gaussKronrod15 = { nodes: KRONROD_NODES, weights: KRONROD_WEIGHTS, gaussWeights: GAUSS_WEIGHTS };

export interface IntegrationResult {
  value: number;
  /** Estimated absolute error. */
  error: number;
  /** False when the integrand was non-finite somewhere or the subdivision limit was reached. */
  ok: boolean;
}

interface Piece {
  a: number;
  b: number;
  value: number;
  error: number;
}

function applyRule(fn: (x: number) => number, a: number, b: number): Piece {
  const centre = 0.5 * (a + b);
  const halfWidth = 0.5 * (b - a);
  const fCentre = fn(centre);
  let kronrod = fCentre * KRONROD_WEIGHTS[7];
  let gauss = fCentre * GAUSS_WEIGHTS[3];
  for (let i = 0; i < 7; i++) {
    const offset = halfWidth * KRONROD_NODES[i];
    const pair = fn(centre - offset) + fn(centre + offset);
    kronrod += KRONROD_WEIGHTS[i] * pair;
    if (i % 2 === 1) gauss += GAUSS_WEIGHTS[(i - 1) / 2] * pair;
  }
  return { a, b, value: kronrod * halfWidth, error: Math.abs((kronrod - gauss) * halfWidth) };
}

export interface IntervalOptions {
  absoluteTolerance: number;
  relativeTolerance: number;
  /** Upper bound on the number of subintervals (default 4000). */
  maxPieces?: number;
}

/** ∫_a^b fn, globally adaptive over the initial split points `breakpoints` (sorted, inside [a, b]). */
export function integrateInterval(
  fn: (x: number) => number,
  breakpoints: readonly number[],
  options: IntervalOptions,
): IntegrationResult {
  const maxPieces = options.maxPieces ?? 4000;
  const pieces: Piece[] = [];
  for (let i = 0; i + 1 < breakpoints.length; i++) {
    if (breakpoints[i + 1] > breakpoints[i]) pieces.push(applyRule(fn, breakpoints[i], breakpoints[i + 1]));
  }
  // Running sums, updated as pieces are split (recomputed exactly before returning).
  let value = pieces.reduce((sum, piece) => sum + piece.value, 0);
  let error = pieces.reduce((sum, piece) => sum + piece.error, 0);
  const finish = (ok: boolean): IntegrationResult => ({
    value: pieces.reduce((sum, piece) => sum + piece.value, 0),
    error: pieces.reduce((sum, piece) => sum + piece.error, 0),
    ok,
  });

  while (true) {
    if (!Number.isFinite(value) || !Number.isFinite(error)) return { value: Infinity, error: Infinity, ok: false };
    if (error <= Math.max(options.absoluteTolerance, options.relativeTolerance * Math.abs(value))) return finish(true);
    if (pieces.length >= maxPieces) return finish(false);
    let worst = 0;
    for (let i = 1; i < pieces.length; i++) if (pieces[i].error > pieces[worst].error) worst = i;
    const { a, b } = pieces[worst];
    const middle = 0.5 * (a + b);
    if (!(middle > a && middle < b)) return finish(false); // cannot bisect further
    const left = applyRule(fn, a, middle);
    const right = applyRule(fn, middle, b);
    value += left.value + right.value - pieces[worst].value;
    error += left.error + right.error - pieces[worst].error;
    pieces.splice(worst, 1, left, right);
  }
}

export interface RealLineOptions {
  /** Relative tolerance on the total (default 1e−10). */
  relativeTolerance?: number;
  /** Absolute tolerance floor (default 1e−13). */
  absoluteTolerance?: number;
}

/**
 * How many times the tail pieces may double in width before a still-contributing tail counts as
 * divergent: 2²⁴ ≈ 1.7·10⁷ scale units. Further out, a Gaussian log-density (≈ x²/2σ²) is so large
 * that rounding (≈ x²·10⁻¹⁶) makes log p − log q unreliable, so looking further would not help.
 */
export const MAX_DOUBLINGS = 24;

/**
 * ∫_ℝ fn for a non-negative fn. `breakpoints` (sorted) mark where the mass is (e.g. mean ± k·std of
 * every component); `scale` is the width of the first tail piece (e.g. the largest std).
 * Returns +∞ when the integral diverges (see the file comment for the rule).
 */
export function integrateRealLine(
  fn: (x: number) => number,
  breakpoints: readonly number[],
  scale: number,
  options: RealLineOptions = {},
): number {
  const relativeTolerance = options.relativeTolerance ?? 1e-10;
  const absoluteTolerance = options.absoluteTolerance ?? 1e-13;
  const interval = { relativeTolerance, absoluteTolerance };

  const core = integrateInterval(fn, breakpoints, interval);
  if (!Number.isFinite(core.value)) return Infinity;
  let total = core.value;

  const lowest = breakpoints[0];
  const highest = breakpoints[breakpoints.length - 1];
  for (const direction of [1, -1]) {
    let edge = direction === 1 ? highest : lowest;
    let converged = false;
    for (let doubling = 0; doubling <= MAX_DOUBLINGS; doubling++) {
      const next = edge + direction * scale * 2 ** doubling;
      const [a, b] = direction === 1 ? [edge, next] : [next, edge];
      const piece = integrateInterval(fn, [a, b], { relativeTolerance, absoluteTolerance: absoluteTolerance / 4 });
      if (!Number.isFinite(piece.value)) return Infinity;
      total += piece.value;
      if (total > 1e300) return Infinity;
      edge = next;
      const negligible = Math.max(absoluteTolerance, relativeTolerance * Math.abs(total));
      if (piece.value <= negligible && tailLooksEmpty(fn, edge, direction, scale, negligible)) {
        converged = true;
        break;
      }
    }
    if (!converged) return Infinity;
  }
  return total;
}

/**
 * True when fn(x)·|x − edge| ≤ negligible at x = edge ± scale·2^j for j = 0 … MAX_DOUBLINGS: nothing
 * beyond the edge is large enough to matter. (A non-integrable tail of a Gaussian-type integrand
 * grows or stays level, so some probe catches it; the integration then carries on outwards.)
 */
function tailLooksEmpty(
  fn: (x: number) => number,
  edge: number,
  direction: number,
  scale: number,
  negligible: number,
): boolean {
  for (let j = 0; j <= MAX_DOUBLINGS; j++) {
    const distance = scale * 2 ** j;
    const value = fn(edge + direction * distance);
    if (!(value * distance <= negligible)) return false;
  }
  return true;
}
