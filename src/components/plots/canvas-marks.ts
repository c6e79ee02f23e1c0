/**
 * Heavy marks drawn live into canvases instead of the svg: point clouds redrawn a dozen times a second
 * cost the browser far more as svg paths (parsed, painted and rastered on the page's main thread)
 * and heat maps far more as a PNG data URL per frame (encoded, then decoded) than as canvas pixels.
 *
 * The mark's svg element stays where it was, with its key and classes but without its geometry
 * (`d` or `href`): the plot's structure is the same as the static render's, and its computed style
 * gives the canvas its colours. The pixels go into a canvas in a <foreignObject> placed just after the
 * mark's layer (so it paints above that layer and below the next), with the layer's clip: one canvas
 * for all of a layer's symbol marks, one for each image mark.
 *
 * Exports and static renders stay vector: `withSvgMarks` puts each mark's geometry back for as long as
 * it takes to copy the svg, and where no real canvas exists (the static renders draw in Node through
 * linkedom) the marks are drawn as svg from the start.
 *
 * Symbol layers are painted by a worker (paint.worker.ts) where the browser can hand a canvas's
 * control to one (`transferControlToOffscreen`): this page only measures, reads the marks' paint and
 * posts the centres. Where Chromium rasters canvases on the CPU (no GPU), painted here, a plane's
 * few hundred anti-aliased symbols took 5–9 ms of the main thread's CPU in every frame (Chapter 1's
 * ring figure on a phone's screen: 7 ms of an 18 ms frame task), in the frame's commit, where nothing
 * can split it.
 */
import { paintSymbolLayer, type Paint, type Symbols, type SymbolPainting } from './symbols';
import type { PaintMessage, PainterMessage } from './paint.worker';

const xhtml = 'http://www.w3.org/1999/xhtml';
const svgNs = 'http://www.w3.org/2000/svg';

/** The attribute that holds each canvas-drawn mark's geometry in svg (`d` for a path, `href` for an image). */
const geometry = new WeakMap<Element, { name: string; value: () => string }>();

/** A canvas in a <foreignObject> placed just after a layer, with the layer's clip. */
interface Holder {
  holder: SVGForeignObjectElement;
  canvas: HTMLCanvasElement;
}

interface Canvas extends Holder {
  context: CanvasRenderingContext2D;
}

/**
 * The one canvas that shows every symbol mark of a layer, in the marks' order. A mark's update
 * records its symbols and asks for a repaint; the canvas is repainted once, at the end of the
 * current task (a microtask), however many of its marks changed: a plane's four point clouds
 * (samples, real points and their halos) take one canvas, not four, so the page allocates,
 * rasters and commits one bitmap per plot each frame.
 */
interface SymbolLayer {
  holder: SVGForeignObjectElement;
  /** Who paints the pixels: the paint worker (which holds the canvas's control), or this page. */
  painter: { worker: number } | { context: CanvasRenderingContext2D };
  layer: Element;
  marks: Map<Element, SymbolMark>;
  /** Device pixels per svg unit, measured now and then (measuring forces a layout). */
  ratio: number;
  repaints: number;
  pending: boolean;
}

interface SymbolMark {
  symbols: Symbols;
  /**
   * The mark's paint from its computed style (reading it forces a style update): read again now and
   * then, and whenever the theme or the mark's classes change.
   */
  paint: Paint | null;
  paintKey: string;
  draws: number;
}

function paintOf(mark: Element): Paint {
  const style = getComputedStyle(mark);
  return {
    hidden: style.display === 'none' || style.visibility === 'hidden',
    opacity: Number(style.opacity || 1),
    fill: style.fill,
    fillOpacity: Number(style.fillOpacity || 1),
    stroke: style.stroke,
    strokeOpacity: Number(style.strokeOpacity || 1),
    strokeWidth: parseFloat(style.strokeWidth || '1'),
    lineCap: (style.strokeLinecap as CanvasLineCap) || 'butt',
    lineJoin: (style.strokeLinejoin as CanvasLineJoin) || 'miter',
    // svg paints fill, then stroke, unless paint-order puts the stroke first.
    strokeFirst: Boolean(style.paintOrder?.startsWith('stroke')),
  };
}

