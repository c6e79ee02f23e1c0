/**
 * Export a figure's plot as SVG or PNG and its data as CSV. The SVG is a clone of the live one with
 * the computed styles that matter written inline (the page's stylesheet and theme variables do not
 * travel with the file), on a background of the page's own colour. The PNG is that SVG drawn into a
 * canvas at twice its size.
 *
 * Every exported file carries the run's provenance (book, engine and TensorFlow.js versions, backend,
 * figure, seed, step; src/engine/provenance.ts): a comment in SVG and CSV, a tEXt chunk in PNG, a
 * `provenance` field (with the date) in the settings JSON, which `--config` reads back.
 */
import { crc32 } from '../../teaching/zip';
import { inlinedSvgProperties } from './svg-properties';
import { dropCanvasHolders, withSvgMarks } from '../plots/canvas-marks';
import { csvWithProvenance, provenanceLine, svgWithProvenance, type Provenance } from '../../engine/provenance';

/** A standalone SVG document (text) of `svg` as it looks now. */
export function serializeSvg(svg: SVGSVGElement, background: string): { text: string; width: number; height: number } {
  const viewBox = svg.viewBox.baseVal;
  const width = viewBox && viewBox.width ? viewBox.width : svg.clientWidth;
  const height = viewBox && viewBox.height ? viewBox.height : svg.clientHeight;
  // Marks drawn live on canvases get their svg geometry back for the copy (exports stay vector).
  const clone = withSvgMarks(svg, () => {
    const copy = svg.cloneNode(true) as SVGSVGElement;
    inlineStyles(svg, copy);
    return copy;
  });
  dropCanvasHolders(clone);
  clone.setAttribute('xmlns', 'http://www.w3.org/2000/svg');
  clone.setAttribute('width', String(width));
  clone.setAttribute('height', String(height));
  clone.removeAttribute('class');
  clone.removeAttribute('style');
  const backdrop = document.createElementNS('http://www.w3.org/2000/svg', 'rect');
  backdrop.setAttribute('x', String(viewBox?.x ?? 0));
  backdrop.setAttribute('y', String(viewBox?.y ?? 0));
  backdrop.setAttribute('width', String(width));
  backdrop.setAttribute('height', String(height));
  backdrop.setAttribute('fill', background);
  // After <title>/<desc> (kept first for accessibility), before any drawing.
  const firstDrawing = Array.from(clone.children).find((child) => !['title', 'desc'].includes(child.tagName));
  clone.insertBefore(backdrop, firstDrawing ?? null);
  const text = '<?xml version="1.0" encoding="UTF-8"?>\n' + new XMLSerializer().serializeToString(clone);
  return { text, width, height };
}

function inlineStyles(source: Element, target: Element): void {
  const computed = getComputedStyle(source);
  const declarations: string[] = [];
  for (const property of inlinedSvgProperties) {
    const value = computed.getPropertyValue(property);
    if (value) declarations.push(`${property}:${value}`);
  }
  if (computed.display === 'none') declarations.push('display:none');
  if (declarations.length) target.setAttribute('style', declarations.join(';'));
  const sourceChildren = source.children;
  const targetChildren = target.children;
  for (let i = 0; i < sourceChildren.length && i < targetChildren.length; i++) {
    inlineStyles(sourceChildren[i], targetChildren[i]);
  }
}

/** Render the SVG text into a PNG blob at `scale`× its size. */
export async function svgToPng(text: string, width: number, height: number, scale = 2): Promise<Blob> {
  const url = URL.createObjectURL(new Blob([text], { type: 'image/svg+xml' }));
  try {
    const image = new Image();
    image.width = width;
    image.height = height;
    image.src = url;
    await image.decode();
    const canvas = document.createElement('canvas');
    canvas.width = Math.round(width * scale);
    canvas.height = Math.round(height * scale);
    const context = canvas.getContext('2d');
    if (!context) throw new Error('this browser cannot draw into a canvas');
    context.scale(scale, scale);
    context.drawImage(image, 0, 0, width, height);
    return await new Promise<Blob>((resolve, reject) =>
      canvas.toBlob((blob) => (blob ? resolve(blob) : reject(new Error('the canvas produced no image'))), 'image/png'),
    );
  } finally {
    URL.revokeObjectURL(url);
  }
}

/** Offer a blob as a download named `fileName`. */
export function download(blob: Blob, fileName: string): void {
  const url = URL.createObjectURL(blob);
  const link = document.createElement('a');
  link.href = url;
  link.download = fileName;
  link.rel = 'noopener';
  link.style.display = 'none';
  document.body.append(link);
  link.click();
  link.remove();
  // Revoking at once can cancel the download in some browsers; a minute is plenty.
  setTimeout(() => URL.revokeObjectURL(url), 60_000);
}

export function exportSvg(svg: SVGSVGElement, background: string, fileName: string, source?: Provenance): void {
  const { text } = serializeSvg(svg, background);
  download(new Blob([source ? svgWithProvenance(text, source) : text], { type: 'image/svg+xml' }), fileName);
}

export async function exportPng(svg: SVGSVGElement, background: string, fileName: string, source?: Provenance): Promise<void> {
  const { text, width, height } = serializeSvg(svg, background);
  const png = await svgToPng(text, width, height, 2);
  download(source ? await pngWithComment(png, provenanceLine(source)) : png, fileName);
}

export function exportCsv(csv: string, fileName: string, source?: Provenance): void {
  download(new Blob([source ? csvWithProvenance(csv, source) : csv], { type: 'text/csv;charset=utf-8' }), fileName);
}

/** The settings JSON: the experiment as `--config` reads it, plus its provenance with the date. */
export function settingsJson(experiment: object, source: Provenance): string {
  return `${JSON.stringify({ ...experiment, provenance: { ...source, date: new Date().toISOString() } }, null, 2)}\n`;
}

/** A PNG with a tEXt "Comment" chunk after its header (IHDR is always the first chunk, 25 bytes in). */
export async function pngWithComment(png: Blob, comment: string): Promise<Blob> {
  const bytes = new Uint8Array(await png.arrayBuffer());
  // tEXt is Latin-1: replace anything else (the comment is plain ASCII in practice).
  const text = new TextEncoder().encode(`Comment\0${comment.replace(/[^\x20-\x7e]/g, '?')}`);
  const chunk = new Uint8Array(12 + text.length);
  const view = new DataView(chunk.buffer);
  view.setUint32(0, text.length);
  chunk.set(new TextEncoder().encode('tEXt'), 4);
  chunk.set(text, 8);
  view.setUint32(8 + text.length, crc32(chunk.subarray(4, 8 + text.length)));
  const headerEnd = 8 + 25;
  return new Blob([bytes.subarray(0, headerEnd), chunk, bytes.subarray(headerEnd)], { type: 'image/png' });
}
