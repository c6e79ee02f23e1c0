import { describe, expect, it } from 'vitest';
import { createRng } from '../../src/engine/rng';

/** Sample mean and variance of n draws. */
function moments(draw: () => number, n: number): { mean: number; variance: number } {
  let sum = 0;
  let sumSquares = 0;
  for (let i = 0; i < n; i++) {
    const x = draw();
    sum += x;
    sumSquares += x * x;
  }
  const mean = sum / n;
  return { mean, variance: sumSquares / n - mean * mean };
}

describe('createRng', () => {
  it('replays the same stream for the same seed and a different one for another seed', () => {
    const a = createRng(42);
    const b = createRng(42);
    const c = createRng(43);
    const first = Array.from({ length: 20 }, () => a.uniform());
    expect(Array.from({ length: 20 }, () => b.uniform())).toEqual(first);
    expect(Array.from({ length: 20 }, () => c.uniform())).not.toEqual(first);
  });

  it('draws uniforms in [0, 1) with mean 1/2 and variance 1/12', () => {
    const rng = createRng(7);
    let min = 1;
    let max = 0;
    const { mean, variance } = moments(() => {
      const u = rng.uniform();
      min = Math.min(min, u);
      max = Math.max(max, u);
      return u;
    }, 200_000);
    expect(min).toBeGreaterThanOrEqual(0);
    expect(max).toBeLessThan(1);
    // Standard error of the mean: sqrt(1/12 / 2e5) ≈ 6.5e-4.
    expect(mean).toBeCloseTo(0.5, 2);
    expect(variance).toBeCloseTo(1 / 12, 3);
  });

  it('draws standard normals with mean 0, variance 1 and the right tail mass', () => {
    const rng = createRng(11);
    let beyondTwo = 0;
    const n = 200_000;
    const { mean, variance } = moments(() => {
      const x = rng.normal();
      if (Math.abs(x) > 2) beyondTwo++;
      return x;
    }, n);
    expect(Math.abs(mean)).toBeLessThan(0.01);
    expect(Math.abs(variance - 1)).toBeLessThan(0.015);
    // P(|X| > 2) = 0.0455003 for N(0, 1); binomial s.e. ≈ 4.7e-4.
    expect(Math.abs(beyondTwo / n - 0.0455003)).toBeLessThan(0.003);
  });

  it('draws integers uniformly from {0, …, n − 1}', () => {
    const rng = createRng(5);
    const counts = new Array(6).fill(0);
    for (let i = 0; i < 60_000; i++) counts[rng.int(6)]++;
    expect(counts.every((count) => count > 9_500 && count < 10_500)).toBe(true);
  });

  it('forks deterministic streams that differ from the parent and from each other', () => {
    const parentA = createRng(3);
    const parentB = createRng(3);
    const forkA1 = parentA.fork();
    const forkA2 = parentA.fork();
    const forkB1 = parentB.fork();
    const seq = (rng: ReturnType<typeof createRng>) => Array.from({ length: 10 }, () => rng.uniform());
    const a1 = seq(forkA1);
    expect(seq(forkB1)).toEqual(a1);
    expect(seq(forkA2)).not.toEqual(a1);
    expect(seq(parentA)).not.toEqual(a1);
  });

  it('fills arrays with the requested normal and uniform parameters', () => {
    const rng = createRng(9);
    const normals = rng.fillNormal(new Float32Array(100_000), 3, 2);
    const normalMoments = moments((() => { let i = 0; return () => normals[i++]; })(), normals.length);
    expect(normalMoments.mean).toBeCloseTo(3, 1);
    expect(Math.sqrt(normalMoments.variance)).toBeCloseTo(2, 1);
    const uniforms = rng.fillUniform(new Float32Array(100_000), -1, 1);
    expect(Math.min(...uniforms)).toBeGreaterThanOrEqual(-1);
    expect(Math.max(...uniforms)).toBeLessThan(1);
    const uniformMoments = moments((() => { let i = 0; return () => uniforms[i++]; })(), uniforms.length);
    expect(Math.abs(uniformMoments.mean)).toBeLessThan(0.01);
    expect(uniformMoments.variance).toBeCloseTo(1 / 3, 2);
  });
});
