/**
 * Heavy marks drawn live into canvases instead of the svg: point clouds redrawn a dozen times a second
 * cost the browser far more as svg paths (parsed, painted and rastered on the page's main thread)
 * and heat maps far more as a PNG data URL per frame (encoded, then decoded) than as canvas pixels.
 *
 * The mark's svg element stays where it was, with its key and classes but without its geometry
 * (`d` or `href`): the plot's structure is the same as the static render's, and its computed style
 * gives the canvas its colours. The pixels go into a canvas in a <foreignObject> placed just after the
 * mark's layer (so it paints above that layer and below the next), with the layer's clip: one canvas
 * for all of a layer's path marks, one for each image mark.
 *
 * Exports and static renders stay vector: `withSvgMarks` puts each mark's geometry back for as long as
 * it takes to copy the svg, and where no real canvas exists (the static renders draw in Node through
 * linkedom) the marks are drawn as svg from the start.
 */
const xhtml = 'http://www.w3.org/1999/xhtml';
const svgNs = 'http://www.w3.org/2000/svg';

/** The attribute that holds each canvas-drawn mark's geometry in svg (`d` for a path, `href` for an image). */
const geometry = new WeakMap<Element, { name: string; value: () => string }>();

/** A canvas in a <foreignObject> placed just after a layer, with the layer's clip. */
interface Canvas {
  holder: SVGForeignObjectElement;
  canvas: HTMLCanvasElement;
  context: CanvasRenderingContext2D;
}

/**
 * The one canvas that shows every path mark of a layer, in the marks' order. A mark's update
 * records its geometry and asks for a repaint; the canvas is repainted once, at the end of the
 * current task (a microtask), however many of its marks changed: a plane's four point clouds
 * (samples, real points and their halos) take one canvas, not four, so the page allocates,
 * rasters and commits one bitmap per plot each frame.
 */
interface PathLayer extends Canvas {
  layer: Element;
  marks: Map<Element, PathMark>;
  /** Device pixels per svg unit, measured now and then (measuring forces a layout). */
  ratio: number;
  repaints: number;
  pending: boolean;
}

interface PathMark {
  trace: (path: CanvasRenderingContext2D) => void;
  /**
   * The mark's paint from its computed style (reading it forces a style update): read again now and
   * then, and whenever the theme or the mark's classes change.
   */
  paint: Paint | null;
  paintKey: string;
  draws: number;
}

interface Paint {
  hidden: boolean;
  opacity: number;
  fill: string;
  fillOpacity: number;
  stroke: string;
  strokeOpacity: number;
  strokeWidth: number;
  lineCap: CanvasLineCap;
  lineJoin: CanvasLineJoin;
  strokeFirst: boolean;
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

/** Path marks' canvases, by layer; image marks' canvases (one each: their pixels are put, not painted), by mark. */
const pathLayers = new WeakMap<Element, PathLayer>();
const imageCanvases = new WeakMap<Element, Canvas>();

/** True in a browser whose canvases draw (not in Node's server-side DOM). */
export function canDrawOnCanvas(): boolean {
  return typeof CanvasRenderingContext2D !== 'undefined' && typeof document !== 'undefined';
}

/**
 * A new canvas just after `layer` (after any canvas made earlier for the same layer, so canvases
 * keep their marks' order), or null where none can be made.
 */
function createCanvas(layer: Element): Canvas | null {
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
  const context = canvas.getContext('2d');
  if (!context) {
    holder.remove();
    return null;
  }
  return { holder, canvas, context };
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
 * Draw a path mark into its layer's canvas: `trace` adds the geometry to the canvas path, filled and
 * stroked as the page's stylesheet paints the mark; `d` gives the same geometry as svg path data, for
 * exports. Returns false when no canvas could be made (draw svg instead).
 */
export function paintPath(mark: SVGPathElement, trace: (path: CanvasRenderingContext2D) => void, d: () => string): boolean {
  const layer = mark.parentElement;
  if (!layer) return false;
  let surface = pathLayers.get(layer);
  if (!surface) {
    const made = createCanvas(layer);
    if (!made) return false;
    surface = { ...made, layer, marks: new Map(), ratio: 0, repaints: 0, pending: false };
    pathLayers.set(layer, surface);
  }
  const known = surface.marks.get(mark);
  if (known) known.trace = trace;
  else {
    surface.marks.set(mark, { trace, paint: null, paintKey: '', draws: 0 });
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

function schedule(surface: PathLayer): void {
  if (surface.pending) return;
  surface.pending = true;
  queueMicrotask(() => repaint(surface));
}

/** Paint every mark of a layer into its canvas, in order. */
function repaint(surface: PathLayer): void {
  surface.pending = false;
  const { holder, canvas, context, layer } = surface;
  const { width, height } = panelSize(layer);
  place(holder, { x: 0, y: 0, width, height });
  if (surface.repaints++ % 120 === 0) surface.ratio = pixelRatio(layer);
  const ratio = surface.ratio;
  const pixelWidth = Math.round(width * ratio);
  const pixelHeight = Math.round(height * ratio);
  if (canvas.width !== pixelWidth || canvas.height !== pixelHeight) {
    canvas.width = pixelWidth;
    canvas.height = pixelHeight;
  } else {
    context.setTransform(1, 0, 0, 1, 0, 0);
    context.clearRect(0, 0, pixelWidth, pixelHeight);
  }
  const theme = document.documentElement.dataset.theme;
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
    if (entry.paint.hidden) continue;
    context.setTransform(ratio, 0, 0, ratio, 0, 0);
    context.beginPath();
    entry.trace(context);
    fillAndStroke(context, entry.paint);
  }
  context.globalAlpha = 1;
}

/** Fill and stroke the context's current path as svg paints a mark of `paint`. */
function fillAndStroke(context: CanvasRenderingContext2D, paint: Paint): void {
  const fill = () => {
    if (!paint.fill || paint.fill === 'none') return;
    context.globalAlpha = paint.opacity * paint.fillOpacity;
    context.fillStyle = paint.fill;
    context.fill();
  };
  const stroke = () => {
    if (!paint.stroke || paint.stroke === 'none' || !(paint.strokeWidth > 0)) return;
    context.globalAlpha = paint.opacity * paint.strokeOpacity;
    context.strokeStyle = paint.stroke;
    context.lineWidth = paint.strokeWidth;
    context.lineCap = paint.lineCap;
    context.lineJoin = paint.lineJoin;
    context.stroke();
  };
  if (paint.strokeFirst) {
    stroke();
    fill();
  } else {
    fill();
    stroke();
  }
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
  const surface = mark.parentElement && pathLayers.get(mark.parentElement);
  if (!surface?.marks.delete(mark)) return;
  if (surface.marks.size) schedule(surface);
  else {
    surface.holder.remove();
    pathLayers.delete(surface.layer);
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
