/**
 * The paint worker: paints the symbol layers of the page's plots into canvases whose control the
 * page handed over (canvas-marks.ts). Rastered on the CPU, a few hundred anti-aliased symbols cost
 * 5–9 ms a frame, and on the page's main thread that landed in the frame's commit, inside the tasks
 * that delay a reader's input; here it runs beside the page.
 */
import { paintSymbolLayer, type SymbolPainting } from './symbols';

export type PaintMessage =
  | { type: 'attach'; id: number; canvas: OffscreenCanvas }
  | ({ type: 'paint'; id: number } & SymbolPainting)
  | { type: 'forget'; id: number };

/** What the worker says back: only that it cannot paint (a browser with no 2-D context off the page). */
export type PainterMessage = { type: 'cannot-paint' };

const contexts = new Map<number, OffscreenCanvasRenderingContext2D>();
/** The newest painting asked for each canvas: a canvas asked again before it was painted paints once. */
const due = new Map<number, SymbolPainting>();
let flushAsked = false;

/** The part of DedicatedWorkerGlobalScope used here (the project compiles against the DOM lib). */
const scope = self as unknown as { onmessage: ((event: MessageEvent<PaintMessage>) => void) | null; postMessage(message: PainterMessage): void };

scope.onmessage = ({ data }) => {
  if (data.type === 'attach') {
    const context = data.canvas.getContext('2d');
    if (context) contexts.set(data.id, context);
    else scope.postMessage({ type: 'cannot-paint' });
  } else if (data.type === 'forget') {
    contexts.delete(data.id);
    due.delete(data.id);
  } else {
    due.set(data.id, data);
    if (!flushAsked) {
      flushAsked = true;
      setTimeout(flush);
    }
  }
};

function flush(): void {
  flushAsked = false;
  for (const [id, painting] of due) {
    const context = contexts.get(id);
    if (context) paintSymbolLayer(context, painting);
  }
  due.clear();
}
