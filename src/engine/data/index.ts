/**
 * Data samplers: one per `DataSpec` kind of the experiment schema. A sampler draws minibatches from
 * a seeded Rng as a row-major Float32Array (n × dim), and, where it is known, exposes the exact
 * density (1-D mixtures) and the mixture's modes (for the VEEGAN mode-coverage metric).
 *
 * Exact parameters of each distribution:
 * - mixture-1d: p(x) = Σ_k w_k N(x; μ_k, σ_k²) / Σ_k w_k. A draw picks component k with probability
 *   w_k / Σ w, then returns μ_k + σ_k·ε, ε ∼ N(0, 1).
 * - ring: `modes` equal-weight components N(μ_k, std²·I₂), μ_k = radius·(cos 2πk/modes, sin 2πk/modes),
 *   k = 0 … modes − 1 (the first mean on the positive x axis).
 * - grid: size² equal-weight components N(μ_ij, std²·I₂), μ_ij = spacing·(i − (size − 1)/2,
 *   j − (size − 1)/2), i, j = 0 … size − 1 (size 5, spacing 2 gives means at −4, −2, 0, 2, 4).
 * - swiss-roll: t ∼ U[1.5π, 4.5π], x = scale·(t cos t, t sin t) + noise·ε, ε ∼ N(0, I₂).
 * - two-moons: pick a moon with probability ½ and θ ∼ U[0, π]; the upper moon is (cos θ, sin θ),
 *   the lower (1 − cos θ, ½ − sin θ) (two unit half circles, interleaved); both are shifted by
 *   (−½, −¼) so that the whole distribution is centred at the origin; then + noise·ε, ε ∼ N(0, I₂).
 * - segment: x = start + u·(end − start), u ∼ U[0, 1] (uniform on the segment; no density in the plane).
 * - points (drawn by the reader): pick one of the N points p_i uniformly, return p_i + spread·ε,
 *   ε ∼ N(0, I₂): the mixture (1/N) Σ_i N(p_i, spread²·I₂). Its modes are defined by drawnModes.
 */
import type { DataSpec } from '../experiments/schema';
import type { Rng } from '../rng';
import { mixturePdf } from './gaussian';

export { normalPdf, mixturePdf, isotropicMixturePdf, normalCdf, normalQuantile, erf } from './gaussian';
export type { GaussianComponent } from './gaussian';

/** The components of a mixture, as the mode-coverage metric sees them. */
export interface Modes {
  /** One mean per component (each of length dim). */
  means: number[][];
  /** The components' common standard deviation (the largest one if they differ: 1-D mixtures). */
  std: number;
  /** Each component's own standard deviation, in the order of `means`. */
  stds: number[];
}

export interface Sampler {
  dim: 1 | 2;
  /** n draws, row-major (n × dim). */
  sample(rng: Rng, n: number): Float32Array;
  /** 1-D mixtures: the exact probability density. */
  density?(x: number): number;
  /** Mixtures (mixture-1d, ring, grid): the components' means and standard deviations. */
  modes?: Modes;
}

export function createSampler(spec: DataSpec): Sampler {
  switch (spec.kind) {
    case 'mixture-1d':
      return mixture1dSampler(spec.components);
    case 'ring':
      return ringSampler(spec.modes, spec.radius, spec.std);
    case 'grid':
      return gridSampler(spec.size, spec.spacing, spec.std);
    case 'swiss-roll':
      return swissRollSampler(spec.scale, spec.noise);
    case 'two-moons':
      return twoMoonsSampler(spec.noise);
    case 'segment':
      return segmentSampler(spec.start, spec.end);
    case 'points':
      return drawnSampler(spec.points, spec.spread);
  }
}

export function mixture1dSampler(components: readonly { mean: number; std: number; weight: number }[]): Sampler {
  const weightSum = components.reduce((sum, c) => sum + c.weight, 0);
  // Cumulative probabilities for picking a component by inverse transform.
  const cumulative: number[] = [];
  let running = 0;
  for (const c of components) {
    running += c.weight / weightSum;
    cumulative.push(running);
  }
  const stds = components.map((c) => c.std);
  return {
    dim: 1,
    sample(rng, n) {
      const out = new Float32Array(n);
      for (let i = 0; i < n; i++) {
        const u = rng.uniform();
        let k = 0;
        while (k < components.length - 1 && u >= cumulative[k]) k++;
        out[i] = components[k].mean + components[k].std * rng.normal();
      }
      return out;
    },
    density: (x) => mixturePdf(x, components),
    modes: { means: components.map((c) => [c.mean]), std: Math.max(...stds), stds },
  };
}

/** An equal-weight mixture of isotropic 2-D Gaussians with the given means. */
function isotropicMixture2dSampler(means: number[][], std: number): Sampler {
  return {
    dim: 2,
    sample(rng, n) {
      const out = new Float32Array(2 * n);
      for (let i = 0; i < n; i++) {
        const mean = means[rng.int(means.length)];
        out[2 * i] = mean[0] + std * rng.normal();
        out[2 * i + 1] = mean[1] + std * rng.normal();
      }
      return out;
    },
    modes: { means, std, stds: means.map(() => std) },
  };
}

