/**
 * The one seeded random source. Every sample, initial weight and shuffle draws from it, so the same
 * experiment on the same backend gives the same numbers.
 *
 * Generator: mulberry32 (32-bit state, period 2^32), small and fast enough for minibatches of a few
 * thousand numbers per step. Normals come from the Box–Muller transform.
 */
export interface Rng {
  /** Uniform on [0, 1). */
  uniform(): number;
  /** Standard normal N(0, 1). */
  normal(): number;
  /** Integer uniform on {0, …, n − 1}. */
  int(n: number): number;
  /** A new, independent stream derived from this one (e.g. one for data, one for weights). */
  fork(): Rng;
  /** Fill a Float32Array with independent N(mean, std²) draws. */
  fillNormal(out: Float32Array, mean?: number, std?: number): Float32Array;
  /** Fill a Float32Array with independent U[low, high) draws. */
  fillUniform(out: Float32Array, low?: number, high?: number): Float32Array;
}

export function createRng(seed: number): Rng {
  let state = seed >>> 0;
  let spareNormal: number | null = null;

  const uniform = (): number => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };

  const normal = (): number => {
    if (spareNormal !== null) {
      const value = spareNormal;
      spareNormal = null;
      return value;
    }
    // 1 − uniform() lies in (0, 1], so the logarithm is finite.
    const radius = Math.sqrt(-2 * Math.log(1 - uniform()));
    const angle = 2 * Math.PI * uniform();
    spareNormal = radius * Math.sin(angle);
    return radius * Math.cos(angle);
  };

  const rng: Rng = {
    uniform,
    normal,
    int: (n) => Math.floor(uniform() * n),
    fork: () => createRng(Math.floor(uniform() * 4294967296)),
    fillNormal(out, mean = 0, std = 1) {
      for (let i = 0; i < out.length; i++) out[i] = mean + std * normal();
      return out;
    },
    fillUniform(out, low = 0, high = 1) {
      for (let i = 0; i < out.length; i++) out[i] = low + (high - low) * uniform();
      return out;
    },
  };
  return rng;
}

/**
 * A 32-bit seed for a stream that depends on the training step as well as a seed (a murmur3-style
 * integer mix): the snapshot streams, so the same request at the same step gives the same numbers.
 */
export function stepSeed(seed: number, step: number): number {
  let h = (seed ^ Math.imul(step + 1, 0x9e3779b1)) >>> 0;
  h = Math.imul(h ^ (h >>> 16), 0x85ebca6b);
  h = Math.imul(h ^ (h >>> 13), 0xc2b2ae35);
  return (h ^ (h >>> 16)) >>> 0;
}
