/**
 * Marks drawn from data through shared scales: lines, areas, point symbols, segments, arrows and
 * bars. Each mark is one element keyed within its layer and updated in place, so redrawing at
 * animation rate creates no garbage DOM. Non-finite values are skipped, never drawn.
 */
import { area, line } from 'd3';
import { canDrawOnCanvas, clearCanvasMark, paintSymbols } from './canvas-marks';
import { keyed, type GroupSelection } from './frame';
import { symbolPath, type SymbolShape } from './symbols';

export type Scale = (value: number) => number;

export interface XY {
  x: Scale;
  y: Scale;
}

const finite = Number.isFinite;

/**
 * Pixel coordinates are kept within ±1e5: a value far off the chart (a density ratio of 1e300 in a
 * thin tail) still draws as a line leaving the clip area, and never overflows to ±Infinity when the
 * path is rounded.
 */
const PIXEL_LIMIT = 1e5;
const clampPixel = (value: number) => Math.max(-PIXEL_LIMIT, Math.min(PIXEL_LIMIT, value));

/** A polyline through (xs[i], ys[i]); gaps where a value is not finite (or, on a log scale, ≤ 0). */
export function drawLine(
  layer: GroupSelection,
  key: string,
  xs: ArrayLike<number>,
  ys: ArrayLike<number>,
  scales: XY,
  className: string,
): void {
  const indices = Array.from({ length: Math.min(xs.length, ys.length) }, (_, i) => i);
  const path = line<number>()
    .defined((i) => finite(xs[i]) && finite(ys[i]) && finite(scales.x(xs[i])) && finite(scales.y(ys[i])))
    .x((i) => clampPixel(scales.x(xs[i])))
    .y((i) => clampPixel(scales.y(ys[i])));
  keyed(layer, 'path', key)
    .attr('class', `sp-line ${className}`)
    .attr('d', path(indices) ?? '');
}

/** The area between a curve and a baseline value (default 0). */
export function drawArea(
  layer: GroupSelection,
  key: string,
  xs: ArrayLike<number>,
  ys: ArrayLike<number>,
  scales: XY,
  className: string,
  baseline = 0,
): void {
  const indices = Array.from({ length: Math.min(xs.length, ys.length) }, (_, i) => i);
  const shape = area<number>()
    .defined((i) => finite(xs[i]) && finite(ys[i]) && finite(scales.y(ys[i])))
    .x((i) => clampPixel(scales.x(xs[i])))
    .y0(clampPixel(scales.y(baseline)))
    .y1((i) => clampPixel(scales.y(ys[i])));
  keyed(layer, 'path', key)
    .attr('class', `sp-area ${className}`)
    .attr('d', shape(indices) ?? '');
}

/** The band between two curves over the same xs (e.g. the area between two CDFs); gaps where a value is not finite. */
export function drawBand(
  layer: GroupSelection,
  key: string,
  xs: ArrayLike<number>,
  lows: ArrayLike<number>,
  highs: ArrayLike<number>,
  scales: XY,
  className: string,
): void {
  const indices = Array.from({ length: Math.min(xs.length, lows.length, highs.length) }, (_, i) => i);
  const shape = area<number>()
    .defined((i) => finite(xs[i]) && finite(lows[i]) && finite(highs[i]))
    .x((i) => clampPixel(scales.x(xs[i])))
    .y0((i) => clampPixel(scales.y(lows[i])))
    .y1((i) => clampPixel(scales.y(highs[i])));
  keyed(layer, 'path', key)
    .attr('class', `sp-area ${className}`)
    .attr('d', shape(indices) ?? '');
}

/**
 * Points from a row-major n×2 array, all in one <path> (fast for thousands of points; exports as is).
 * `limit` draws only the first points (e.g. 300 of 2500). `canvas`: in a browser, paint them into a
 * canvas above the layer instead (for clouds redrawn at animation rate; see canvas-marks.ts).
 */
