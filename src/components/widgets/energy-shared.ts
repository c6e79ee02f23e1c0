/**
 * What Chapter 7's EBGAN widgets share: the energy colour map (centred on the margin m, the hinge's
 * level), the controls for the margin, the embedding size and the pull-away weight, and the
 * cosine-similarity matrix of a batch of codes (drawn, not trained on: the engine's pull-away term
 * is the mean of the squares of its off-diagonal entries).
 */
import type { Experiment } from '../../engine/experiments/schema';
import { divergingProbabilityMap, paletteColor, type ColorMap } from '../plots';
import { numberAt, type Field } from './controls';

/** The margin of an energy experiment (NaN for another objective). */
export function marginOf(experiment: Experiment): number {
  return experiment.objective.kind === 'energy' ? experiment.objective.margin : Number.NaN;
}

/**
 * Energy → colour: the discriminator's blue at E = 0 ("looks like data"), transparent at E = m,
 * grey from E = 2m up ("pushed away"). The same two hues as Chapter 1's D(x) map, so low energy
 * reads like D ≈ 1.
 */
export function energyColorMap(element: Element, margin: number): ColorMap {
  const alpha = Number.parseFloat(getComputedStyle(element).getPropertyValue('--sp-heat-alpha')) || 0.5;
  const probability = divergingProbabilityMap(paletteColor(element, 'neutral'), paletteColor(element, 'discriminator'), alpha);
  const scale = margin > 0 ? margin : 1;
  return (energy) => probability(1 - Math.min(2, Math.max(0, energy / scale)) / 2);
}

export const marginField = (): Field =>
  numberAt('objective.margin', 'Margin m', { hint: 'The hinge stops pushing a fake once its energy reaches m.' });

export const embeddingField = (): Field =>
  numberAt('discriminator.embeddingDim') // label, help and range from the schema;

export const pullAwayField = (): Field =>
  numberAt('objective.pullAwayWeight', 'Pull-away weight', { hint: '0 turns the term off; the paper uses 0.1.' });

/** n × n cosine similarities of n codes of length dim (row-major); 0 for a zero code. */
export function cosineMatrix(codes: ArrayLike<number>, dim: number): { n: number; values: Float64Array } {
  const n = Math.floor(codes.length / dim);
  const norms = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    let sum = 0;
    for (let k = 0; k < dim; k++) sum += codes[i * dim + k] ** 2;
    norms[i] = Math.sqrt(sum);
  }
  const values = new Float64Array(n * n);
  for (let i = 0; i < n; i++)
    for (let j = 0; j < n; j++) {
      let dot = 0;
      for (let k = 0; k < dim; k++) dot += codes[i * dim + k] * codes[j * dim + k];
      values[i * n + j] = norms[i] > 0 && norms[j] > 0 ? dot / (norms[i] * norms[j]) : 0;
    }
  return { n, values };
}

/** Mean |cosine| over distinct pairs: how much a batch's codes point the same way (0 … 1). */
export function meanAbsoluteCosine(matrix: { n: number; values: ArrayLike<number> }): number {
  const { n, values } = matrix;
  if (n < 2) return Number.NaN;
  let sum = 0;
  for (let i = 0; i < n; i++) for (let j = 0; j < n; j++) if (i !== j) sum += Math.abs(values[i * n + j]);
  return sum / (n * (n - 1));
}

/**
 * The first two principal axes of n codes about the origin (power iteration on the second-moment matrix, deflated), for
 * drawing codes longer than 2 in the plane. Returns n × 2 coordinates, row-major. Codes of length
 * ≤ 2 are returned as they are (padded with 0).
 */
