/**
 * Metrics computed from samples and gradients: mode coverage on mixtures (the VEEGAN rule),
 * histogram densities, and the global gradient norm.
 */
import type { Modes } from './data';
import { addMany, tf, type Scalar, type Tensor } from './tf';
import type { ModeCoverage } from './types';

/** A sample within this many standard deviations of its nearest mode is "high quality" (VEEGAN). */
export const HIGH_QUALITY_STDS = 3;

/**
 * Mode coverage by the rule of Srivastava et al. (VEEGAN, 2017), gan-math §8.3: each sample is
 * assigned to its nearest mode mean (Euclidean); it is *high quality* if its Euclidean distance to
 * that mean is below 3σ of that mode (a disc of radius 3σ in 2-D). A mode is *captured* if it is
 * the nearest mode of at least one high-quality sample.
 *
 * For a perfect 2-D sampler the expected high-quality fraction is P(χ²₂ ≤ 9) = 1 − e^(−4.5) ≈ 0.988891.
 */
export function modeCoverage(samples: Float32Array, dim: number, modes: Modes, threshold = HIGH_QUALITY_STDS): ModeCoverage {
  const modeCount = modes.means.length;
  const counts = new Array<number>(modeCount).fill(0);
  const n = Math.floor(samples.length / dim);
  let highQuality = 0;
  for (let i = 0; i < n; i++) {
    let nearest = 0;
    let nearestSquared = Infinity;
    for (let k = 0; k < modeCount; k++) {
      let squared = 0;
      for (let j = 0; j < dim; j++) squared += (samples[i * dim + j] - modes.means[k][j]) ** 2;
      if (squared < nearestSquared) {
        nearestSquared = squared;
        nearest = k;
      }
    }
    const radius = threshold * modes.stds[nearest];
    if (nearestSquared <= radius * radius) {
      highQuality++;
      counts[nearest]++;
    }
  }
  return {
    highQualityFraction: n > 0 ? highQuality / n : 0,
    modesCaptured: counts.filter((count) => count > 0).length,
    modeCount,
    counts,
  };
}

/**
 * Histogram density estimate on evenly spaced bin centres: bin i covers centre_i ± h/2, with h the
 * spacing of the centres, and holds count_i / (n·h). Values outside every bin are counted in n but
 * fall in no bin, so the estimate integrates to the fraction of values inside the grid.
 */
export function histogramDensity(values: Float32Array, centres: Float32Array): Float32Array {
  const bins = centres.length;
  const density = new Float32Array(bins);
  if (bins === 0 || values.length === 0) return density;
  const width = bins > 1 ? (centres[bins - 1] - centres[0]) / (bins - 1) : 1;
  const left = centres[0] - width / 2;
  for (const value of values) {
    const bin = Math.floor((value - left) / width);
    if (bin >= 0 && bin < bins) density[bin]++;
  }
  for (let i = 0; i < bins; i++) density[i] /= values.length * width;
  return density;
}

/** ‖(g₁, g₂, …)‖₂ over every entry of every tensor: the global norm of a list of gradients. */
export function globalNorm(tensors: readonly Tensor[]): Scalar {
  return tf.tidy(() => tf.sqrt(addMany(tensors.map((t) => tf.sum(tf.square(t))))) as Scalar);
}