export function ringSampler(modeCount: number, radius: number, std: number): Sampler {
  const means: number[][] = [];
  for (let k = 0; k < modeCount; k++) {
    const angle = (2 * Math.PI * k) / modeCount;
    means.push([radius * Math.cos(angle), radius * Math.sin(angle)]);
  }
  return isotropicMixture2dSampler(means, std);
}

export function gridSampler(size: number, spacing: number, std: number): Sampler {
  const means: number[][] = [];
  const centre = (size - 1) / 2;
  for (let i = 0; i < size; i++) {
    for (let j = 0; j < size; j++) means.push([spacing * (i - centre), spacing * (j - centre)]);
  }
  return isotropicMixture2dSampler(means, std);
}

export function swissRollSampler(scale: number, noise: number): Sampler {
  return {
    dim: 2,
    sample(rng, n) {
      const out = new Float32Array(2 * n);
      for (let i = 0; i < n; i++) {
        const t = 1.5 * Math.PI + 3 * Math.PI * rng.uniform();
        out[2 * i] = scale * t * Math.cos(t) + noise * rng.normal();
        out[2 * i + 1] = scale * t * Math.sin(t) + noise * rng.normal();
      }
      return out;
    },
  };
}

export function twoMoonsSampler(noise: number): Sampler {
  return {
    dim: 2,
    sample(rng, n) {
      const out = new Float32Array(2 * n);
      for (let i = 0; i < n; i++) {
        const upper = rng.uniform() < 0.5;
        const theta = Math.PI * rng.uniform();
        const x = upper ? Math.cos(theta) : 1 - Math.cos(theta);
        const y = upper ? Math.sin(theta) : 0.5 - Math.sin(theta);
        out[2 * i] = x - 0.5 + noise * rng.normal();
        out[2 * i + 1] = y - 0.25 + noise * rng.normal();
      }
      return out;
    },
  };
}

export function segmentSampler(start: readonly [number, number], end: readonly [number, number]): Sampler {
  return {
    dim: 2,
    sample(rng, n) {
      const out = new Float32Array(2 * n);
      for (let i = 0; i < n; i++) {
        const u = rng.uniform();
        out[2 * i] = start[0] + u * (end[0] - start[0]);
        out[2 * i + 1] = start[1] + u * (end[1] - start[1]);
      }
      return out;
    },
  };
}

/**
 * Two drawn points are in the same mode when a chain of drawn points joins them with every step
 * shorter than this (single linkage). 0.5 is a quarter of the playground ring's radius: separate
 * blobs a reader draws stay separate modes, a stroke stays one.
 */
export const DRAWN_MODE_LINK = 0.5;

/**
 * The modes of a drawn distribution, by a deterministic rule (the VEEGAN metric needs modes, and a
 * drawing has none of its own): group the points by single linkage at DRAWN_MODE_LINK (in the order
 * of their first point, so the numbering is stable as the reader adds points); each group is a mode
 * with mean its centroid and standard deviation √(spread² + s²), s² the group's mean squared
 * distance to the centroid per coordinate, so a single point (or a point repeated) is the Gaussian
 * N(p, spread²·I₂) exactly and a spread-out group gets a disc that holds it.
 */
export function drawnModes(points: ReadonlyArray<readonly [number, number]>, spread: number): Modes {
  const n = points.length;
  const parent = Array.from({ length: n }, (_, i) => i);
  const root = (i: number): number => {
    while (parent[i] !== i) i = parent[i] = parent[parent[i]];
    return i;
  };
  const link = DRAWN_MODE_LINK * DRAWN_MODE_LINK;
  for (let i = 0; i < n; i++) {
    for (let j = i + 1; j < n; j++) {
      const dx = points[i][0] - points[j][0];
      const dy = points[i][1] - points[j][1];
      if (dx * dx + dy * dy < link) {
        const [a, b] = [root(i), root(j)];
        // The smaller index stays the root, so groups are numbered by their first point.
        if (a !== b) parent[Math.max(a, b)] = Math.min(a, b);
      }
    }
  }
  const groups = new Map<number, number[]>();
  for (let i = 0; i < n; i++) {
    const r = root(i);
    if (!groups.has(r)) groups.set(r, []);
    groups.get(r)!.push(i);
  }
  const means: number[][] = [];
  const stds: number[] = [];
  for (const members of groups.values()) {
    let [mx, my] = [0, 0];
    for (const i of members) [mx, my] = [mx + points[i][0], my + points[i][1]];
    [mx, my] = [mx / members.length, my / members.length];
    let squared = 0;
    for (const i of members) squared += (points[i][0] - mx) ** 2 + (points[i][1] - my) ** 2;
    means.push([mx, my]);
    stds.push(Math.sqrt(spread * spread + squared / (2 * members.length)));
  }
  return { means, std: Math.max(...stds), stds };
}

/** The reader's drawing: (1/N) Σ_i N(p_i, spread²·I₂), with modes by drawnModes. */
export function drawnSampler(points: ReadonlyArray<readonly [number, number]>, spread: number): Sampler {
  return {
    dim: 2,
    sample(rng, n) {
      const out = new Float32Array(2 * n);
      for (let i = 0; i < n; i++) {
        const [px, py] = points[rng.int(points.length)];
        out[2 * i] = px + spread * rng.normal();
        out[2 * i + 1] = py + spread * rng.normal();
      }
      return out;
    },
    modes: drawnModes(points, spread),
  };
}
