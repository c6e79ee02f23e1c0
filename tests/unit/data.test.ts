import { describe, expect, it } from 'vitest';
import {
  createSampler,
  erf,
  isotropicMixturePdf,
  mixturePdf,
  normalCdf,
  normalPdf,
  normalQuantile,
} from '../../src/engine/data';
import { experimentOrThrow } from '../../src/engine/experiments/schema';
import { createRng } from '../../src/engine/rng';

const dataSpec = (data: unknown) => experimentOrThrow({ data }).data;

function meanAndVariance(values: ArrayLike<number>): [number, number] {
  let sum = 0;
  let squares = 0;
  for (let i = 0; i < values.length; i++) {
    sum += values[i];
    squares += values[i] * values[i];
  }
  const mean = sum / values.length;
  return [mean, squares / values.length - mean * mean];
}

describe('Gaussian helpers', () => {
  it('match tabulated values of erf, Φ and Φ⁻¹', () => {
    // Reference values from standard tables (e.g. Abramowitz & Stegun).
    expect(erf(0.5)).toBeCloseTo(0.5204998778130465, 12);
    expect(erf(2)).toBeCloseTo(0.9953222650189527, 12);
    expect(erf(3.5)).toBeCloseTo(0.9999992569016276, 12);
    expect(erf(-1)).toBeCloseTo(-0.8427007929497149, 12);
    expect(normalCdf(1)).toBeCloseTo(0.8413447460685429, 12);
    expect(normalCdf(-3)).toBeCloseTo(0.0013498980316301, 12);
    expect(normalQuantile(0.975)).toBeCloseTo(1.959963984540054, 9);
    expect(normalQuantile(0.5)).toBeCloseTo(0, 12);
    expect(normalQuantile(0.001)).toBeCloseTo(-3.090232306167813, 9);
  });

  it('normalPdf and mixturePdf follow their formulas', () => {
    expect(normalPdf(0, 0, 1)).toBeCloseTo(1 / Math.sqrt(2 * Math.PI), 12);
    expect(normalPdf(3, 1, 2)).toBeCloseTo(Math.exp(-0.5) / (2 * Math.sqrt(2 * Math.PI)), 12);
    const components = [
      { mean: -2, std: 0.5, weight: 1 },
      { mean: 3, std: 1, weight: 3 },
    ];
    const x = 0.7;
    const byHand = 0.25 * normalPdf(x, -2, 0.5) + 0.75 * normalPdf(x, 3, 1);
    expect(mixturePdf(x, components)).toBeCloseTo(byHand, 12);
    // Integrates to 1 (midpoint rule on a wide range).
    let integral = 0;
    for (let u = -10; u < 10; u += 0.001) integral += mixturePdf(u + 0.0005, components) * 0.001;
    expect(integral).toBeCloseTo(1, 6);
  });

  it('isotropicMixturePdf is a normalised 2-D density', () => {
    const means = [[1, 0], [-1, 0]];
    const std = 0.3;
    let integral = 0;
    const h = 0.02;
    for (let x = -3; x < 3; x += h) for (let y = -3; y < 3; y += h) integral += isotropicMixturePdf([x + h / 2, y + h / 2], means, std) * h * h;
    expect(integral).toBeCloseTo(1, 4);
    expect(isotropicMixturePdf([1, 0], [[1, 0]], std)).toBeCloseTo(1 / (2 * Math.PI * std * std), 10);
  });
});

