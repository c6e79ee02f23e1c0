/**
 * A 2-D critic's value surface as a heat map with contour lines, for Chapter 5's Wasserstein figures
 * (value-surfaces, wgan-gp-ring). A critic's score has no natural zero (only differences matter), so
 * the colours are centred on the grid's median and spread over the 95th percentile of the distance
 * from it: high (the data's side) in the discriminator's colour, low in grey.
 */
import { contours, geoPath, geoTransform, scaleLinear } from 'd3';
import {
  createPanel,
  divergingProbabilityMap,
  drawAxes,
  drawHeatmap,
  keyed,
  paletteColor,
  type Panel,
} from '../plots';

type Grid = { x: Float32Array; y?: Float32Array; values: Float32Array };

export interface CriticPlane {
  panel: Panel;
  x: ReturnType<typeof scaleLinear<number, number>>;
  y: ReturnType<typeof scaleLinear<number, number>>;
  draw(grid: Grid | undefined, options?: { xLabel?: string; yLabel?: string }): void;
}

/** Centre (median) and half-width (95th percentile of |v − median|) of a critic's values. */
export function scoreScale(values: ArrayLike<number>): { centre: number; spread: number } {
  // Typed arrays sort numerically without a comparator: several times faster at every redraw.
  const finite = new Float64Array(values.length);
  let count = 0;
  for (let i = 0; i < values.length; i++) if (Number.isFinite(values[i])) finite[count++] = values[i];
  if (!count) return { centre: 0, spread: 1 };
  const sorted = finite.subarray(0, count).sort();
  const centre = sorted[Math.floor(count / 2)];
  const distances = sorted.map((value) => Math.abs(value - centre)).sort();
  return { centre, spread: Math.max(1e-6, distances[Math.min(count - 1, Math.floor(count * 0.95))]) };
}

export function createCriticPlane(
  svg: Parameters<typeof createPanel>[0],
  box: { left: number; top: number; size: number },
  name: string,
  domain: [number, number],
  host: Element,
): CriticPlane {
  const panel = createPanel(svg, { left: box.left, top: box.top, width: box.size, height: box.size }, name);
  const heat = panel.layer('heat', { clip: true });
  const lines = panel.layer('contours', { clip: true });
  panel.layer('marks', { clip: true });
  panel.layer('axes');
  keyed(panel.layer('axes'), 'rect', 'frame').attr('class', 'sp-frame').attr('width', box.size).attr('height', box.size);
  const x = scaleLinear().domain(domain).range([0, box.size]);
  const y = scaleLinear().domain(domain).range([box.size, 0]);
  // What the surface was last drawn from. A figure redraws every plane whenever any of its runs
  // sends a snapshot; a plane whose grid and colours are unchanged keeps its drawing (the heat map
  // and contours were about half of value-surfaces' 20 ms redraw, unthrottled).
  let drawn: { grid: Grid | undefined; look: string } | null = null;
  return {
    panel,
    x,
    y,
    draw(grid, options = {}) {
      drawAxes(panel, { x, y, xLabel: options.xLabel ?? 'x₁', yLabel: options.yLabel ?? '', xTicks: 4, yTicks: 4, yLabelOffset: 32 });
      const alpha = Number.parseFloat(getComputedStyle(host).getPropertyValue('--sp-heat-alpha')) || 0.5;
      const [low, high] = [paletteColor(host, 'neutral'), paletteColor(host, 'discriminator')];
      const look = `${alpha} ${low} ${high}`;
      if (drawn && drawn.grid === grid && drawn.look === look) return;
      drawn = { grid, look };
      const map = divergingProbabilityMap(low, high, alpha);
      if (!grid?.y) {
        drawHeatmap(heat, 'critic', { x: [], y: [], values: [] }, { x, y }, map);
        keyed(lines, 'path', 'levels').attr('d', '');
        return;
      }
      const { centre, spread } = scoreScale(grid.values);
      drawHeatmap(heat, 'critic', { x: grid.x, y: grid.y, values: grid.values }, { x, y }, (value) => map(0.5 + (value - centre) / (2 * spread)));
      // Contours on the grid's index space, mapped to the plot through the grid's coordinates.
      const nx = grid.x.length;
      const ny = grid.y.length;
      const finite = Array.from(grid.values, (value) => (Number.isFinite(value) ? value : centre));
      const levels = Array.from({ length: 9 }, (_, k) => centre + spread * (-1 + k / 4));
      const gx = grid.x;
      const gy = grid.y;
      const toPlot = geoTransform({
        point(i, j) {
          this.stream.point(x(gx[0] + ((gx[nx - 1] - gx[0]) * (i - 0.5)) / (nx - 1)), y(gy[0] + ((gy[ny - 1] - gy[0]) * (j - 0.5)) / (ny - 1)));
        },
      });
      const path = geoPath(toPlot);
      keyed(lines, 'path', 'levels')
        .attr('class', 'sp-contour')
        .attr('fill', 'none')
        .attr('stroke', 'currentColor')
        .attr('stroke-opacity', 0.45)
        .attr('stroke-width', 0.8)
        .attr('d', contours().size([nx, ny]).thresholds(levels)(finite).map((shape) => path(shape) ?? '').join(''));
    },
  };
}
