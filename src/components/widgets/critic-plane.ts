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
  const finite: number[] = [];
  for (let i = 0; i < values.length; i++) if (Number.isFinite(values[i])) finite.push(values[i]);
  if (!finite.length) return { centre: 0, spread: 1 };
  finite.sort((a, b) => a - b);
  const centre = finite[Math.floor(finite.length / 2)];
  const distances = finite.map((value) => Math.abs(value - centre)).sort((a, b) => a - b);
  return { centre, spread: Math.max(1e-6, distances[Math.min(distances.length - 1, Math.floor(distances.length * 0.95))]) };
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
  return {
    panel,
    x,
    y,
    draw(grid, options = {}) {
      drawAxes(panel, { x, y, xLabel: options.xLabel ?? 'x₁', yLabel: options.yLabel ?? '', xTicks: 4, yTicks: 4, yLabelOffset: 32 });
      const alpha = Number.parseFloat(getComputedStyle(host).getPropertyValue('--sp-heat-alpha')) || 0.5;
      const map = divergingProbabilityMap(paletteColor(host, 'neutral'), paletteColor(host, 'discriminator'), alpha);
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
