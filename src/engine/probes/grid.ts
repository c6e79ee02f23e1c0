/**
 * Probes on a regular grid: where the figures evaluate the critic, the energy or its input gradient.
 * Pure functions of their inputs, each with its own test.
 */
import type { Critic } from '../objectives';
import { inputGradientNorms } from '../objectives/penalties';
import { tf, type Tensor2D } from '../tf';

export type AxisSpec = readonly [min: number, max: number, count: number];

/** Evenly spaced values from min to max inclusive (a single value: min). */
export function gridAxis([min, max, count]: AxisSpec): Float32Array {
  const axis = new Float32Array(Math.max(0, Math.floor(count)));
  for (let i = 0; i < axis.length; i++) axis[i] = axis.length > 1 ? min + ((max - min) * i) / (axis.length - 1) : min;
  return axis;
}

/**
 * The grid's axes and its points as rows (1-D: x itself; 2-D: x × y, row-major with y outer, so
 * point i·|x| + j is (x_j, y_i)).
 */
export function gridPoints(grid: { x: AxisSpec; y?: AxisSpec }, dim: number): { xs: Float32Array; ys?: Float32Array; points: Float32Array } {
  const xs = gridAxis(grid.x);
  if (dim !== 2) return { xs, points: xs };
  const ys = gridAxis(grid.y ?? grid.x);
  const points = new Float32Array(2 * xs.length * ys.length);
  for (let iy = 0; iy < ys.length; iy++) {
    for (let ix = 0; ix < xs.length; ix++) {
      points[2 * (iy * xs.length + ix)] = xs[ix];
      points[2 * (iy * xs.length + ix) + 1] = ys[iy];
    }
  }
  return { xs, ys, points };
}

/** ‖∇ₓV(x)‖ of the critic's raw output at each grid point (same layout as the points). */
export function inputGradientNormsOnGrid(critic: Critic, points: Float32Array, dim: number): Float32Array {
  return tf.tidy(() => new Float32Array(inputGradientNorms(critic, tf.tensor2d(points, [points.length / dim, dim]) as Tensor2D).dataSync()));
}
