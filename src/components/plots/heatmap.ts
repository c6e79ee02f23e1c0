/**
 * A heat map of values on a regular grid, painted into a small canvas (one pixel per grid cell) and
 * placed in the svg as an <image> with a data URL. The browser smooths it when scaling, and because
 * the pixels live inside the svg, the same picture survives SVG and PNG export.
 */
import { color as parseColor } from 'd3';
import { canDrawOnCanvas, clearCanvasMark, paintPixels } from './canvas-marks';
import { drawnFromSame, keyed, type GroupSelection } from './frame';
import type { XY } from './marks';

export type Rgba = readonly [r: number, g: number, b: number, a: number];
export type ColorMap = (value: number) => Rgba;

export interface Grid2D {
  /** Cell-centre x coordinates (nx values, increasing). */
  x: ArrayLike<number>;
  /** Cell-centre y coordinates (ny values, increasing). */
  y: ArrayLike<number>;
  /** nx × ny values, row-major with y outer: values[j * nx + i] is at (x[i], y[j]). */
  values: ArrayLike<number>;
}

let scratch: HTMLCanvasElement | null = null;

/**
 * Draw the grid; non-finite cells are left transparent. `canvas` (default true): in a browser, show
 * the pixels in a canvas over the image's rectangle instead of a PNG data URL per frame (see
 * canvas-marks.ts; exports still get the PNG).
 */
export function drawHeatmap(layer: GroupSelection, key: string, grid: Grid2D, scales: XY, colorMap: ColorMap, options: { canvas?: boolean } = {}): void {
  const nx = grid.x.length;
  const ny = grid.y.length;
  const image = keyed(layer, 'image', key).attr('class', 'sp-heatmap').attr('preserveAspectRatio', 'none');
  if (nx < 2 || ny < 2 || grid.values.length < nx * ny) {
    clearCanvasMark(image.node()!);
    image.attr('href', null);
    return;
  }
  const live = (options.canvas ?? true) && canDrawOnCanvas();
  scratch ??= document.createElement('canvas');
  const context = scratch.getContext('2d')!;
  const pixels = context.createImageData(nx, ny);
  for (let j = 0; j < ny; j++) {
    // Canvas rows run top to bottom; data y runs bottom to top.
    const row = ny - 1 - j;
    for (let i = 0; i < nx; i++) {
      const value = grid.values[j * nx + i];
      const offset = 4 * (row * nx + i);
      if (!Number.isFinite(value)) {
        pixels.data[offset + 3] = 0;
        continue;
      }
      const [r, g, b, a] = colorMap(value);
      pixels.data[offset] = r;
      pixels.data[offset + 1] = g;
      pixels.data[offset + 2] = b;
      pixels.data[offset + 3] = Math.round(a * 255);
    }
  }
  // Each pixel is a cell centred on its grid point: extend half a cell beyond the first and last.
  const halfX = (grid.x[nx - 1] - grid.x[0]) / (nx - 1) / 2;
  const halfY = (grid.y[ny - 1] - grid.y[0]) / (ny - 1) / 2;
  const left = scales.x(grid.x[0] - halfX);
  const right = scales.x(grid.x[nx - 1] + halfX);
  const top = scales.y(grid.y[ny - 1] + halfY);
  const bottom = scales.y(grid.y[0] - halfY);
  const box = { x: Math.min(left, right), y: Math.min(top, bottom), width: Math.abs(right - left), height: Math.abs(bottom - top) };
  image.attr('x', box.x).attr('y', box.y).attr('width', box.width).attr('height', box.height);
  if (live && paintPixels(image.node()!, pixels, box)) return;
  clearCanvasMark(image.node()!);
  scratch.width = nx;
  scratch.height = ny;
  context.putImageData(pixels, 0, 0);
  image.attr('href', scratch.toDataURL('image/png'));
}

/**
 * A two-sided colour map for a probability: `low` at 0, transparent at ½, `high` at 1, with opacity
 * growing away from ½. Over the page background it reads in light and dark themes alike.
 */
export function divergingProbabilityMap(low: string, high: string, maxAlpha = 0.62): ColorMap {
  const lowRgb = toRgb(low);
  const highRgb = toRgb(high);
  return (value) => {
    const clamped = Math.min(1, Math.max(0, value));
    const distance = Math.abs(clamped - 0.5) * 2;
    const [r, g, b] = clamped >= 0.5 ? highRgb : lowRgb;
    return [r, g, b, maxAlpha * Math.pow(distance, 0.85)];
  };
}