/** Symbol marks' canvases, by layer; image marks' canvases (one each: their pixels are put, not painted), by mark. */
const symbolLayers = new WeakMap<Element, SymbolLayer>();
const imageCanvases = new WeakMap<Element, Canvas>();

/** True in a browser whose canvases draw (not in Node's server-side DOM). */
export function canDrawOnCanvas(): boolean {
  return typeof CanvasRenderingContext2D !== 'undefined' && typeof document !== 'undefined';
}

/**
 * A new canvas just after `layer` (after any canvas made earlier for the same layer, so canvases
 * keep their marks' order), or null where none can be made.
 */
function createHolder(layer: Element): Holder | null {
  if (!layer.parentElement) return null;
  const holder = document.createElementNS(svgNs, 'foreignObject') as SVGForeignObjectElement;
  holder.setAttribute('class', 'sp-canvas-mark');
  holder.setAttribute('aria-hidden', 'true');
  holder.setAttribute('pointer-events', 'none');
  const clip = layer.getAttribute('clip-path');
  if (clip) holder.setAttribute('clip-path', clip);
  const canvas = document.createElementNS(xhtml, 'canvas') as HTMLCanvasElement;
  canvas.style.cssText = 'display:block;width:100%;height:100%';
  holder.append(canvas);
  let after: Element = layer;
  while (after.nextElementSibling?.classList.contains('sp-canvas-mark') && after.nextElementSibling.getAttribute('data-layer') === layerId(layer)) {
    after = after.nextElementSibling;
  }
  holder.setAttribute('data-layer', layerId(layer));
  after.after(holder);
  return { holder, canvas };
}

/** A new canvas after `layer` that this page paints, or null. */
function createCanvas(layer: Element): Canvas | null {
  const made = createHolder(layer);
  const context = made?.canvas.getContext('2d');
  if (!made || !context) {
    made?.holder.remove();
    return null;
  }
  return { ...made, context };
}

/** The page's paint worker: undefined until first asked for, null where none can paint (or it failed). */
let paintWorker: Worker | null | undefined;
let paintedCanvases = 0;
/** A canvas taken out of the page and collected: the worker drops its copy. */
const forgetWhenCollected = new FinalizationRegistry<number>((id) => post({ type: 'forget', id }));

function workerToPaint(): Worker | null {
  if (paintWorker !== undefined) return paintWorker;
  paintWorker = null;
  if (typeof Worker !== 'function' || typeof HTMLCanvasElement.prototype.transferControlToOffscreen !== 'function') return null;
  try {
    paintWorker = new Worker(new URL('./paint.worker.ts', import.meta.url), { type: 'module' });
  } catch {
    return null;
  }
  // A worker that cannot start (its script not fetched) or cannot paint: the canvases it holds are
  // replaced by canvases this page paints, at their next repaint.
  const failed = () => {
    paintWorker?.terminate();
    paintWorker = null;
  };
  paintWorker.addEventListener('error', failed);
  paintWorker.addEventListener('message', (event: MessageEvent<PainterMessage>) => event.data.type === 'cannot-paint' && failed());
  return paintWorker;
}

function post(message: PaintMessage, transfer: Transferable[] = []): void {
  paintWorker?.postMessage(message, transfer);
}

/** A symbol layer's canvas, painted by the worker where one can, else by this page. */
function createSymbolLayer(layer: Element): SymbolLayer | null {
  const fresh = (holder: SVGForeignObjectElement, painter: SymbolLayer['painter']): SymbolLayer => ({ holder, painter, layer, marks: new Map(), ratio: 0, repaints: 0, pending: false });
  if (!workerToPaint()) {
    const made = createCanvas(layer);
    return made && fresh(made.holder, { context: made.context });
  }
  const made = createHolder(layer);
  if (!made) return null;
  const id = ++paintedCanvases;
  const offscreen = made.canvas.transferControlToOffscreen();
  post({ type: 'attach', id, canvas: offscreen }, [offscreen]);
  forgetWhenCollected.register(made.holder, id);
  return fresh(made.holder, { worker: id });
}