export function drawSymbols(
  layer: GroupSelection,
  key: string,
  points: ArrayLike<number>,
  scales: XY,
  options: { shape: SymbolShape; radius: number; className: string; limit?: number; canvas?: boolean },
): void {
  const count = Math.min(Math.floor(points.length / 2), options.limit ?? Infinity);
  const centres: number[] = [];
  for (let i = 0; i < count; i++) {
    const px = scales.x(points[2 * i]);
    const py = scales.y(points[2 * i + 1]);
    if (finite(px) && finite(py)) centres.push(round(px), round(py));
  }
  const { shape, radius } = options;
  const pathData = () => {
    const parts: string[] = [];
    for (let i = 0; i < centres.length; i += 2) parts.push(symbolPath(shape, centres[i], centres[i + 1], radius));
    return parts.join('');
  };
  const path = keyed(layer, 'path', key).attr('class', `sp-symbols sp-symbols-${shape} ${options.className}`);
  // Live point clouds are painted on a canvas (canvas-marks.ts): no path data to write and parse at
  // every frame; it is written only when an export asks for the svg.
  if (options.canvas && canDrawOnCanvas() && paintSymbols(path.node()!, { shape, radius, centres }, pathData)) return;
  clearCanvasMark(path.node()!);
  path.attr('d', pathData());
}

/** Straight segments from (x1, y1) to (x2, y2) in pixel space, as one path. */
export function drawSegments(
  layer: GroupSelection,
  key: string,
  segments: ReadonlyArray<readonly [number, number, number, number]>,
  className: string,
): void {
  const parts: string[] = [];
  for (const [x1, y1, x2, y2] of segments) {
    if (![x1, y1, x2, y2].every(finite)) continue;
    parts.push(`M${round(x1)},${round(y1)}L${round(x2)},${round(y2)}`);
  }
  keyed(layer, 'path', key)
    .attr('class', `sp-segments ${className}`)
    .attr('d', parts.join(''));
}

/**
 * Arrows (a quiver) from each point along its vector. Lengths are scaled together so that the
 * longest arrow is `maxLength` px: relative sizes stay meaningful, absolute size is only legible.
 * Arrows shorter than `minLength` px are drawn as nothing (a head without a shaft misleads).
 * Returns the scale factor used (px per unit of vector), or 0 when nothing was drawn.
 */
export function drawArrows(
  layer: GroupSelection,
  key: string,
  points: ArrayLike<number>,
  vectors: ArrayLike<number>,
  scales: XY,
  options: { className: string; maxLength?: number; minLength?: number; limit?: number },
): number {
  const maxLength = options.maxLength ?? 22;
  const minLength = options.minLength ?? 2;
  const count = Math.min(Math.floor(points.length / 2), Math.floor(vectors.length / 2), options.limit ?? Infinity);
  // Vectors in pixel directions (the y scale flips the sign); a unit step in data space per axis.
  const pixelVectors: Array<[number, number, number, number]> = [];
  let longest = 0;
  for (let i = 0; i < count; i++) {
    const x0 = points[2 * i];
    const y0 = points[2 * i + 1];
    const vx = vectors[2 * i];
    const vy = vectors[2 * i + 1];
    if (![x0, y0, vx, vy].every(finite)) continue;
    const px = scales.x(x0);
    const py = scales.y(y0);
    const dx = scales.x(x0 + vx) - px;
    const dy = scales.y(y0 + vy) - py;
    if (![px, py, dx, dy].every(finite)) continue;
    pixelVectors.push([px, py, dx, dy]);
    longest = Math.max(longest, Math.hypot(dx, dy));
  }
  const factor = longest > 0 ? maxLength / longest : 0;
  const parts: string[] = [];
  for (const [px, py, dx, dy] of pixelVectors) {
    const length = Math.hypot(dx, dy) * factor;
    if (length < minLength) continue;
    const ux = (dx * factor) / length;
    const uy = (dy * factor) / length;
    const tipX = px + ux * length;
    const tipY = py + uy * length;
    const head = Math.min(5, length * 0.45);
    // Two short strokes back from the tip at ±28° make the head.
    const cos = Math.cos(0.49);
    const sin = Math.sin(0.49);
    const leftX = tipX - head * (ux * cos - uy * sin);
    const leftY = tipY - head * (uy * cos + ux * sin);
    const rightX = tipX - head * (ux * cos + uy * sin);
    const rightY = tipY - head * (uy * cos - ux * sin);
    parts.push(
      `M${round(px)},${round(py)}L${round(tipX)},${round(tipY)}` +
        `M${round(leftX)},${round(leftY)}L${round(tipX)},${round(tipY)}L${round(rightX)},${round(rightY)}`,
    );
  }
  keyed(layer, 'path', key)
    .attr('class', `sp-arrows ${options.className}`)
    .attr('d', parts.join(''));
  return parts.length ? factor : 0;
}

