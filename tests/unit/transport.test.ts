/**
 * The 1-D transport helpers behind Figure 5.1: quantiles of Gaussians and mixtures against known
 * values, the monotone plan on a grid (masses, no crossings, cost = W₁ from the evaluators on
 * case (b) and its mirror image), and the quantile flows whose cost converges to W₁ (gan-math §11.1).
 */
import { describe, expect, it } from 'vitest';
import { densityOf, w1Density, w1Discrete } from '../../src/engine/divergences';
import { cumulative, monotonePlan, quantile, quantileFlows, transportCost } from '../../src/engine/divergences/transport';

const standard = densityOf({ kind: 'normal', mean: 0, std: 1 });

describe('quantile', () => {
  it('inverts the normal CDF', () => {
    expect(quantile(standard, 0.5)).toBeCloseTo(0, 10);
    expect(quantile(standard, 0.975)).toBeCloseTo(1.959963985, 8);
    expect(quantile(standard, 0.025)).toBeCloseTo(-1.959963985, 8);
    expect(quantile(standard, 1e-9)).toBeCloseTo(-5.997807015, 6);
    const shifted = densityOf({ kind: 'normal', mean: 3, std: 2 });
    expect(quantile(shifted, 0.8413447460685429)).toBeCloseTo(5, 8);
  });

  it('inverts a mixture CDF', () => {
    const mixture = densityOf({ kind: 'mixture', components: [{ weight: 1, mean: -2, std: 0.5 }, { weight: 1, mean: 2, std: 0.5 }] });
    expect(quantile(mixture, 0.5)).toBeCloseTo(0, 8);
    for (const u of [0.1, 0.3, 0.7, 0.95]) expect(mixture.cdf(quantile(mixture, u))).toBeCloseTo(u, 10);
  });

  it('rejects levels outside (0, 1)', () => {
    expect(() => quantile(standard, 0)).toThrow(RangeError);
    expect(() => quantile(standard, 1)).toThrow(RangeError);
  });
});

describe('monotone plan on a grid', () => {
  it('case (b): moves 0.15, 0.2, 0.15 one step each, at cost W₁ = 0.5', () => {
    const p = [0.1, 0.2, 0.3, 0.4];
    const q = [0.25, 0.25, 0.25, 0.25];
    const flows = monotonePlan(p, q);
    expect(transportCost(flows)).toBeCloseTo(0.5, 12);
    expect(transportCost(flows)).toBeCloseTo(w1Discrete(p, q), 12);
    expect(cumulative(p)).toEqual([0.1, 0.30000000000000004, 0.6000000000000001, 1]);
    // The plan's marginals are P and Q.
    const fromTotals = [0, 0, 0, 0];
    const toTotals = [0, 0, 0, 0];
    for (const flow of flows) {
      fromTotals[flow.from] += flow.mass;
      toTotals[flow.to] += flow.mass;
    }
    fromTotals.forEach((value, k) => expect(value).toBeCloseTo(p[k], 12));
    toTotals.forEach((value, k) => expect(value).toBeCloseTo(q[k], 12));
    // Monotone: no two flows cross, and the levels tile [0, 1].
    for (let k = 1; k < flows.length; k++) {
      expect(flows[k].from).toBeGreaterThanOrEqual(flows[k - 1].from);
      expect(flows[k].to).toBeGreaterThanOrEqual(flows[k - 1].to);
      expect(flows[k].levelStart).toBeCloseTo(flows[k - 1].levelEnd, 12);
    }
    expect(flows.at(-1)!.levelEnd).toBeCloseTo(1, 12);
  });

  it('the mirror image of case (b) costs 1 (Chapter 2, exercise 2.4), lists of different lengths are padded', () => {
    expect(transportCost(monotonePlan([0.1, 0.2, 0.3, 0.4], [0.4, 0.3, 0.2, 0.1]))).toBeCloseTo(1, 12);
    // A point mass at 0 against one at 3: everything travels 3.
    const flows = monotonePlan([1], [0, 0, 0, 1]);
    expect(flows).toHaveLength(1);
    expect(flows[0]).toMatchObject({ from: 0, to: 3, mass: 1 });
  });
});

describe('quantile flows', () => {
  it('N(0,1) → N(1,1): every arrow has length 1; N(0,1) → N(0,2²) costs √(2/π) in the limit', () => {
    const flows = quantileFlows(standard, densityOf({ kind: 'normal', mean: 1, std: 1 }), 20);
    for (const flow of flows) expect(flow.to - flow.from).toBeCloseTo(1, 9);
    const wide = densityOf({ kind: 'normal', mean: 0, std: 2 });
    const fine = transportCost(quantileFlows(standard, wide, 4000));
    expect(fine).toBeCloseTo(Math.sqrt(2 / Math.PI), 3);
    expect(w1Density(standard, wide)).toBeCloseTo(0.797885, 6);
  });
});
