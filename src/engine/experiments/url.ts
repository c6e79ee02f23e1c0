/**
 * Experiments in URLs: share links and teachers' assignment links.
 *
 * Where: in the URL's fragment (`#fig-ring-gan&fig.ring-gan=…`), as TensorFlow Playground does. The
 * fragment is never sent to the server, so a long link cannot be refused by it (query strings above
 * about 16 KB were answered "431 Request Header Fields Too Large"). The fragment's first part is the
 * figure's anchor (the figure scrolls itself into view); the parameters follow, one `fig.<id>=…`
 * per figure, so one link can carry several figures. Links made before (`?fig.<id>=…` in the query)
 * are still read; the fragment wins when both name a figure.
 *
 * What: the parameter's text is URL-safe base64 (RFC 4648 §5, no padding) of compact JSON, or, for
 * longer states, `z.` followed by URL-safe base64 of that JSON compressed with raw DEFLATE
 * (CompressionStream 'deflate-raw', in every current browser and in Node ≥ 18; '.' is not a base64url
 * character, so the two forms cannot be confused). Compression is asynchronous, so writing and
 * reading links are async; the figure shell waits for its link before it starts. A link's text is
 * capped (maxLinkChars, and maxLinkJsonChars once inflated, so a small link cannot inflate into a
 * huge one); beyond the cap the reader gets one sentence and the defaults.
 *
 * The JSON holds only what differs from a base experiment (the figure's own experiment, or the
 * schema's defaults), so a link that changes one learning rate stays a few dozen characters long. The
 * seed is always written out, so a link names its run explicitly. Decoding merges the difference back
 * onto the same base, validates the result with the schema, and asks the figure whether it can draw
 * it (FigureSpec.accepts), so a tampered link can never smuggle in an invalid or undrawable setting.
 *
 * Difference rules (chosen so that the round trip is exact):
 * - objects are compared key by key, recursively;
 * - arrays and numbers/strings are compared as whole values (a changed array is written in full);
 * - an object whose `kind` differs from the base's is written in full and replaces the base's
 *   (a ring's `radius` means nothing to a 1-D mixture);
 * - `null` marks a key that the base has and the experiment does not (the schema uses no nulls).
 */
import { fromBase64Url, parseBase64UrlJson, toBase64Url } from './base64url';
import { figureAccepts, getFigure } from './figures';
import { once } from './lazy';
import { parseExperiment, type AnyExperiment, type Experiment } from './schema';

export type DecodeResult<E extends AnyExperiment = Experiment> = { ok: true; experiment: E } | { ok: false; message: string };

type Json = null | boolean | number | string | Json[] | { [key: string]: Json };
type JsonObject = { [key: string]: Json };

/** The experiment an empty object becomes: the base when no other is given (validated on first use, see lazy.ts). */
export const defaultExperiment = once((): Experiment => {
  const defaults = parseExperiment({});
  if (!defaults.ok) throw new Error(`The schema's own defaults are invalid: ${defaults.errors.join('; ')}`);
  return defaults.experiment as Experiment;
});

/** Encode an experiment as a URL-safe string, as a difference from `base` (default: schema defaults). */
export function encodeExperiment(experiment: AnyExperiment, base: AnyExperiment = defaultExperiment()): string {
  // Always names the seed: a shared run should say which run it is, even when it is the default one.
  return encodeLinkJson(linkDifference(experiment, base));
}

/**
 * Decode a plain (uncompressed) string made by encodeExperiment against the same base. On failure,
 * `message` is one sentence for the reader saying what was wrong and that the defaults are shown
 * instead. `accepts` (the figure's own check) may refuse a valid experiment the figure cannot draw.
 */
export function decodeExperiment<E extends AnyExperiment = Experiment>(
  text: string,
  base: E = defaultExperiment() as E,
  accepts?: (experiment: AnyExperiment) => string | null,
): DecodeResult<E> {
  const read = readLinkJson(text);
  if (!read.ok) return read;
  return experimentFromLinkValue(read.value, base, accepts);
}

