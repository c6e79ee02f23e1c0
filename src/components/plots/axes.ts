/**
 * Axes, grid lines and axis labels for a panel, drawn from the same scales as the marks.
 */
import { axisBottom, axisLeft, axisRight, type AxisDomain, type AxisScale, type Selection } from 'd3';
import { drawnFromSame, keyed, type Panel } from './frame';
import { plainText, setRichText, textWidth } from './legend';
import { ticksFor } from './layout';

export type NumberScale = AxisScale<number> & { ticks?(count?: number): number[] };

export interface AxesOptions {
  x?: NumberScale;
  y?: NumberScale;
  /** A second y axis on the right (e.g. D(x) ∈ [0, 1] next to densities). */
  yRight?: NumberScale;
  xLabel?: string;
  yLabel?: string;
  yRightLabel?: string;
  xTicks?: number;
  yTicks?: number;
  xFormat?: (value: number) => string;
  yFormat?: (value: number) => string;
  yRightFormat?: (value: number) => string;
  /** Light horizontal grid lines at the y ticks. */
  grid?: boolean;
  /** Distance from the panel's left edge to the (rotated) y label's centre line; default 44. */
  yLabelOffset?: number;
}

/** The ticks an axis shows, as text: with the scale's domain and range, all that its drawing depends on. */
function axisKey(scale: NumberScale | undefined, count: number, format: ((value: number) => string) | undefined): string {
  if (!scale) return '';
  const ticks = scale.ticks ? scale.ticks(count) : [];
  const label = format ?? (scale as { tickFormat?(count: number): (value: number) => string }).tickFormat?.(count) ?? String;
  return `${scale.domain().join()};${scale.range().join()};${ticks.map(label).join()}`;
}

/**
 * Draw (or update) the panel's axes. Safe to call on every frame: elements are reused, and axes whose
 * scales, ticks and labels are unchanged are left as they are (figures redraw every frame while they
 * train, and d3's axis rebuilt identical ticks each time).
 */
export function drawAxes(panel: Panel, options: AxesOptions): void {
  const layer = panel.layer('axes');
  const gridLayer = panel.layer('grid');
  // A narrow layout (a phone) keeps its labels at full size, so it draws fewer of them.
  const xTicks = panel.narrow ? ticksFor(panel.width, options.xTicks ?? 6) : (options.xTicks ?? 6);
  const yTicks = panel.narrow ? ticksFor(panel.height, options.yTicks ?? 5, 34) : (options.yTicks ?? 5);
  const inputs = [
    panel.width,
    panel.height,
    axisKey(options.x, xTicks, options.xFormat),
    axisKey(options.y, yTicks, options.yFormat),
    axisKey(options.yRight, yTicks, options.yRightFormat),
    options.xLabel,
    options.yLabel,
    options.yRightLabel,
    options.grid,
    options.yLabelOffset,
  ].join('|');
  if (drawnFromSame(layer.node()!, inputs)) return;

  if (options.x) {
    const axis = axisBottom<number>(options.x).ticks(xTicks).tickSizeOuter(0);
    if (options.xFormat) axis.tickFormat(options.xFormat as (value: AxisDomain) => string);
    keyed(layer, 'g', 'x-axis')
      .attr('class', 'sp-axis sp-axis-x')
      .attr('transform', `translate(0,${panel.height})`)
      .call(axis);
    if (options.xLabel !== undefined) {
      keyed(layer, 'text', 'x-label')
        .attr('class', 'sp-axis-label')
        .attr('x', panel.width / 2)
        .attr('y', panel.height + 34)
        .attr('text-anchor', 'middle')
        .text(options.xLabel);
    }
  }

  if (options.y) {
    const axis = axisLeft<number>(options.y).ticks(yTicks).tickSizeOuter(0);
    if (options.yFormat) axis.tickFormat(options.yFormat as (value: AxisDomain) => string);
    keyed(layer, 'g', 'y-axis').attr('class', 'sp-axis sp-axis-y').call(axis);
    if (options.yLabel !== undefined) {
      keyed(layer, 'text', 'y-label')
        .attr('class', 'sp-axis-label')
        .attr('transform', `translate(${-(options.yLabelOffset ?? 44)},${panel.height / 2}) rotate(-90)`)
        .attr('text-anchor', 'middle')
        .text(options.yLabel);
    }
    if (options.grid) {
      const ticks = options.y.ticks ? options.y.ticks(yTicks) : [];
      const y = options.y;
      keyed(gridLayer, 'g', 'y-grid')
        .attr('class', 'sp-grid')
        .selectAll('line')
        .data(ticks)
        .join('line')
        .attr('x1', 0)
        .attr('x2', panel.width)
        .attr('y1', (tick) => y(tick) ?? 0)
        .attr('y2', (tick) => y(tick) ?? 0);
    }
  }

  if (options.yRight) {
    const axis = axisRight<number>(options.yRight).ticks(yTicks).tickSizeOuter(0);
    if (options.yRightFormat) axis.tickFormat(options.yRightFormat as (value: AxisDomain) => string);
    keyed(layer, 'g', 'y-right-axis')
      .attr('class', 'sp-axis sp-axis-y-right')
      .attr('transform', `translate(${panel.width},0)`)
      .call(axis);
    if (options.yRightLabel !== undefined) {
      keyed(layer, 'text', 'y-right-label')
        .attr('class', 'sp-axis-label')
        .attr('transform', `translate(${panel.width + 40},${panel.height / 2}) rotate(90)`)
        .attr('text-anchor', 'middle')
        .text(options.yRightLabel);
    }
  }
}

