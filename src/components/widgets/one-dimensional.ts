/**
 * Shared pieces of the 1-D figures: the density chart (p_data, p_g and D(x) on one x axis, densities
 * on the left axis, D on the right axis in [0, 1]) and small calculations on 1-D snapshots.
 */
import { scaleLinear, type ScaleLinear } from 'd3';
import type { Experiment } from '../../engine/experiments/schema';
import type { Snapshot } from '../../engine/worker/protocol';
import {
  drawArea,
  drawAxes,
  drawHorizontalRule,
  drawLine,
  drawSegments,
  type Panel,
} from '../plots';
import { series } from '../plots/palette';

/** Mean and standard deviation of a 1-D Gaussian mixture (weights normalised). */
export function mixtureMoments(experiment: Experiment): { mean: number; std: number } | null {
  if (experiment.data.kind !== 'mixture-1d') return null;
  const components = experiment.data.components;
  const total = components.reduce((sum, component) => sum + component.weight, 0);
  const mean = components.reduce((sum, c) => sum + (c.weight / total) * c.mean, 0);
  const second = components.reduce((sum, c) => sum + (c.weight / total) * (c.std * c.std + c.mean * c.mean), 0);
  return { mean, std: Math.sqrt(Math.max(0, second - mean * mean)) };
}

/** Mean and standard deviation of finite values. */
export function sampleMoments(values: ArrayLike<number> | undefined): { mean: number; std: number } | null {
  if (!values || values.length === 0) return null;
  let count = 0;
  let sum = 0;
  let sumSquares = 0;
  for (let i = 0; i < values.length; i++) {
    const value = values[i];
    if (!Number.isFinite(value)) continue;
    count++;
    sum += value;
    sumSquares += value * value;
  }
  if (count === 0) return null;
  const mean = sum / count;
  return { mean, std: Math.sqrt(Math.max(0, sumSquares / count - mean * mean)) };
}

/**
 * The exact generator density on `xs` when G is affine with 1-D noise: two points of the generator
 * map fix x = a z + b, and then p_g is N(b, a²) (normal noise) or uniform on [b − |a|, b + |a|]
 * (noise U[−1, 1]). Null when G is not of that kind (use the histogram instead).
 */
export function exactAffineDensity(experiment: Experiment, snapshot: Snapshot, xs: ArrayLike<number>): Float64Array | null {
  const { kind, noiseDim, noise } = experiment.generator;
  const map = snapshot.generatorMap;
  if (kind !== 'affine' || noiseDim !== 1 || !map || map.z.length < 2) return null;
  const first = 0;
  const last = map.z.length - 1;
  const dz = map.z[last] - map.z[first];
  if (!(Math.abs(dz) > 0)) return null;
  const slope = (map.x[last] - map.x[first]) / dz;
  const intercept = map.x[first] - slope * map.z[first];
  const scale = Math.abs(slope);
  if (!Number.isFinite(scale) || !Number.isFinite(intercept) || scale === 0) return null;
  const density = new Float64Array(xs.length);
  for (let i = 0; i < xs.length; i++) {
    const u = (xs[i] - intercept) / scale;
    density[i] =
      noise === 'normal'
        ? Math.exp(-0.5 * u * u) / (scale * Math.sqrt(2 * Math.PI))
        : Math.abs(u) <= 1
          ? 1 / (2 * scale)
          : 0;
  }
  return density;
}

/** D*(x) = p_data / (p_data + p_g); NaN where both densities are negligible (D* is undefined there). */
export function optimalDiscriminator(dataDensity: ArrayLike<number>, generatorDensity: ArrayLike<number>): Float64Array {
  let peak = 0;
  for (let i = 0; i < dataDensity.length; i++) peak = Math.max(peak, dataDensity[i] + generatorDensity[i]);
  const floor = peak * 1e-4;
  const out = new Float64Array(dataDensity.length);
  for (let i = 0; i < out.length; i++) {
    const total = dataDensity[i] + generatorDensity[i];
    out[i] = total > floor ? dataDensity[i] / total : Number.NaN;
  }
  return out;
}

/**
 * Mean |D − D*| under the mixture (p_data + p_g)/2, the distribution D is trained on; regions
 * where neither density has mass do not count (D* is undefined there and D is never trained).
 */
export function meanDistanceToOptimal(
  discriminator: ArrayLike<number>,
  optimal: ArrayLike<number>,
  dataDensity: ArrayLike<number>,
  generatorDensity: ArrayLike<number>,
): number {
  let weighted = 0;
  let totalWeight = 0;
  for (let i = 0; i < optimal.length; i++) {
    const weight = (dataDensity[i] + generatorDensity[i]) / 2;
    const gap = Math.abs(discriminator[i] - optimal[i]);
    if (!Number.isFinite(gap) || !(weight > 0)) continue;
    weighted += weight * gap;
    totalWeight += weight;
  }
  return totalWeight > 0 ? weighted / totalWeight : Number.NaN;
}

