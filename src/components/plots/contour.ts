/**
 * Iso-lines of a value on a regular grid (d3-contour's marching squares), drawn through the same
 * scales as the heat map beneath them. Used for the energy's level set E(x) = m in Chapter 7.
 */
import { contours, geoPath, geoTransform } from 'd3';
import { keyed, type GroupSelection } from './frame';
import type { Grid2D } from './heatmap';
import type { XY } from './marks';

/** One path per level; `className` styles them (e.g. a dashed reference line). Non-finite cells count as below every level. */
export function drawContours(layer: GroupSelection, key: string, grid: Grid2D, levels: readonly number[], scales: XY, className: string): void {
  const nx = grid.x.length;
  const ny = grid.y.length;
  const group = keyed(layer, 'g', key).attr('class', `sp-contours ${className}`);
  if (nx < 2 || ny < 2 || grid.values.length < nx * ny) {
    group.selectAll('path').remove();
    return;
  }
  const values = Array.from({ length: nx * ny }, (_, k) => (Number.isFinite(grid.values[k]) ? grid.values[k] : -Infinity));
  const dx = (grid.x[nx - 1] - grid.x[0]) / (nx - 1);
  const dy = (grid.y[ny - 1] - grid.y[0]) / (ny - 1);
  // Contour coordinates are in grid-index units (cell corners at integers): map index i to x[0] + i·dx.
  const toPlot = geoTransform({
    point(i, j) {
      this.stream.point(scales.x(grid.x[0] + (i - 0.5) * dx), scales.y(grid.y[0] + (j - 0.5) * dy));
    },
  });
  const path = geoPath(toPlot);
  const shapes = contours().size([nx, ny]).thresholds([...levels])(values);
  group
    .selectAll('path')
    .data(shapes)
    .join('path')
    .attr('class', 'sp-contour')
    .attr('d', (shape) => path(shape) ?? '');
}
