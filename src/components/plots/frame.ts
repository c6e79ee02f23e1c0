/**
 * The drawing surface shared by every plot: one responsive <svg> (fixed viewBox, scales to its
 * container's width) holding one or more panels. A panel is a translated <g> with an inner size,
 * an optional clip path, and named layers created in paint order (heat map under points under axes).
 */
import { select, selection, type Selection } from 'd3';
import { narrowBelow } from './layout';

export type SvgSelection = Selection<SVGSVGElement, unknown, null, undefined>;
export type GroupSelection = Selection<SVGGElement, unknown, null, undefined>;

type Written = string | number | boolean | null | undefined;
type WrittenBy = Written | ((this: Element, datum: unknown, index: number, group: ArrayLike<Element>) => Written);

/*
 * Every d3 selection (d3's own methods, patched here once) writes an attribute or a text only where
 * the element's differs. Figures update their marks, axes and labels on every frame, and Chromium
 * restyles, lays out and repaints an svg element whenever a geometry attribute or its text is
 * written, even with the value it already has. (Reads, and names with a namespace prefix, go to
 * d3's own methods.)
 */
const d3Attr = selection.prototype.attr;
const d3Text = selection.prototype.text;
Object.assign(selection.prototype, {
  attr(this: Selection<Element, unknown, null, undefined>, name: string, value?: WrittenBy) {
    if (arguments.length < 2 || name.includes(':')) return d3Attr.apply(this, arguments as unknown as Parameters<typeof d3Attr>);
    return this.each(function (datum, index, group) {
      const wanted = typeof value === 'function' ? value.call(this, datum, index, group) : value;
      if (wanted === null || wanted === undefined) {
        if (this.hasAttribute(name)) this.removeAttribute(name);
      } else if (this.getAttribute(name) !== String(wanted)) {
        this.setAttribute(name, String(wanted));
      }
    });
  },
  text(this: Selection<Element, unknown, null, undefined>, value?: WrittenBy) {
    if (!arguments.length) return d3Text.call(this);
    return this.each(function (datum, index, group) {
      const wanted = typeof value === 'function' ? value.call(this, datum, index, group) : value;
      const text = wanted === null || wanted === undefined ? '' : String(wanted);
      const only = this.firstChild;
      const same = text ? this.childNodes.length === 1 && only?.nodeType === Node.TEXT_NODE && only.nodeValue === text : !this.firstChild;
      if (!same) this.textContent = text;
    });
  },
});

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

const drawnFrom = new WeakMap<Element, string>();

/**
 * True when `element` was last drawn from the same `inputs` (a string that says everything its
 * drawing depends on); otherwise records them and returns false. For drawings that rebuild their
 * elements (a legend) or encode an image (a colour bar), where skipping unchanged writes is not enough.
 */
export function drawnFromSame(element: Element, inputs: string): boolean {
  if (drawnFrom.get(element) === inputs) return true;
  drawnFrom.set(element, inputs);
  return false;
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