/**
 * Arrows with fixed ends, in pixel space: from (x1, y1) to (x2, y2), each with an optional stroke
 * width (e.g. proportional to the mass it carries). Unlike drawArrows, lengths are not rescaled:
 * the arrow ends exactly where the data says. Arrows shorter than `minLength` px are left out.
 */
export function drawFixedArrows(
  layer: GroupSelection,
  key: string,
  arrows: ReadonlyArray<{ x1: number; y1: number; x2: number; y2: number; width?: number }>,
  className: string,
  options: { minLength?: number; head?: number } = {},
): void {
  const minLength = options.minLength ?? 2;
  const group = keyed(layer, 'g', key).attr('class', `sp-fixed-arrows ${className}`);
  const paths: Array<{ d: string; width?: number }> = [];
  for (const { x1, y1, x2, y2, width } of arrows) {
    if (![x1, y1, x2, y2].every(finite)) continue;
    const dx = x2 - x1;
    const dy = y2 - y1;
    const length = Math.hypot(dx, dy);
    if (length < minLength) continue;
    const ux = dx / length;
    const uy = dy / length;
    // A thick shaft needs a larger head to stay readable as an arrow.
    const head = Math.min((options.head ?? 5) + 1.5 * Math.max(0, (width ?? 0) - 1.2), length * 0.45);
    const cos = Math.cos(0.49);
    const sin = Math.sin(0.49);
    const leftX = x2 - head * (ux * cos - uy * sin);
    const leftY = y2 - head * (uy * cos + ux * sin);
    const rightX = x2 - head * (ux * cos + uy * sin);
    const rightY = y2 - head * (uy * cos - ux * sin);
    paths.push({
      d: `M${round(x1)},${round(y1)}L${round(x2)},${round(y2)}M${round(leftX)},${round(leftY)}L${round(x2)},${round(y2)}L${round(rightX)},${round(rightY)}`,
      width,
    });
  }
  group
    .selectAll<SVGPathElement, { d: string; width?: number }>('path')
    .data(paths)
    .join('path')
    .attr('class', 'sp-arrows')
    .attr('d', (entry) => entry.d)
    .style('stroke-width', (entry) => (entry.width !== undefined && finite(entry.width) ? `${Math.round(entry.width * 10) / 10}px` : null));
}

/** Vertical bars (e.g. counts per mode) on a band of x positions. */
export function drawBars(
  layer: GroupSelection,
  key: string,
  bars: ReadonlyArray<{ x: number; width: number; value: number }>,
  y: Scale,
  className: string,
): void {
  const parts: string[] = [];
  const base = y(0);
  for (const bar of bars) {
    const top = y(bar.value);
    if (![bar.x, bar.width, top, base].every(finite)) continue;
    parts.push(`M${round(bar.x)},${round(base)}V${round(top)}h${round(bar.width)}V${round(base)}Z`);
  }
  keyed(layer, 'path', key)
    .attr('class', `sp-bars ${className}`)
    .attr('d', parts.join(''));
}

/** A horizontal reference line at data value `value` across the panel width. */
export function drawHorizontalRule(
  layer: GroupSelection,
  key: string,
  value: number,
  y: Scale,
  width: number,
  className: string,
): void {
  const py = y(value);
  keyed(layer, 'path', key)
    .attr('class', `sp-rule ${className}`)
    .attr('d', finite(py) ? `M0,${round(py)}H${width}` : '');
}

function round(value: number): number {
  return Math.round(clampPixel(value) * 10) / 10;
}

/** At most `limit` evenly spaced entries of a series, and its last (a 150-px chart needs no more). */
export function thinned<T>(entries: readonly T[], limit: number): T[] {
  if (entries.length <= limit) return [...entries];
  const stride = entries.length / limit;
  const out: T[] = [];
  for (let i = 0; i < limit; i++) out.push(entries[Math.floor(i * stride)]);
  out.push(entries[entries.length - 1]);
  return out;
}
