/**
 * Optimal transport on the real line, for Chapter 5's transport explorer. In one dimension the
 * optimal plan for the cost |x − y| (and for every convex cost of x − y) is the monotone one: the
 * u-quantile of P goes to the u-quantile of Q, so W₁ = ∫₀¹ |F_P⁻¹(u) − F_Q⁻¹(u)| du, the same area
 * between the CDFs that w1Density and w1Discrete integrate along x (evaluate.ts) — here read
 * along u. Nothing here recomputes W₁ for display; the flows exist to be drawn (and their cost is
 * checked against the evaluators in tests/unit/transport.test.ts).
 */
import { checkProbabilities, type Density1D } from './evaluate';

/** One piece of a transport plan: `mass` moves from `from` to `to`, at quantile levels [levelStart, levelEnd]. */
export interface TransportFlow {
  from: number;
  to: number;
  mass: number;
  levelStart: number;
  levelEnd: number;
}

/**
 * The quantile F⁻¹(u) of a continuous 1-D density, for 0 < u < 1, by bisection on its CDF (on its
 * survival function in the upper half, where the CDF rounds to 1 too early). Exact to about
 * 1e−12 of the density's scale.
 */
export function quantile(density: Density1D, u: number): number {
  if (!(u > 0 && u < 1)) throw new RangeError(`quantile level must lie strictly between 0 and 1 (got ${u})`);
  const below = (x: number) => (u <= 0.5 ? density.cdf(x) < u : density.survival(x) > 1 - u);
  let low = Math.min(...density.breakpoints);
  let high = Math.max(...density.breakpoints);
  const step = Math.max(density.scale, 1e-9);
  // Widen the bracket until it holds the quantile (needed only for extreme levels).
  for (let i = 0; i < 60 && below(low) === false; i++) low -= step * 2 ** i;
  for (let i = 0; i < 60 && below(high); i++) high += step * 2 ** i;
  const resolution = step * 1e-13;
  for (let i = 0; i < 200 && high - low > resolution; i++) {
    const middle = (low + high) / 2;
    if (below(middle)) low = middle;
    else high = middle;
  }
  return (low + high) / 2;
}

/** The cumulative sums F(k) = P(X ≤ k) of a probability list on 0, 1, 2, … */
export function cumulative(probs: readonly number[]): number[] {
  let total = 0;
  return probs.map((value) => (total += value));
}

/**
 * The monotone (north-west corner) plan between two distributions on 0, 1, 2, …: walk both lists
 * from the left and move as much as possible from the current outcome of P to the current outcome
 * of Q. Its cost Σ mass·|from − to| is W₁; the flows never cross. Zero-mass steps are left out.
 */
export function monotonePlan(p: readonly number[], q: readonly number[]): TransportFlow[] {
  checkProbabilities(p, 'P');
  checkProbabilities(q, 'Q');
  const flows: TransportFlow[] = [];
  let i = 0;
  let j = 0;
  let leftP = p[0] ?? 0;
  let leftQ = q[0] ?? 0;
  let level = 0;
  while (i < p.length && j < q.length) {
    const mass = Math.min(leftP, leftQ);
    if (mass > 1e-12) {
      flows.push({ from: i, to: j, mass, levelStart: level, levelEnd: Math.min(1, level + mass) });
      level += mass;
    }
    leftP -= mass;
    leftQ -= mass;
    // Move on from whichever side is used up (both, on a tie); tiny float remainders count as empty.
    if (leftP <= 1e-12) leftP = p[++i] ?? 0;
    if (leftQ <= 1e-12) leftQ = q[++j] ?? 0;
  }
  return flows;
}

/**
 * The monotone map between two continuous densities sampled at `count` evenly spaced quantile
 * levels u = (k + ½)/count: each flow carries mass 1/count from F_P⁻¹(u) to F_Q⁻¹(u).
 */
export function quantileFlows(p: Density1D, q: Density1D, count: number): TransportFlow[] {
  if (!(Number.isInteger(count) && count >= 1)) throw new RangeError(`count must be a positive integer (got ${count})`);
  return Array.from({ length: count }, (_, k) => {
    const level = (k + 0.5) / count;
    return { from: quantile(p, level), to: quantile(q, level), mass: 1 / count, levelStart: k / count, levelEnd: (k + 1) / count };
  });
}

/** The cost Σ mass·|from − to| of a list of flows (for a monotone plan on the line, W₁). */
export function transportCost(flows: readonly TransportFlow[]): number {
  return flows.reduce((sum, flow) => sum + flow.mass * Math.abs(flow.from - flow.to), 0);
}
