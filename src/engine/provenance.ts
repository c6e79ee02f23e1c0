/**
 * Where a number came from: every file the book writes about a run (the page's PNG, SVG, CSV and
 * settings JSON exports, `npm run experiment -- --out`, the static renders) carries the same
 * provenance, so that a reader comparing two results can tell whether they should agree.
 *
 * Same experiment (seed included) + same engine version + same backend ⇒ the same numbers, bit for
 * bit. Across backends (CPU, WASM, WebGL, WebGPU) the float32 arithmetic differs in rounding and
 * the runs drift apart; see the Reproductions page for how far.
 */
import packageJson from '../../package.json';

/**
 * The engine's version: raised whenever a change alters the numbers a seeded experiment produces
 * (initialisation, sampling order, an objective's arithmetic), so results of different engine
 * versions are known not to be comparable bit for bit.
 */
export const engineVersion = '1';

/**
 * TensorFlow.js's version, as pinned in package.json (exactly, so it is the version that runs). Read
 * from there rather than from tfjs-core, so the page's main thread need not load TensorFlow.js.
 */
export const tfjsVersion: string = packageJson.dependencies['@tensorflow/tfjs-core'];

export interface Provenance {
  /** The book's version (package.json). */
  book: string;
  engine: string;
  /** TensorFlow.js (tfjs-core) version. */
  tfjs: string;
  /** The backend that computed the numbers ("cpu", "wasm", …), or "none" for a figure that trains nothing. */
  backend: string;
  /** The figure (registry or explorer id), when the run is a figure's. */
  figure?: string;
  seed?: number;
  /** Steps trained when the file was written. */
  step?: number;
  /** ISO 8601 time the file was written; only in JSON, so CSV and SVG of a rerun are byte-identical. */
  date?: string;
}

export function provenance(fields: Omit<Provenance, 'book' | 'engine' | 'tfjs'>): Provenance {
  return { book: packageJson.version, engine: engineVersion, tfjs: tfjsVersion, ...fields };
}

/** One line of text (no date): "Saddle Point 0.1.0, engine 1, TensorFlow.js 4.22.0, backend cpu, figure gan-1d, seed 1, step 1500". */
export function provenanceLine(source: Provenance): string {
  const parts = [`Saddle Point ${source.book}`, `engine ${source.engine}`, `TensorFlow.js ${source.tfjs}`, `backend ${source.backend}`];
  if (source.figure !== undefined) parts.push(`figure ${source.figure}`);
  if (source.seed !== undefined) parts.push(`seed ${source.seed}`);
  if (source.step !== undefined) parts.push(`step ${source.step}`);
  return parts.join(', ');
}

/** CSV with the provenance as a leading comment line ("# …"; pandas: comment='#', R: comment.char='#'). */
export function csvWithProvenance(csv: string, source: Provenance): string {
  return `# ${provenanceLine(source)}\n${csv}`;
}

/** An SVG document with the provenance as a comment after the XML declaration. */
export function svgWithProvenance(svg: string, source: Provenance): string {
  const comment = `<!-- ${provenanceLine(source).replace(/--/g, '- -')} -->\n`;
  const declaration = /^<\?xml[^>]*\?>\n?/.exec(svg);
  return declaration ? `${declaration[0].replace(/\n?$/, '\n')}${comment}${svg.slice(declaration[0].length)}` : `${comment}${svg}`;
}