/** Largest finite value (0 if none). */
export function finiteMax(values: ArrayLike<number> | undefined): number {
  let max = 0;
  if (!values) return max;
  for (let i = 0; i < values.length; i++) if (Number.isFinite(values[i]) && values[i] > max) max = values[i];
  return max;
}

/** Smallest and largest finite value, or null. */
export function finiteExtent(values: ArrayLike<number> | undefined): [number, number] | null {
  if (!values) return null;
  let min = Infinity;
  let max = -Infinity;
  for (let i = 0; i < values.length; i++) {
    const value = values[i];
    if (!Number.isFinite(value)) continue;
    if (value < min) min = value;
    if (value > max) max = value;
  }
  return min <= max ? [min, max] : null;
}

export interface DensityChart {
  x: ScaleLinear<number, number>;
  density: ScaleLinear<number, number>;
  probability: ScaleLinear<number, number>;
  /** Draw the curves that are given; `generatorDensity` may be exact or a histogram. */
  draw(curves: {
    xs: ArrayLike<number>;
    dataDensity?: ArrayLike<number>;
    generatorDensity?: ArrayLike<number>;
    discriminator?: ArrayLike<number>;
    optimal?: ArrayLike<number>;
    generatorSamples?: ArrayLike<number>;
    /** The generator density is exact (not a histogram): scale to show all of it, never cap it. */
    generatorExact?: boolean;
  }): void;
}

/**
 * Densities on the left axis and D(x) ∈ [0, 1] on the right, sharing x. The density axis follows
 * the curves without twitching and caps a narrow generator spike at 1.6 times the data's peak, so
 * p_data stays readable; the clip path cuts the rest of the spike.
 */
export function createDensityChart(panel: Panel, xDomain: [number, number]): DensityChart {
  const x = scaleLinear().domain(xDomain).range([0, panel.width]);
  const density = scaleLinear().domain([0, 1]).range([panel.height, 0]);
  const probability = scaleLinear().domain([0, 1]).range([panel.height, 0]);
  let shownMax = 0;
  // Create layers in paint order.
  panel.layer('grid');
  const areas = panel.layer('areas', { clip: true });
  const lines = panel.layer('lines', { clip: true });
  panel.layer('axes');

  const chart: DensityChart = {
    x,
    density,
    probability,
    draw(curves) {
      const dataPeak = finiteMax(curves.dataDensity);
      const generatorPeak = finiteMax(curves.generatorDensity);
      const generatorShown = curves.generatorExact || dataPeak === 0 ? generatorPeak : Math.min(generatorPeak, 1.6 * dataPeak);
      const target = Math.max(dataPeak, generatorShown, 0.05) * 1.1;
      // Grow at once (nothing may be cut that should fit); shrink gently, so the axis does not
      // twitch with the histogram's noise. Shrinking only happens on redraws, so a paused figure
      // keeps a scale that shows everything.
      shownMax = target > shownMax ? target : shownMax + (target - shownMax) * 0.1;
      density.domain([0, shownMax]);

      drawAxes(panel, {
        x,
        y: density,
        yRight: probability,
        xLabel: 'x',
        yLabel: 'density',
        yRightLabel: 'D(x)',
        yTicks: 4,
        yRightFormat: (value) => (value === 0.5 ? '½' : String(value)),
        grid: true,
      });
      drawHorizontalRule(lines, 'half', 0.5, probability, panel.width, 'sp-half');

      const xs = curves.xs;
      const empty: number[] = [];
      drawArea(areas, 'data', xs, curves.dataDensity ?? empty, { x, y: density }, series.real);
      drawArea(areas, 'generated', xs, curves.generatorDensity ?? empty, { x, y: density }, series.generated);
      drawLine(lines, 'data', xs, curves.dataDensity ?? empty, { x, y: density }, series.real);
      drawLine(lines, 'generated', xs, curves.generatorDensity ?? empty, { x, y: density }, series.generated);
      drawLine(lines, 'optimal', xs, curves.optimal ?? empty, { x, y: probability }, series.reference);
      drawLine(lines, 'discriminator', xs, curves.discriminator ?? empty, { x, y: probability }, series.discriminator);

      // A rug of generated samples along the bottom edge.
      const rug: Array<[number, number, number, number]> = [];
      const samples = curves.generatorSamples;
      if (samples) {
        for (let i = 0; i < samples.length; i++) {
          const px = x(samples[i]);
          if (Number.isFinite(px)) rug.push([px, panel.height, px, panel.height - 7]);
        }
      }
      drawSegments(lines, 'rug', rug, 'sp-rug-generated');
    },
  };
  return chart;
}