/** A horizontal colour bar for a colour map over [min, max], with ticks and a label. */
export function drawColorBar(
  layer: GroupSelection,
  key: string,
  box: { x: number; y: number; width: number; height: number },
  colorMap: ColorMap,
  options: { min: number; max: number; ticks: number[]; label: string; format?: (value: number) => string },
): void {
  const steps = 64;
  const grid: Grid2D = {
    x: Array.from({ length: steps }, (_, i) => options.min + ((options.max - options.min) * i) / (steps - 1)),
    y: [0, 1],
    values: [] as number[],
  };
  const values = grid.values as number[];
  for (let j = 0; j < 2; j++) for (let i = 0; i < steps; i++) values.push(grid.x[i]);
  const group = keyed(layer, 'g', key).attr('class', 'sp-colorbar');
  const format = options.format ?? ((value: number) => String(value));
  // The ramp's colours stand for the colour map (a new theme gives a new one).
  const inputs = JSON.stringify([box, options.min, options.max, options.ticks.map(format), options.label, Array.from(grid.x, colorMap)]);
  if (drawnFromSame(group.node()!, inputs)) return;
  const x = (value: number) => box.x + ((value - options.min) / (options.max - options.min)) * box.width;
  drawHeatmap(group, 'ramp', grid, { x, y: (v) => box.y + box.height * (1 - v) }, colorMap, { canvas: false });
  // The ramp's cells extend half a cell beyond its ends: clip to the bar.
  group
    .select('image')
    .attr('x', box.x)
    .attr('width', box.width)
    .attr('y', box.y)
    .attr('height', box.height);
  keyed(group, 'rect', 'outline')
    .attr('class', 'sp-colorbar-outline')
    .attr('x', box.x)
    .attr('y', box.y)
    .attr('width', box.width)
    .attr('height', box.height);
  keyed(group, 'g', 'ticks')
    .selectAll('text')
    .data(options.ticks)
    .join('text')
    .attr('class', 'sp-tick-label')
    .attr('x', (value) => x(value))
    .attr('y', box.y + box.height + 11)
    .attr('text-anchor', 'middle')
    .text(format);
  keyed(group, 'text', 'label')
    .attr('class', 'sp-legend-label')
    .attr('x', box.x - 6)
    .attr('y', box.y + box.height / 2)
    .attr('text-anchor', 'end')
    .attr('dominant-baseline', 'middle')
    .text(options.label);
}

/** Parse any CSS colour string (hex, rgb(), hsl(), named) to 0–255 RGB; grey if unparsable. */
export function toRgb(css: string): [number, number, number] {
  const parsed = parseColor(css.trim())?.rgb();
  if (!parsed) return [128, 128, 128];
  return [Math.round(parsed.r), Math.round(parsed.g), Math.round(parsed.b)];
}

export interface ImageGridOptions {
  /** Side of each (square) image in pixels: images[k] holds side² values, row-major, top row first. */
  side: number;
  /** Images per row of the grid. */
  columns: number;
  /** Drawn size of one image, and the gap between images, in svg units. */
  cell: number;
  gap: number;
  /** The value range mapped to black…white (values outside are clipped). */
  domain: readonly [low: number, high: number];
}

/**
 * A grid of small greyscale images (generated samples), painted into one canvas and placed as one
 * <image> at (left, top) of the layer. Each image pixel is painted as a block of whole canvas pixels,
 * so the picture stays sharp however it is scaled; non-finite values are left transparent.
 * `images` is n × side² values.
 */
export function drawImageGrid(layer: GroupSelection, key: string, images: ArrayLike<number>, left: number, top: number, options: ImageGridOptions): void {
  const { side, columns, cell, gap, domain } = options;
  const count = Math.floor(images.length / (side * side));
  const image = keyed(layer, 'image', key).attr('class', 'sp-image-grid').attr('preserveAspectRatio', 'none').style('image-rendering', 'pixelated');
  if (count === 0) {
    image.attr('href', null);
    return;
  }
  const rows = Math.ceil(count / columns);
  const zoom = Math.max(1, Math.round(cell / side));
  const gapPixels = Math.max(1, Math.round((gap / cell) * side * zoom));
  const width = columns * side * zoom + (columns - 1) * gapPixels;
  const height = rows * side * zoom + (rows - 1) * gapPixels;
  scratch ??= document.createElement('canvas');
  scratch.width = width;
  scratch.height = height;
  const context = scratch.getContext('2d')!;
  const pixels = context.createImageData(width, height); // transparent gaps
  const [low, high] = domain;
  for (let k = 0; k < count; k++) {
    const originX = (k % columns) * (side * zoom + gapPixels);
    const originY = Math.floor(k / columns) * (side * zoom + gapPixels);
    for (let row = 0; row < side; row++) {
      for (let col = 0; col < side; col++) {
        const value = images[k * side * side + row * side + col];
        if (!Number.isFinite(value)) continue;
        const grey = Math.round(255 * Math.min(1, Math.max(0, (value - low) / (high - low))));
        for (let dy = 0; dy < zoom; dy++) {
          for (let dx = 0; dx < zoom; dx++) {
            const offset = 4 * ((originY + row * zoom + dy) * width + originX + col * zoom + dx);
            pixels.data[offset] = grey;
            pixels.data[offset + 1] = grey;
            pixels.data[offset + 2] = grey;
            pixels.data[offset + 3] = 255;
          }
        }
      }
    }
  }
  context.putImageData(pixels, 0, 0);
  image
    .attr('x', left)
    .attr('y', top)
    .attr('width', columns * cell + (columns - 1) * gap)
    .attr('height', rows * cell + (rows - 1) * gap)
    .attr('href', scratch.toDataURL('image/png'));
}
