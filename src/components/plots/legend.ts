/**
 * A one-row legend: each entry shows the same mark as the plot (a line with its dash, an area
 * swatch or a point symbol), so colour is never the only cue.
 */
import { keyed, type GroupSelection } from './frame';
import { symbolPath, type SymbolShape } from './marks';

export type LegendItem =
  | { kind: 'line'; label: string; className: string }
  | { kind: 'area'; label: string; className: string }
  | { kind: 'symbol'; label: string; className: string; shape: SymbolShape }
  | { kind: 'arrow'; label: string; className: string };

const swatchWidth = 22;
const gap = 6;
const itemGap = 16;

/** Draw the legend with its first entry's left edge at (x, y) (y is the text's middle line). */
export function drawLegend(layer: GroupSelection, key: string, items: readonly LegendItem[], at: { x: number; y: number }): number {
  const group = keyed(layer, 'g', key).attr('class', 'sp-legend').attr('transform', `translate(${at.x},${at.y})`);
  group.selectAll('*').remove();
  let x = 0;
  for (const item of items) {
    const entry = group.append('g').attr('transform', `translate(${x},0)`);
    if (item.kind === 'line') {
      entry.append('path').attr('class', `sp-line ${item.className}`).attr('d', `M0,0H${swatchWidth}`);
    } else if (item.kind === 'area') {
      entry
        .append('path')
        .attr('class', `sp-area ${item.className}`)
        .attr('d', `M0,5V-5H${swatchWidth}V5Z`);
      entry.append('path').attr('class', `sp-line ${item.className}`).attr('d', `M0,-5H${swatchWidth}`);
    } else if (item.kind === 'arrow') {
      entry
        .append('path')
        .attr('class', `sp-arrows ${item.className}`)
        .attr('d', `M2,0H${swatchWidth - 2}M${swatchWidth - 7},-4L${swatchWidth - 2},0L${swatchWidth - 7},4`);
    } else {
      const cx = swatchWidth / 2;
      entry
        .append('path')
        .attr('class', `sp-symbols sp-symbols-${item.shape} ${item.className}`)
        .attr('d', symbolPath(item.shape, cx - 5, 0, 3) + symbolPath(item.shape, cx + 5, 0, 3));
    }
    entry
      .append('text')
      .attr('class', 'sp-legend-label')
      .attr('x', swatchWidth + gap)
      .attr('y', 0)
      .attr('dominant-baseline', 'middle')
      .text(item.label);
    x += swatchWidth + gap + textWidth(item.label) + itemGap;
  }
  return x - itemGap;
}

let measure: CanvasRenderingContext2D | null = null;

/** Width of a legend label in px, measured with a canvas (works before the svg is laid out). */
export function textWidth(text: string, font = '12px system-ui, sans-serif'): number {
  measure ??= document.createElement('canvas').getContext('2d');
  if (!measure) return text.length * 7;
  measure.font = font;
  return Math.ceil(measure.measureText(text).width);
}
