/**
 * The generator's noise: n vectors z, row-major (n × noiseDim), 'normal' = N(0, I) and 'uniform' =
 * U[−1, 1]^noiseDim, from `rng`. The Trainer and the fast path (fast/driver.ts) both draw it here,
 * so the same stream gives them the same noise.
 */
import type { Rng } from '../rng';

export function noiseValues(rng: Rng, n: number, noise: 'normal' | 'uniform', noiseDim: number): Float32Array {
  const values = new Float32Array(n * noiseDim);
  return noise === 'normal' ? rng.fillNormal(values) : rng.fillUniform(values, -1, 1);
}
