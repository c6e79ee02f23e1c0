/**
 * A server-side DOM for drawing the book's widgets in Node (static renders, `--out`): linkedom's
 * window as the globals the plot code uses (`document`, `window`, `getComputedStyle`, …), plus the
 * few browser-only pieces it needs, each as small as it can be:
 *
 * - a 2-D canvas that holds pixels (`createImageData`, `putImageData`) and encodes them as a PNG data
 *   URL (`toDataURL`): the heat maps paint one pixel per grid cell and embed the PNG in the svg;
 * - `measureText`: an estimate from the font size (legends use it to space their entries; the
 *   browser measures real glyphs, so a static legend may sit a few pixels off the live one);
 * - svg tagNames in their own case, as browsers give them (linkedom upper-cases them);
 * - a writable `value` on <select> (linkedom's is read-only) and `rows` on table sections;
 * - `requestAnimationFrame` (a timer), `matchMedia` (matches nothing), and `getComputedStyle` that
 *   answers the figures' colour properties with the light theme's values.
 *
 * Install once per process with `installDom()`; it is idempotent.
 */
import { deflateSync } from 'node:zlib';
import { parseHTML } from 'linkedom';
import { crc32 } from '../teaching/zip';
import { lightTheme } from './svg-style';

let installed = false;

export function installDom(): void {
  if (installed) return;
  installed = true;
  const { window, document } = parseHTML('<!doctype html><html lang="en"><head></head><body></body></html>');
  const globals = globalThis as unknown as Record<string, unknown>;
  const win = window as unknown as Record<string, unknown>;
  for (const name of ['HTMLElement', 'SVGElement', 'Element', 'Node', 'Event', 'CustomEvent', 'HTMLCanvasElement', 'DocumentFragment']) {
    if (win[name] !== undefined && globals[name] === undefined) globals[name] = win[name];
  }
  globals.window = window;
  globals.document = document;
  globals.requestAnimationFrame = (callback: (time: number) => void) => setTimeout(() => callback(performance.now()), 0);
  globals.cancelAnimationFrame = (handle: ReturnType<typeof setTimeout>) => clearTimeout(handle);
  const matchMedia = (query: string) => ({ matches: false, media: query, addEventListener() {}, removeEventListener() {} });
  win.matchMedia = matchMedia;
  globals.matchMedia = matchMedia;
  const computed = () => ({
    getPropertyValue: (name: string) => lightTheme[name] ?? '',
    display: 'inline',
  });
  win.getComputedStyle = computed;
  globals.getComputedStyle = computed;
  patchCanvas(window as unknown as { HTMLCanvasElement: { prototype: object } });
  patchSelect(window as unknown as { HTMLSelectElement: { prototype: object } });
  patchTableSections(window as unknown as Record<string, { prototype: object }>);
  patchSvgTagNames(window as unknown as { SVGElement: { prototype: object } });
}

/**
 * In a browser an svg element's tagName keeps its case ("path", "clipPath"); linkedom upper-cases it
 * ("PATH"), so the plots' keyed marks (found again by tagName on each redraw) would be duplicated.
 */
function patchSvgTagNames(window: { SVGElement: { prototype: object } }): void {
  Object.defineProperty(window.SVGElement.prototype, 'tagName', {
    configurable: true,
    get(this: Element) {
      return this.localName;
    },
  });
}

/** linkedom makes <tbody> and <tr> plain elements, without `rows` and `cells` (the values tables read them). */
function patchTableSections(window: Record<string, { prototype: object }>): void {
  const childrenNamed = (element: Element, ...names: string[]) =>
    Array.from(element.children).filter((child) => names.includes(child.tagName.toLowerCase()));
  const prototype = window.HTMLElement.prototype;
  if (!('rows' in prototype)) {
    Object.defineProperty(prototype, 'rows', { configurable: true, get(this: Element) { return childrenNamed(this, 'tr'); } });
  }
  if (!('cells' in prototype)) {
    Object.defineProperty(prototype, 'cells', { configurable: true, get(this: Element) { return childrenNamed(this, 'td', 'th'); } });
  }
}