describe('samplers', () => {
  it('mixture-1d: sample mean and variance match the mixture, density is exact', () => {
    const sampler = createSampler(
      dataSpec({ kind: 'mixture-1d', components: [{ mean: -2, std: 0.5, weight: 1 }, { mean: 3, std: 1, weight: 3 }] }),
    );
    expect(sampler.dim).toBe(1);
    const values = sampler.sample(createRng(1), 200_000);
    const [mean, variance] = meanAndVariance(values);
    // Mean = ¼·(−2) + ¾·3 = 1.75; variance = Σ w(σ² + μ²) − mean² = ¼(0.25 + 4) + ¾(1 + 9) − 1.75² = 5.5.
    expect(Math.abs(mean - 1.75)).toBeLessThan(0.02);
    expect(Math.abs(variance - 5.5)).toBeLessThan(0.06);
    expect(sampler.density!(0.3)).toBeCloseTo(0.25 * normalPdf(0.3, -2, 0.5) + 0.75 * normalPdf(0.3, 3, 1), 12);
    expect(sampler.modes).toEqual({ means: [[-2], [3]], std: 1, stds: [0.5, 1] });
  });

  it('ring: points lie at the radius, spread over 8 equally likely modes', () => {
    const sampler = createSampler(dataSpec({ kind: 'ring', modes: 8, radius: 2, std: 0.02 }));
    expect(sampler.dim).toBe(2);
    const n = 80_000;
    const points = sampler.sample(createRng(2), n);
    const radii = Array.from({ length: n }, (_, i) => Math.hypot(points[2 * i], points[2 * i + 1]));
    const [meanRadius, radiusVariance] = meanAndVariance(radii);
    expect(Math.abs(meanRadius - 2)).toBeLessThan(0.002);
    // Radial spread of an isotropic Gaussian far from the origin ≈ its std.
    expect(Math.abs(Math.sqrt(radiusVariance) - 0.02)).toBeLessThan(0.002);
    const counts = new Array(8).fill(0);
    for (let i = 0; i < n; i++) {
      const angle = Math.atan2(points[2 * i + 1], points[2 * i]);
      counts[((Math.round(angle / (Math.PI / 4)) % 8) + 8) % 8]++;
    }
    for (const count of counts) expect(Math.abs(count / n - 1 / 8)).toBeLessThan(0.01);
    expect(sampler.modes!.means[0]).toEqual([2, 0]);
    expect(sampler.modes!.means[2][0]).toBeCloseTo(0, 12);
    expect(sampler.modes!.means[2][1]).toBeCloseTo(2, 12);
  });

  it('grid: 25 modes at spacing 2 centred on the origin, each with the given std', () => {
    const sampler = createSampler(dataSpec({ kind: 'grid', size: 5, spacing: 2, std: 0.05 }));
    const means = sampler.modes!.means;
    expect(means).toHaveLength(25);
    const coordinates = [...new Set(means.map((m) => m[0]))].sort((a, b) => a - b);
    expect(coordinates).toEqual([-4, -2, 0, 2, 4]);
    const n = 50_000;
    const points = sampler.sample(createRng(3), n);
    const offsets: number[] = [];
    const counts = new Map<string, number>();
    for (let i = 0; i < n; i++) {
      // Nearest lattice point by rounding to the spacing.
      const gx = 2 * Math.round(points[2 * i] / 2);
      const gy = 2 * Math.round(points[2 * i + 1] / 2);
      offsets.push(points[2 * i] - gx, points[2 * i + 1] - gy);
      counts.set(`${gx},${gy}`, (counts.get(`${gx},${gy}`) ?? 0) + 1);
    }
    expect(counts.size).toBe(25);
    for (const count of counts.values()) expect(Math.abs(count / n - 1 / 25)).toBeLessThan(0.006);
    const [offsetMean, offsetVariance] = meanAndVariance(offsets);
    expect(Math.abs(offsetMean)).toBeLessThan(0.002);
    expect(Math.abs(Math.sqrt(offsetVariance) - 0.05)).toBeLessThan(0.001);
  });

  it('swiss-roll without noise lies on the curve scale·(t cos t, t sin t), t ∈ [1.5π, 4.5π]', () => {
    const scale = 0.2;
    const sampler = createSampler(dataSpec({ kind: 'swiss-roll', scale, noise: 0 }));
    const points = sampler.sample(createRng(4), 5_000);
    let minT = Infinity;
    let maxT = -Infinity;
    for (let i = 0; i < 5_000; i++) {
      const t = Math.hypot(points[2 * i], points[2 * i + 1]) / scale;
      minT = Math.min(minT, t);
      maxT = Math.max(maxT, t);
      // The polar angle equals t modulo 2π.
      const angle = Math.atan2(points[2 * i + 1], points[2 * i]);
      const difference = (((angle - t) % (2 * Math.PI)) + 3 * Math.PI) % (2 * Math.PI) - Math.PI;
      expect(Math.abs(difference)).toBeLessThan(1e-4);
    }
    expect(minT).toBeGreaterThanOrEqual(1.5 * Math.PI - 1e-4);
    expect(maxT).toBeLessThanOrEqual(4.5 * Math.PI + 1e-4);
    expect(maxT - minT).toBeGreaterThan(2.9 * Math.PI);
  });

  it('two-moons without noise lies on two unit half circles and is centred at the origin', () => {
    const sampler = createSampler(dataSpec({ kind: 'two-moons', noise: 0 }));
    const n = 40_000;
    const points = sampler.sample(createRng(5), n);
    let upper = 0;
    for (let i = 0; i < n; i++) {
      const [x, y] = [points[2 * i], points[2 * i + 1]];
      // Upper moon: centre (−½, −¼), y ≥ −¼. Lower moon: centre (½, ¼), y ≤ ¼.
      const onUpper = Math.abs(Math.hypot(x + 0.5, y + 0.25) - 1) < 1e-5 && y >= -0.25 - 1e-5;
      const onLower = Math.abs(Math.hypot(x - 0.5, y - 0.25) - 1) < 1e-5 && y <= 0.25 + 1e-5;
      expect(onUpper || onLower).toBe(true);
      if (onUpper) upper++;
    }
    expect(Math.abs(upper / n - 0.5)).toBeLessThan(0.01);
    const xs = Array.from({ length: n }, (_, i) => points[2 * i]);
    const ys = Array.from({ length: n }, (_, i) => points[2 * i + 1]);
    expect(Math.abs(meanAndVariance(xs)[0])).toBeLessThan(0.01);
    expect(Math.abs(meanAndVariance(ys)[0])).toBeLessThan(0.01);
  });

  it('the same rng state gives the same batch', () => {
    const sampler = createSampler(dataSpec({ kind: 'ring' }));
    expect(sampler.sample(createRng(8), 100)).toEqual(sampler.sample(createRng(8), 100));
  });
});
