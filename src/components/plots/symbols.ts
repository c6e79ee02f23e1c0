/**
 * The point symbols of the plots, written as svg path data (exports, static renders, legends) or
 * traced onto a canvas path (live clouds). No DOM here: the paint worker (paint.worker.ts) traces
 * them too.
 */
export type SymbolShape = 'circle' | 'cross' | 'triangle' | 'square' | 'diamond';

/** The path of one symbol of "radius" r centred at (cx, cy). */
export function symbolPath(shape: SymbolShape, cx: number, cy: number, r: number): string {
  switch (shape) {
    case 'circle':
      return `M${cx + r},${cy}A${r},${r} 0 1,1 ${cx - r},${cy}A${r},${r} 0 1,1 ${cx + r},${cy}Z`;
    case 'cross':
      return `M${cx - r},${cy - r}L${cx + r},${cy + r}M${cx - r},${cy + r}L${cx + r},${cy - r}`;
    case 'triangle': {
      const h = r * 1.15;
      return `M${cx},${cy - h}L${cx + h * 0.866},${cy + h * 0.5}L${cx - h * 0.866},${cy + h * 0.5}Z`;
    }
    case 'square':
      return `M${cx - r},${cy - r}h${2 * r}v${2 * r}h${-2 * r}Z`;
    case 'diamond':
      return `M${cx},${cy - r * 1.3}L${cx + r},${cy}L${cx},${cy + r * 1.3}L${cx - r},${cy}Z`;
  }
}

/** What traceSymbol draws with: a canvas's path (or d3's path, which writes svg path data). */
export type SymbolTarget = Pick<CanvasPath, 'moveTo' | 'lineTo' | 'arc' | 'closePath' | 'rect'>;

/** The symbols of symbolPath, traced onto a canvas path instead of written as svg path data. */
export function traceSymbol(shape: SymbolShape, cx: number, cy: number, r: number, path: SymbolTarget): void {
  switch (shape) {
    case 'circle':
      // A whole turn ends where it starts: no closePath (which made tracing 512 circles three times slower).
      path.moveTo(cx + r, cy);
      path.arc(cx, cy, r, 0, 2 * Math.PI);
      return;
    case 'cross':
      path.moveTo(cx - r, cy - r);
      path.lineTo(cx + r, cy + r);
      path.moveTo(cx - r, cy + r);
      path.lineTo(cx + r, cy - r);
      return;
    case 'triangle': {
      const h = r * 1.15;
      path.moveTo(cx, cy - h);
      path.lineTo(cx + h * 0.866, cy + h * 0.5);
      path.lineTo(cx - h * 0.866, cy + h * 0.5);
      path.closePath();
      return;
    }
    case 'square':
      path.rect(cx - r, cy - r, 2 * r, 2 * r);
      return;
    case 'diamond':
      path.moveTo(cx, cy - r * 1.3);
      path.lineTo(cx + r, cy);
      path.lineTo(cx, cy + r * 1.3);
      path.lineTo(cx - r, cy);
      path.closePath();
      return;
  }
}

/** A mark's symbols: one shape and radius at every centre (x then y), in svg units. */
export interface Symbols {
  shape: SymbolShape;
  radius: number;
  centres: ArrayLike<number>;
}

/** How the page's stylesheet paints a mark (read from its computed style, canvas-marks.ts). */
export interface Paint {
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

/** What a canvas that shows a layer's symbol marks draws each time: the marks in svg order. */
export interface SymbolPainting {
  /** The canvas's size in device pixels. */
  width: number;
  height: number;
  /** Device pixels per svg unit. */
  ratio: number;
  marks: Array<{ symbols: Symbols; paint: Paint }>;
}

type Context2D = CanvasRenderingContext2D | OffscreenCanvasRenderingContext2D;

/** Clear the canvas (sizing it first) and paint every visible mark, filled and stroked as svg paints it. */
export function paintSymbolLayer(context: Context2D, painting: SymbolPainting): void {
  const { canvas } = context;
  if (canvas.width !== painting.width || canvas.height !== painting.height) {
    canvas.width = painting.width;
    canvas.height = painting.height;
  } else {
    context.setTransform(1, 0, 0, 1, 0, 0);
    context.clearRect(0, 0, painting.width, painting.height);
  }
  for (const { symbols, paint } of painting.marks) {
    if (paint.hidden) continue;
    context.setTransform(painting.ratio, 0, 0, painting.ratio, 0, 0);
    context.beginPath();
    const { shape, radius, centres } = symbols;
    for (let i = 0; i + 1 < centres.length; i += 2) traceSymbol(shape, centres[i], centres[i + 1], radius, context);
    fillAndStroke(context, paint);
  }
  context.globalAlpha = 1;
}

/** Fill and stroke the context's current path as svg paints a mark of `paint`. */
function fillAndStroke(context: Context2D, paint: Paint): void {
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