/** linkedom's <select> has a read-only `value`; controls set it to show the current choice. */
function patchSelect(window: { HTMLSelectElement: { prototype: object } }): void {
  type Option = Element;
  const optionValue = (option: Option) => option.getAttribute('value') ?? option.textContent ?? '';
  Object.defineProperty(window.HTMLSelectElement.prototype, 'value', {
    configurable: true,
    get(this: Element) {
      const option = this.querySelector('option[selected]') ?? this.querySelector('option');
      return option ? optionValue(option) : '';
    },
    set(this: Element, value: unknown) {
      for (const option of Array.from(this.querySelectorAll('option'))) option.toggleAttribute('selected', optionValue(option) === String(value));
    },
  });
}

/** Pixels of each canvas, keyed by the element. */
const pixelsOf = new WeakMap<object, { width: number; height: number; data: Uint8ClampedArray }>();

function patchCanvas(window: { HTMLCanvasElement: { prototype: object } }): void {
  const prototype = window.HTMLCanvasElement.prototype as Record<string, unknown>;
  prototype.getContext = function getContext(this: { width: number; height: number }, type: string) {
    if (type !== '2d') return null;
    const canvas = this;
    const context = {
      font: '10px sans-serif',
      createImageData: (width: number, height: number) => ({ width, height, data: new Uint8ClampedArray(width * height * 4) }),
      putImageData: (image: { width: number; height: number; data: Uint8ClampedArray }) => {
        pixelsOf.set(canvas, { width: image.width, height: image.height, data: image.data.slice() });
      },
      measureText: (text: string) => ({ width: estimateTextWidth(text, context.font) }),
    };
    return context;
  };
  prototype.toDataURL = function toDataURL(this: object) {
    const pixels = pixelsOf.get(this);
    if (!pixels) return 'data:,';
    return `data:image/png;base64,${Buffer.from(encodePng(pixels.width, pixels.height, pixels.data)).toString('base64')}`;
  };
}

/** Average advance of a sans-serif glyph, as a share of the font size (digits and lower case). */
const averageAdvance = 0.56;

export function estimateTextWidth(text: string, font: string): number {
  const size = Number(/(\d+(?:\.\d+)?)px/.exec(font)?.[1] ?? 12);
  return text.length * size * averageAdvance;
}

/** An RGBA image as PNG bytes (no filtering, zlib level 9: byte-identical for identical pixels). */
export function encodePng(width: number, height: number, rgba: Uint8ClampedArray): Uint8Array<ArrayBuffer> {
  const stride = width * 4 + 1;
  const raw = new Uint8Array(stride * height);
  for (let row = 0; row < height; row++) {
    raw[row * stride] = 0; // filter: none
    raw.set(rgba.subarray(row * width * 4, (row + 1) * width * 4), row * stride + 1);
  }
  const header = new Uint8Array(13);
  const view = new DataView(header.buffer);
  view.setUint32(0, width);
  view.setUint32(4, height);
  header.set([8, 6, 0, 0, 0], 8); // 8-bit RGBA, deflate, no filter method, no interlace
  const chunks = [chunk('IHDR', header), chunk('IDAT', deflateSync(raw, { level: 9 })), chunk('IEND', new Uint8Array())];
  const signature = [137, 80, 78, 71, 13, 10, 26, 10];
  const total = signature.length + chunks.reduce((sum, part) => sum + part.length, 0);
  const out = new Uint8Array(total);
  out.set(signature, 0);
  let offset = signature.length;
  for (const part of chunks) {
    out.set(part, offset);
    offset += part.length;
  }
  return out;
}

function chunk(type: string, data: Uint8Array): Uint8Array {
  const out = new Uint8Array(12 + data.length);
  const view = new DataView(out.buffer);
  view.setUint32(0, data.length);
  const typeBytes = new TextEncoder().encode(type);
  out.set(typeBytes, 4);
  out.set(data, 8);
  view.setUint32(8 + data.length, crc32(out.subarray(4, 8 + data.length)));
  return out;
}