/**
 * A panel title, left-aligned above the panel. In a narrow layout (a phone) a title wider than the
 * panel wraps onto lines stacked upwards (`lineHeight` apart), the last line where one line would be.
 */
export function drawTitle(panel: Panel, text: string, lineHeight = 15): void {
  const layer = panel.layer('axes');
  const title = keyed(layer, 'text', 'title');
  if (title.attr('data-label') === text) return;
  const lines = panel.narrow ? wrapLabel(text, panel.width + 40) : [text];
  layer.selectAll('text.sp-panel-title-more').remove();
  lines.forEach((line, index) => {
    const element = index === 0 ? title : layer.append('text').attr('class', 'sp-panel-title sp-panel-title-more');
    element
      .attr('class', index === 0 ? 'sp-panel-title' : 'sp-panel-title sp-panel-title-more')
      .attr('x', 0)
      .attr('y', -10 - (lines.length - 1 - index) * lineHeight);
    setRichText(element, line);
  });
  title.attr('data-label', text);
}

/** A label broken at spaces into lines no wider than `maxWidth` px (subscript markup kept whole). */
export function wrapLabel(label: string, maxWidth: number): string[] {
  const lines: string[] = [];
  let line = '';
  for (const word of label.split(' ')) {
    const candidate = line ? `${line} ${word}` : word;
    if (line && textWidth(plainText(candidate)) > maxWidth) {
      lines.push(line);
      line = word;
    } else {
      line = candidate;
    }
  }
  if (line) lines.push(line);
  return lines;
}

/**
 * Set a text element's words: on one line when `maxWidth` is undefined (the design width), else
 * wrapped onto lines (tspans `lineHeight` apart, downwards) no wider than `maxWidth` px.
 */
export function setWrappedText(
  text: Selection<SVGTextElement, unknown, null, undefined>,
  words: string,
  maxWidth: number | undefined,
  lineHeight = '1.25em',
): void {
  if (maxWidth === undefined) {
    text.text(words);
    return;
  }
  if (text.attr('data-label') === words) return;
  const x = text.attr('x') ?? 0;
  text.attr('data-label', words).text(null);
  text
    .selectAll('tspan')
    .data(wrapLabel(words, maxWidth))
    .join('tspan')
    .attr('x', x)
    .attr('dy', (_, index) => (index === 0 ? 0 : lineHeight))
    .text((line) => line);
}