export function projectCodes(codes: ArrayLike<number>, dim: number): Float32Array {
  const n = Math.floor(codes.length / dim);
  const out = new Float32Array(n * 2);
  if (dim <= 2) {
    for (let i = 0; i < n; i++) {
      out[2 * i] = codes[i * dim];
      out[2 * i + 1] = dim === 2 ? codes[i * dim + 1] : 0;
    }
    return out;
  }
  // Not centred: cosine similarity is about directions from the origin, and the projection keeps them.
  const mean = new Float64Array(dim);
  const covariance = new Float64Array(dim * dim);
  for (let i = 0; i < n; i++)
    for (let a = 0; a < dim; a++)
      for (let b = 0; b < dim; b++) covariance[a * dim + b] += ((codes[i * dim + a] - mean[a]) * (codes[i * dim + b] - mean[b])) / n;
  const axes: Float64Array[] = [];
  for (let axis = 0; axis < 2; axis++) {
    // A fixed, deterministic start (no randomness in drawing); deflate the first axis for the second.
    let v = Float64Array.from({ length: dim }, (_, k) => 1 + k * 0.1 * (axis + 1));
    for (let iteration = 0; iteration < 60; iteration++) {
      const next = new Float64Array(dim);
      for (let a = 0; a < dim; a++) for (let b = 0; b < dim; b++) next[a] += covariance[a * dim + b] * v[b];
      for (const previous of axes) {
        const dot = next.reduce((s, value, k) => s + value * previous[k], 0);
        for (let k = 0; k < dim; k++) next[k] -= dot * previous[k];
      }
      const norm = Math.hypot(...next);
      if (!(norm > 0)) break;
      v = next.map((value) => value / norm);
    }
    axes.push(v);
  }
  for (let i = 0; i < n; i++)
    for (let axis = 0; axis < 2; axis++) {
      let dot = 0;
      for (let k = 0; k < dim; k++) dot += (codes[i * dim + k] - mean[k]) * axes[axis][k];
      out[2 * i + axis] = dot;
    }
  return out;
}

/**
 * The optimal energy for a fixed generator (gan-math §11.6): D*(x) = m where p_data(x) < p_G(x),
 * 0 where p_data(x) > p_G(x). Where the densities are equal any value in [0, m] is optimal; we draw
 * m/2 there. NaN where either density is missing.
 */
export function optimalEnergy(dataDensity: ArrayLike<number>, generatorDensity: ArrayLike<number>, margin: number): Float64Array {
  return Float64Array.from({ length: Math.min(dataDensity.length, generatorDensity.length) }, (_, i) => {
    const p = dataDensity[i];
    const q = generatorDensity[i];
    if (!Number.isFinite(p) || !Number.isFinite(q)) return Number.NaN;
    return p < q ? margin : p > q ? 0 : margin / 2;
  });
}

/**
 * Mean |E − D*| over grid points where the densities clearly differ (|p − q| > ¼·max(p, q)) and one
 * of them has mass (max(p, q) > 0.02): elsewhere D* is a tie, or nothing trains the energy. Where
 * the data has no mass, any E ≥ m is optimal (the hinge is silent), so only E < m counts there.
 */
export function meanDistanceToOptimalEnergy(
  energy: ArrayLike<number>,
  dataDensity: ArrayLike<number>,
  generatorDensity: ArrayLike<number>,
  margin: number,
): { distance: number; points: number } {
  const optimal = optimalEnergy(dataDensity, generatorDensity, margin);
  let total = 0;
  let points = 0;
  for (let i = 0; i < optimal.length; i++) {
    const larger = Math.max(dataDensity[i], generatorDensity[i]);
    if (!(larger > 0.02) || Math.abs(dataDensity[i] - generatorDensity[i]) <= 0.25 * larger || !Number.isFinite(energy[i])) continue;
    // Where there is no data (p_data < 0.001) every energy ≥ m is optimal: only a shortfall counts.
    total += dataDensity[i] < 1e-3 ? Math.max(0, margin - energy[i]) : Math.abs(energy[i] - optimal[i]);
    points++;
  }
  return { distance: points ? total / points : Number.NaN, points };
}