/** The experiment a link's JSON value describes, merged onto `base`, validated and accepted. */
export function experimentFromLinkValue<E extends AnyExperiment = Experiment>(
  difference: unknown,
  base: E = defaultExperiment() as E,
  accepts?: (experiment: AnyExperiment) => string | null,
): DecodeResult<E> {
  if (!isObject(difference)) return linkFailure('the decoded settings are not a JSON object');
  const merged = merge(structuredClone(base) as unknown as Json, difference as JsonObject);
  const parsed = parseExperiment(merged);
  if (!parsed.ok) return linkFailure(parsed.errors.join(', '));
  // A figure runs one kind of experiment: a link cannot turn a GAN figure into a MINE estimator.
  if (parsed.experiment.kind !== base.kind) return linkFailure(`kind must be '${base.kind}' for this figure`);
  const refusal = accepts?.(parsed.experiment);
  if (refusal) return { ok: false, message: `${clip(refusal)} Showing the figure's defaults instead.` };
  return { ok: true, experiment: parsed.experiment as E };
}

// ── Share links: one parameter per figure, in the fragment ─────────────────────────────────────

/** The most characters one figure's parameter may carry (about 32 KB; a change of settings needs a few dozen). */
export const maxLinkChars = 32_768;
/** The most characters a compressed parameter may inflate to. */
export const maxLinkJsonChars = 262_144;
/** States whose JSON is longer than this are compressed (shorter ones stay readable base64). */
const compressAboveChars = 160;

/** The parameter that carries figure `figureId`'s state, e.g. `fig.ring-gan`. */
export function figureParameter(figureId: string): string {
  return `fig.${figureId}`;
}

/** The element id a share link scrolls to, e.g. `fig-ring-gan`. Figure shells should use it. */
export function figureAnchor(figureId: string): string {
  return `fig-${figureId}`;
}

/** The experiment a figure's links are encoded against: its registry entry, else the defaults. */
function baseFor(figureId: string): AnyExperiment {
  return getFigure(figureId)?.experiment ?? defaultExperiment();
}

