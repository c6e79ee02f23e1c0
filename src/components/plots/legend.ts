/**
 * A one-row legend: each entry shows the same mark as the plot (a line with its dash, an area
 * swatch or a point symbol), so colour is never the only cue.
 */
import type { Selection } from 'd3';
import { drawnFromSame, keyed, type GroupSelection } from './frame';
import { symbolPath, type SymbolShape } from './symbols';

export type LegendItem =
  | { kind: 'line'; label: string; className: string }
  | { kind: 'area'; label: string; className: string }
  | { kind: 'symbol'; label: string; className: string; shape: SymbolShape }
  | { kind: 'arrow'; label: string; className: string };

const swatchWidth = 22;
const gap = 6;
const itemGap = 16;

export const legendRowHeight = 18;
const rowHeight = legendRowHeight;

/** Where each entry of a legend goes (its row and its left edge) when rows wrap at `maxWidth`. */
function legendPlaces(items: readonly LegendItem[], maxWidth: number): Array<{ x: number; row: number }> {
  let x = 0;
  let row = 0;
  return items.map((item) => {
    const itemWidth = swatchWidth + gap + textWidth(plainText(item.label));
    if (x > 0 && x + itemWidth > maxWidth) {
      x = 0;
      row++;
    }
    const place = { x, row };
    x += itemWidth + itemGap;
    return place;
  });
}

/** The number of rows drawLegend will use for `items` within `maxWidth` (to lay out around it). */
export function legendRows(items: readonly LegendItem[], maxWidth = Infinity): number {
  const places = legendPlaces(items, maxWidth);
  return places.length ? places[places.length - 1].row + 1 : 1;
}

/**
 * Draw the legend with its first entry's left edge at (x, y) (y is the text's middle line). Entries
 * that would pass `maxWidth` wrap to a new row. Returns the number of rows.
 */
export function drawLegend(
  layer: GroupSelection,
  key: string,
  items: readonly LegendItem[],
  at: { x: number; y: number },
  maxWidth = Infinity,
): number {
  const group = keyed(layer, 'g', key);
  const places = legendPlaces(items, maxWidth);
  const rows = places.length ? places[places.length - 1].row + 1 : 1;
  if (drawnFromSame(group.node()!, JSON.stringify([items, at, places]))) return rows;
  group.attr('class', 'sp-legend').attr('transform', `translate(${at.x},${at.y})`);
  group.selectAll('*').remove();
  items.forEach((item, index) => {
    const { x, row } = places[index];
    const entry = group.append('g').attr('transform', `translate(${x},${row * rowHeight})`);
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
    const label = entry
      .append('text')
      .attr('class', 'sp-legend-label')
      .attr('x', swatchWidth + gap)
      .attr('y', 0)
      .attr('dominant-baseline', 'middle');
    setRichText(label, item.label);
  });
  return rows;
}

let measure: CanvasRenderingContext2D | null = null;

/** Width of a legend label in px, measured with a canvas (works before the svg is laid out). */
export function textWidth(text: string, font = '12px system-ui, sans-serif'): number {
  measure ??= document.createElement('canvas').getContext('2d');
  if (!measure) return text.length * 7;
  measure.font = font;
  return Math.ceil(measure.measureText(text).width);
}

/**
 * Set a label with simple subscripts: "p_{data}" draws "data" lowered and smaller. Exported SVGs
 * keep the structure (tspans), so subscripts survive export.
 */
export function setRichText(text: Selection<SVGTextElement, unknown, null, undefined>, label: string): void {
  text.selectAll('tspan').remove();
  text.text(null);
  const pattern = /_\{([^}]*)\}/g;
  let last = 0;
  for (const match of label.matchAll(pattern)) {
    if (match.index > last) text.append('tspan').text(label.slice(last, match.index));
    text.append('tspan').attr('class', 'sp-sub').attr('baseline-shift', 'sub').attr('font-size', '80%').text(match[1]);
    last = match.index + match[0].length;
  }
  if (last < label.length) text.append('tspan').text(label.slice(last));
}

/** The label without subscript markup ("p_{data}" → "pdata"), for measuring. */
export function plainText(label: string): string {
  return label.replace(/_\{([^}]*)\}/g, '$1');
}

/**
 * A legend above a figure's panels. At the design width it stays one row at `at`; in a narrow
 * layout (a phone, `narrow`) it starts near the left edge, wraps within the drawing, and `extra` is
 * the height its added rows take, by which the panels below move down.
 */
export function legendBand(
  items: readonly LegendItem[],
  svgWidth: number,
  at: { x: number; y: number },
  narrow: boolean,
): { at: { x: number; y: number }; maxWidth: number; extra: number } {
  if (!narrow) return { at, maxWidth: Infinity, extra: 0 };
  const x = Math.min(at.x, 12);
  const maxWidth = svgWidth - x - 8;
  return { at: { x, y: at.y }, maxWidth, extra: (legendRows(items, maxWidth) - 1) * legendRowHeight };
}
