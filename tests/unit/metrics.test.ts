import { beforeAll, describe, expect, it } from 'vitest';
import { initBackend } from '../../src/engine/backend';
import { createSampler, normalPdf } from '../../src/engine/data';
import { experimentOrThrow } from '../../src/engine/experiments/schema';
import { globalNorm, histogramDensity, modeCoverage } from '../../src/engine/metrics';
import { createRng } from '../../src/engine/rng';
import { tf } from '../../src/engine/tf';

beforeAll(async () => {
  await initBackend('cpu');
});

const samplerFor = (data: unknown) => createSampler(experimentOrThrow({ data }).data);

describe('mode coverage (VEEGAN rule, gan-math §8.3)', () => {
  // A perfect 2-D sampler: P(‖x − μ‖ ≤ 3σ) = P(χ²₂ ≤ 9) = 1 − e^(−4.5) = 0.988891. With 2500
  // samples the binomial standard error is 0.0021, so ±0.01 is about 5 standard errors.
  it.each([1, 2, 3])('a perfect ring sampler scores HQ ≈ 0.988891 and 8/8 modes (seed %i)', (seed) => {
    const sampler = samplerFor({ kind: 'ring', modes: 8, radius: 1, std: 0.01 });
    const coverage = modeCoverage(sampler.sample(createRng(seed), 2500), 2, sampler.modes!);
    expect(Math.abs(coverage.highQualityFraction - 0.988891)).toBeLessThan(0.01);
    expect(coverage.modesCaptured).toBe(8);
    expect(coverage.modeCount).toBe(8);
    expect(coverage.counts.reduce((a, b) => a + b, 0)).toBe(Math.round(coverage.highQualityFraction * 2500));
  });

  it('a perfect grid sampler captures all 25 modes with HQ ≈ 0.988891', () => {
    const sampler = samplerFor({ kind: 'grid', size: 5, spacing: 2, std: 0.05 });
    const coverage = modeCoverage(sampler.sample(createRng(4), 2500), 2, sampler.modes!);
    expect(Math.abs(coverage.highQualityFraction - 0.988891)).toBeLessThan(0.01);
    expect(coverage.modesCaptured).toBe(25);
  });

  it('a 1-D mixture uses each component its own σ: HQ ≈ P(|Z| ≤ 3) = 0.9973', () => {
    const sampler = samplerFor({ kind: 'mixture-1d', components: [{ mean: -3, std: 0.2 }, { mean: 3, std: 0.6 }] });
    const coverage = modeCoverage(sampler.sample(createRng(5), 10_000), 1, sampler.modes!);
    expect(Math.abs(coverage.highQualityFraction - 0.9973)).toBeLessThan(0.003);
    expect(coverage.modesCaptured).toBe(2);
  });

  it('all samples on one mode capture exactly one mode', () => {
    const sampler = samplerFor({ kind: 'ring', modes: 8, radius: 2, std: 0.02 });
    const samples = new Float32Array(2 * 2500);
    const rng = createRng(6);
    for (let i = 0; i < 2500; i++) {
      // Mode 3 of the ring: angle 3·2π/8.
      samples[2 * i] = 2 * Math.cos((3 * Math.PI) / 4) + 0.02 * rng.normal();
      samples[2 * i + 1] = 2 * Math.sin((3 * Math.PI) / 4) + 0.02 * rng.normal();
    }
    const coverage = modeCoverage(samples, 2, sampler.modes!);
    expect(coverage.modesCaptured).toBe(1);
    expect(coverage.counts[3]).toBeGreaterThan(2400);
  });

  it('samples between modes (beyond 3σ) are not high quality and capture nothing', () => {
    const sampler = samplerFor({ kind: 'ring', modes: 8, radius: 2, std: 0.02 });
    // The origin is 2 = 100σ from every mode; a point 4σ from mode 0 is just outside the disc.
    const coverage = modeCoverage(new Float32Array([0, 0, 2 + 0.08, 0, 2 + 0.05, 0]), 2, sampler.modes!);
    expect(coverage.highQualityFraction).toBeCloseTo(1 / 3, 10);
    expect(coverage.counts[0]).toBe(1);
    expect(coverage.modesCaptured).toBe(1);
  });
});

describe('histogramDensity', () => {
  it('recovers a normal density and integrates to the fraction inside the grid', () => {
    const n = 200_000;
    const values = createRng(7).fillNormal(new Float32Array(n));
    const centres = Float32Array.from({ length: 41 }, (_, i) => -2 + 0.1 * i); // bins cover [−2.05, 2.05]
    const density = histogramDensity(values, centres);
    centres.forEach((x, i) => expect(Math.abs(density[i] - normalPdf(x, 0, 1))).toBeLessThan(0.015));
    const mass = density.reduce((sum, d) => sum + d * 0.1, 0);
    // P(|Z| ≤ 2.05) = 0.959635.
    expect(mass).toBeCloseTo(0.959635, 2);
  });

  it('puts each value in the bin whose centre is nearest', () => {
    const density = histogramDensity(new Float32Array([0.04, 0.06, 0.26, -1]), Float32Array.from([0, 0.1, 0.2, 0.3]));
    // Width 0.1; n = 4 (the value −1 lies outside every bin but still counts in n).
    expect(Array.from(density).map((d) => d * 4 * 0.1)).toEqual([1, 1, 0, 1].map((c) => expect.closeTo(c, 6)));
  });
});

describe('globalNorm', () => {
  it('is the Euclidean norm over every entry of every tensor', () => {
    const value = tf.tidy(() => globalNorm([tf.tensor2d([[3, 0], [0, 4]]), tf.tensor1d([12])]).dataSync()[0]);
    expect(value).toBeCloseTo(13, 5);
  });
});
