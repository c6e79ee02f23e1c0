/**
 * The drawing surface shared by every plot: one responsive <svg> (fixed viewBox, scales to its
 * container's width) holding one or more panels. A panel is a translated <g> with an inner size,
 * an optional clip path, and named layers created in paint order (heat map under points under axes).
 */
import { select, type Selection } from 'd3';
import { narrowBelow } from './layout';

export type SvgSelection = Selection<SVGSVGElement, unknown, null, undefined>;
export type GroupSelection = Selection<SVGGElement, unknown, null, undefined>;

export interface Box {
  left: number;
  top: number;
  width: number;
  height: number;
}

export interface Panel {
  /** The panel's root group, translated to the panel's top-left corner. */
  root: GroupSelection;
  width: number;
  height: number;
  /** Laid out for a narrow screen (see layout.ts): axes draw fewer ticks. */
  narrow: boolean;
  /** A layer by name: created (appended, so later layers paint on top) on first use. */
  layer(name: string, options?: { clip?: boolean }): GroupSelection;
}

let clipCounter = 0;

/**
 * Create the figure's <svg>: scales with the container, labelled for assistive technology. A plot
 * with focusable parts (draggable handles) is a labelled group rather than an image, whose
 * contents assistive technology would not expose.
 */
export function createSvg(
  container: HTMLElement,
  options: { width: number; height: number; title: string; description?: string; interactive?: boolean },
): SvgSelection {
  const svg = select(container)
    .append('svg')
    .attr('xmlns', 'http://www.w3.org/2000/svg')
    .attr('viewBox', `0 0 ${options.width} ${options.height}`)
    .attr('width', options.width)
    .attr('height', options.height)
    .attr('class', 'sp-plot-svg')
    .attr('role', options.interactive ? 'group' : 'img');
  const titleId = `sp-svg-title-${++clipCounter}`;
  svg.append('title').attr('id', titleId).text(options.title);
  svg.attr('aria-labelledby', titleId);
  if (options.description) svg.append('desc').text(options.description);
  return svg;
}

/** A panel inside the svg at `box`; layers with `clip: true` are clipped to the panel's inner area. */
export function createPanel(svg: SvgSelection, box: Box, name = 'panel'): Panel {
  const root = svg
    .append('g')
    .attr('class', `sp-panel sp-panel-${name}`)
    .attr('transform', `translate(${box.left},${box.top})`);
  const clipId = `sp-clip-${++clipCounter}`;
  root
    .append('clipPath')
    .attr('id', clipId)
    .append('rect')
    .attr('x', 0)
    .attr('y', 0)
    .attr('width', box.width)
    .attr('height', box.height);
  const layers = new Map<string, GroupSelection>();
  const svgWidth = svg.node()?.viewBox?.baseVal?.width ?? Number(svg.attr('width'));
  return {
    root,
    width: box.width,
    height: box.height,
    narrow: svgWidth > 0 && svgWidth < narrowBelow,
    layer(layerName, options = {}) {
      let layer = layers.get(layerName);
      if (!layer) {
        layer = root.append('g').attr('class', `sp-layer sp-layer-${layerName}`);
        if (options.clip) layer.attr('clip-path', `url(#${clipId})`);
        layers.set(layerName, layer);
      }
      return layer;
    },
  };
}

/** Get or create the child element of `parent` keyed `key` (one element per mark, updated in place). */
export function keyed<K extends keyof SVGElementTagNameMap>(
  parent: GroupSelection,
  tag: K,
  key: string,
): Selection<SVGElementTagNameMap[K], unknown, null, undefined> {
  const node = parent.node()!;
  let element = Array.from(node.children).find(
    (child) => child.tagName === tag && child.getAttribute('data-mark') === key,
  ) as SVGElementTagNameMap[K] | undefined;
  if (!element) {
    element = document.createElementNS('http://www.w3.org/2000/svg', tag) as SVGElementTagNameMap[K];
    element.setAttribute('data-mark', key);
    node.appendChild(element);
  }
  return select(element);
}

/** A centred text note in a panel (e.g. "Waiting for the first step…"); empty text removes it. */
export function panelNote(panel: Panel, text: string): void {
  const note = keyed(panel.layer('note'), 'text', 'note');
  note
    .attr('class', 'sp-note')
    .attr('x', panel.width / 2)
    .attr('y', panel.height / 2)
    .attr('text-anchor', 'middle')
    .attr('dominant-baseline', 'middle')
    .text(text);
}