/** A fragment split into its anchor (the part without '=') and its parameters. */
export function parseFragment(hash: string): { anchor: string; parameters: URLSearchParams } {
  const parameters = new URLSearchParams();
  let anchor = '';
  for (const part of hash.replace(/^#/, '').split('&')) {
    if (!part) continue;
    const equals = part.indexOf('=');
    if (equals < 0) {
      if (!anchor) anchor = safeDecode(part);
    } else {
      parameters.append(safeDecode(part.slice(0, equals)), safeDecode(part.slice(equals + 1)));
    }
  }
  return { anchor, parameters };
}

function safeDecode(text: string): string {
  try {
    return decodeURIComponent(text);
  } catch {
    return text;
  }
}

/** A fragment from an anchor and parameters; the texts are URL-safe already, ids are plain. */
function buildFragment(anchor: string, parameters: URLSearchParams): string {
  const parts = [anchor, ...[...parameters].map(([key, value]) => `${encodeURIComponent(key)}=${encodeURIComponent(value)}`)];
  return `#${parts.filter(Boolean).join('&')}`;
}

/** The text that `location` carries for figure `figureId` (fragment first, then the query), or null. */
export function linkParameterText(location: { search: string; hash: string }, figureId: string): string | null {
  const key = figureParameter(figureId);
  return parseFragment(location.hash).parameters.get(key) ?? new URLSearchParams(location.search).get(key);
}

export type ShareResult = { ok: true; url: string; chars: number } | { ok: false; message: string };

/**
 * The address of this page with `state` as figure `figureId`'s parameter in the fragment, after the
 * figure's anchor. Other figures' parameters (in the fragment or the query) are kept, moved into the
 * fragment; the figure's own query parameter, if any, is dropped. Refused, with a sentence, beyond
 * the cap.
 */
export async function shareStateUrl(location: string | { href: string }, figureId: string, state: unknown): Promise<ShareResult> {
  const url = new URL(typeof location === 'string' ? location : location.href);
  const text = await encodeLinkText(state);
  if (text.length > maxLinkChars) {
    return {
      ok: false,
      message: `These settings are too large for a link (${kilobytes(text.length)}; a figure's link carries at most ${kilobytes(maxLinkChars)}). Use "Save settings (JSON)" to share them as a file instead.`,
    };
  }
  const key = figureParameter(figureId);
  const { parameters } = parseFragment(url.hash);
  for (const [name, value] of new URLSearchParams(url.search)) {
    if (name.startsWith('fig.') && !parameters.has(name)) parameters.set(name, value);
  }
  for (const name of [...new URLSearchParams(url.search).keys()]) if (name.startsWith('fig.')) url.searchParams.delete(name);
  parameters.delete(key);
  parameters.set(key, text);
  url.hash = buildFragment(figureAnchor(figureId), parameters);
  const href = url.toString();
  return { ok: true, url: href, chars: text.length };
}

/** shareStateUrl for a training figure: the experiment as a difference from the figure's own. */
export function shareUrl(location: string | { href: string }, figureId: string, experiment: AnyExperiment): Promise<ShareResult> {
  return shareStateUrl(location, figureId, linkDifference(experiment, baseFor(figureId)));
}

/**
 * Read figure `figureId`'s experiment from a location (its fragment, then its query). Returns null
 * when the link carries nothing for this figure. A string is taken as a query string (old callers).
 */
export async function readSharedExperiment(
  location: { search: string; hash: string } | string,
  figureId: string,
): Promise<DecodeResult<AnyExperiment> | null> {
  const where = typeof location === 'string' ? { search: location, hash: '' } : location;
  const text = linkParameterText(where, figureId);
  if (text === null) return null;
  const read = await decodeLinkText(text);
  if (!read.ok) return read;
  const spec = getFigure(figureId);
  return experimentFromLinkValue(read.value, baseFor(figureId), spec ? (experiment) => figureAccepts(spec, experiment) : undefined);
}

/** The JSON difference a link carries for `experiment` against `base` (the seed always named). */
export function linkDifference(experiment: AnyExperiment, base: AnyExperiment = defaultExperiment()): unknown {
  const difference = (diff(experiment as unknown as Json, base as unknown as Json) ?? {}) as JsonObject;
  difference.seed = experiment.seed;
  return difference;
}

function kilobytes(chars: number): string {
  return chars < 1024 ? `${chars} characters` : `${Math.round(chars / 1024)} KB`;
}

// ── Difference and merge ────────────────────────────────────────────────────────────────────────

function isObject(value: unknown): value is JsonObject {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** What to write so that merge(base, result) equals value; undefined when they are already equal. */
function diff(value: Json, base: Json): Json | undefined {
  if (isObject(value) && isObject(base) && value.kind === base.kind) {
    const out: JsonObject = {};
    for (const key of Object.keys(value)) {
      const inner = Object.hasOwn(base, key) ? diff(value[key], base[key]) : value[key];
      if (inner !== undefined) out[key] = inner;
    }
    // A key set to undefined (an optional field left out, e.g. generator.init) counts as absent.
    for (const key of Object.keys(base)) if (!Object.hasOwn(value, key) || value[key] === undefined) out[key] = null;
    return Object.keys(out).length ? out : undefined;
  }
  return JSON.stringify(value) === JSON.stringify(base) ? undefined : value;
}

function merge(base: Json, difference: Json): Json {
  if (isObject(base) && isObject(difference) && (!Object.hasOwn(difference, 'kind') || difference.kind === base.kind)) {
    const out: JsonObject = { ...base };
    for (const [key, value] of Object.entries(difference)) {
      if (value === null) delete out[key];
      // defineProperty, not assignment: a tampered "__proto__" key stays an ordinary (unknown,
      // hence rejected) field instead of replacing the object's prototype.
      else Object.defineProperty(out, key, {
        value: Object.hasOwn(base, key) ? merge(base[key], value) : value,
        enumerable: true, writable: true, configurable: true,
      });
    }
    return out;
  }
  return difference;
}

// ── Link text: URL-safe base64 of UTF-8 JSON, raw-DEFLATE-compressed when long ─────────────────
// Shared with the explorers' state links (components/figure/state-link.ts).

/** Longest part of a reader's input echoed back in a message (a link may carry 100 KB of junk). */
const maxEchoChars = 160;

/** Text cut to a readable length, with an ellipsis and how much was left out. */
export function clip(text: string, max = maxEchoChars): string {
  return text.length <= max ? text : `${text.slice(0, max)}… (${text.length - max} more characters)`;
}

/** The one sentence a reader sees when a link cannot be used (the reason is clipped: links can be huge). */
export function linkFailure(reason: string): { ok: false; message: string } {
  return { ok: false, message: `This link's settings could not be read: ${clip(reason, 400)}; showing the defaults instead.` };
}

/** A JSON value as a plain URL-safe string (uncompressed; see encodeLinkText). */
export function encodeLinkJson(value: unknown): string {
  return toBase64Url(new TextEncoder().encode(JSON.stringify(value)));
}

/** A JSON value as a link parameter: plain base64url, or `z.` + base64url of raw DEFLATE when that is shorter. */
export async function encodeLinkText(value: unknown): Promise<string> {
  const json = JSON.stringify(value);
  const plain = toBase64Url(new TextEncoder().encode(json));
  if (json.length <= compressAboveChars || typeof CompressionStream === 'undefined') return plain;
  const packed = `z.${toBase64Url(await deflateRaw(new TextEncoder().encode(json)))}`;
  return packed.length < plain.length ? packed : plain;
}

/** The JSON value a link parameter carries (either form), or the sentence why it cannot be read. */
export async function decodeLinkText(text: string): Promise<{ ok: true; value: unknown } | { ok: false; message: string }> {
  if (text.length > maxLinkChars) {
    return {
      ok: false,
      message: `This link carries ${kilobytes(text.length)} of settings for this figure, more than the ${kilobytes(maxLinkChars)} a figure's link may carry (was it pasted twice, or made by hand?); showing the defaults instead.`,
    };
  }
  if (!text.startsWith('z.')) return readLinkJson(text);
  let bytes: Uint8Array;
  try {
    bytes = fromBase64Url(text.slice(2));
  } catch {
    return linkFailure('the text after "z." is not valid URL-safe base64 (was it cut short or edited?)');
  }
  let json: string;
  try {
    json = await inflateRaw(bytes, maxLinkJsonChars);
  } catch (error) {
    if (error instanceof TooLongError) {
      return { ok: false, message: `This link's settings unpack to more than ${kilobytes(maxLinkJsonChars)}, more than any figure needs; showing the defaults instead.` };
    }
    return linkFailure('the compressed settings are damaged (was the link cut short or edited?)');
  }
  try {
    return { ok: true, value: JSON.parse(json) };
  } catch {
    return linkFailure('the unpacked text is not valid JSON (was the link edited?)');
  }
}

/** The JSON value a plain (uncompressed) link parameter carries, or the reason it cannot be read. */
export function readLinkJson(text: string): { ok: true; value: unknown } | { ok: false; message: string } {
  const read = parseBase64UrlJson(text);
  if (read.ok) return read;
  return linkFailure(
    read.failed === 'base64'
      ? 'the text after the "=" is not valid URL-safe base64 (was it cut short or edited?)'
      : 'the decoded text is not valid JSON (was the link cut short or edited?)',
  );
}

class TooLongError extends Error {}

async function deflateRaw(bytes: Uint8Array): Promise<Uint8Array> {
  const stream = new Blob([bytes as BlobPart]).stream().pipeThrough(new CompressionStream('deflate-raw'));
  return new Uint8Array(await new Response(stream).arrayBuffer());
}

/** Inflate, stopping (TooLongError) as soon as the output passes `maxChars` bytes. */
async function inflateRaw(bytes: Uint8Array, maxChars: number): Promise<string> {
  const reader = new Blob([bytes as BlobPart]).stream().pipeThrough(new DecompressionStream('deflate-raw')).getReader();
  const chunks: Uint8Array[] = [];
  let total = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    total += value.length;
    if (total > maxChars) {
      await reader.cancel().catch(() => {});
      throw new TooLongError();
    }
    chunks.push(value);
  }
  const joined = new Uint8Array(total);
  let offset = 0;
  for (const chunk of chunks) {
    joined.set(chunk, offset);
    offset += chunk.length;
  }
  return new TextDecoder('utf-8', { fatal: true }).decode(joined);
}