let layerCounter = 0;
const layerIds = new WeakMap<Element, string>();
function layerId(layer: Element): string {
  let id = layerIds.get(layer);
  if (!id) layerIds.set(layer, (id = `l${++layerCounter}`));
  return id;
}

/** The panel's inner size, from the clip rectangle every panel carries (frame.ts). */
function panelSize(layer: Element): { width: number; height: number } {
  const rect = layer.parentElement?.querySelector(':scope > clipPath > rect');
  const width = Number(rect?.getAttribute('width'));
  const height = Number(rect?.getAttribute('height'));
  if (width > 0 && height > 0) return { width, height };
  const svg = layer.closest('svg');
  const box = svg?.viewBox.baseVal;
  return { width: box?.width || 640, height: box?.height || 480 };
}

/** Device pixels per svg unit: the svg's drawn scale times the screen's pixel ratio (1 to 3). */
function pixelRatio(layer: Element): number {
  const svg = layer.closest('svg');
  const viewWidth = svg?.viewBox.baseVal?.width ?? 0;
  const drawnWidth = svg?.getBoundingClientRect().width ?? 0;
  const ratio = (globalThis.devicePixelRatio || 1) * (viewWidth > 0 && drawnWidth > 0 ? drawnWidth / viewWidth : 1);
  return Math.min(3, Math.max(1, ratio));
}

/** Move a canvas's holder to `box`, writing only what changed (each write lays the svg out again). */
function place(holder: SVGForeignObjectElement, box: { x: number; y: number; width: number; height: number }): void {
  for (const name of ['x', 'y', 'width', 'height'] as const) {
    if (holder.getAttribute(name) !== String(box[name])) holder.setAttribute(name, String(box[name]));
  }
}

/**
 * Paint a symbol mark on its layer's canvas, filled and stroked as the page's stylesheet paints the
 * mark; `d` gives the same geometry as svg path data, for exports. Returns false when no canvas
 * could be made (draw svg instead).
 */
export function paintSymbols(mark: SVGPathElement, symbols: Symbols, d: () => string): boolean {
  const layer = mark.parentElement;
  if (!layer) return false;
  let surface = symbolLayers.get(layer);
  if (surface && 'worker' in surface.painter && !paintWorker) {
    // The worker failed (it held this canvas, so it was started): this page paints a new canvas in its place.
    surface.holder.remove();
    symbolLayers.delete(layer);
    surface = undefined;
  }
  if (!surface) {
    const made = createSymbolLayer(layer);
    if (!made) return false;
    surface = made;
    symbolLayers.set(layer, surface);
  }
  const known = surface.marks.get(mark);
  if (known) known.symbols = symbols;
  else {
    surface.marks.set(mark, { symbols, paint: null, paintKey: '', draws: 0 });
    // Keep the marks in their svg order (the order svg would paint them in).
    if (surface.marks.size > 1) {
      const ordered = [...surface.marks].sort(([a], [b]) => (a.compareDocumentPosition(b) & Node.DOCUMENT_POSITION_FOLLOWING ? -1 : 1));
      surface.marks = new Map(ordered);
    }
  }
  mark.removeAttribute('d');
  geometry.set(mark, { name: 'd', value: d });
  schedule(surface);
  return true;
}

function schedule(surface: SymbolLayer): void {
  if (surface.pending) return;
  surface.pending = true;
  queueMicrotask(() => repaint(surface));
}

/** Paint every mark of a layer on its canvas, in order (here, or by posting the centres to the worker). */
function repaint(surface: SymbolLayer): void {
  surface.pending = false;
  const { holder, layer } = surface;
  const { width, height } = panelSize(layer);
  place(holder, { x: 0, y: 0, width, height });
  if (surface.repaints++ % 120 === 0) surface.ratio = pixelRatio(layer);
  const ratio = surface.ratio;
  const theme = document.documentElement.dataset.theme;
  const marks: SymbolPainting['marks'] = [];
  for (const [mark, entry] of surface.marks) {
    // A mark taken out of the page (its plot rebuilt) is not drawn again.
    if (!mark.isConnected) {
      surface.marks.delete(mark);
      continue;
    }
    const paintKey = `${theme}|${mark.getAttribute('class')}`;
    if (entry.draws++ % 120 === 0 || paintKey !== entry.paintKey || !entry.paint) {
      entry.paint = paintOf(mark);
      entry.paintKey = paintKey;
    }
    if (!entry.paint.hidden) marks.push({ symbols: entry.symbols, paint: entry.paint });
  }
  const painting: SymbolPainting = { width: Math.round(width * ratio), height: Math.round(height * ratio), ratio, marks };
  if ('context' in surface.painter) return paintSymbolLayer(surface.painter.context, painting);
  // The centres travel as transferred buffers: a copy here, none on the way.
  const sent = marks.map(({ symbols, paint }) => ({ symbols: { ...symbols, centres: Float32Array.from(symbols.centres) }, paint }));
  post({ type: 'paint', id: surface.painter.worker, ...painting, marks: sent }, sent.map(({ symbols }) => (symbols.centres as Float32Array).buffer));
}

/**
 * Show RGBA pixels (`width` × `height`, rows top to bottom) stretched over the svg rectangle
 * (x, y, w, h) of the image mark `mark`, smoothed by the browser as the svg image was.
 */
export function paintPixels(mark: SVGImageElement, pixels: ImageData, box: { x: number; y: number; width: number; height: number }): boolean {
  let surface = imageCanvases.get(mark);
  if (!surface) {
    const made = mark.parentElement && createCanvas(mark.parentElement);
    if (!made) return false;
    imageCanvases.set(mark, (surface = made));
  }
  const { holder, canvas, context } = surface;
  place(holder, box);
  if (canvas.width !== pixels.width || canvas.height !== pixels.height) {
    canvas.width = pixels.width;
    canvas.height = pixels.height;
  }
  context.putImageData(pixels, 0, 0);
  mark.removeAttribute('href');
  geometry.set(mark, { name: 'href', value: () => canvas.toDataURL('image/png') });
  return true;
}

/** Forget a mark's canvas drawing (the mark is drawn as svg again, or has nothing to show). */
export function clearCanvasMark(mark: Element): void {
  geometry.delete(mark);
  const image = imageCanvases.get(mark);
  if (image) {
    image.holder.remove();
    imageCanvases.delete(mark);
  }
  const surface = mark.parentElement && symbolLayers.get(mark.parentElement);
  if (!surface?.marks.delete(mark)) return;
  if (surface.marks.size) schedule(surface);
  else {
    surface.holder.remove();
    symbolLayers.delete(surface.layer);
  }
}

/**
 * Run `copy` (which clones `svg`) with every canvas-drawn mark's geometry back in its svg element and
 * the canvases' holders marked, then take the geometry out again. Use `dropCanvasHolders` on the copy.
 */
export function withSvgMarks<T>(svg: Element, copy: () => T): T {
  const restored: Element[] = [];
  for (const element of Array.from(svg.querySelectorAll('path, image'))) {
    const entry = geometry.get(element);
    if (!entry) continue;
    element.setAttribute(entry.name, entry.value());
    restored.push(element);
  }
  try {
    return copy();
  } finally {
    for (const element of restored) element.removeAttribute(geometry.get(element)!.name);
  }
}

/** Remove the canvases' holders from a copy of a plot's svg (their marks carry their geometry). */
export function dropCanvasHolders(copy: Element): void {
  for (const holder of Array.from(copy.querySelectorAll('foreignObject.sp-canvas-mark'))) holder.remove();
}
