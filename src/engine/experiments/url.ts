/**
 * Experiments in URLs: share links and teachers' assignment links.
 *
 * Format: URL-safe base64 (RFC 4648 §5, no padding) of compact JSON. The JSON holds only what differs
 * from a base experiment (the figure's own experiment, or the schema's defaults), so a link that
 * changes one learning rate stays a few dozen characters long. The seed is always written out, so a
 * link names its run explicitly. Decoding merges the difference back onto the same base and
 * validates the result with the schema, so a tampered link can never smuggle in an invalid setting.
 *
 * Difference rules (chosen so that the round trip is exact):
 * - objects are compared key by key, recursively;
 * - arrays and numbers/strings are compared as whole values (a changed array is written in full);
 * - an object whose `kind` differs from the base's is written in full and replaces the base's
 *   (a ring's `radius` means nothing to a 1-D mixture);
 * - `null` marks a key that the base has and the experiment does not (the schema uses no nulls).
 */
import { getFigure } from './figures';
import { parseExperiment, type AnyExperiment, type Experiment } from './schema';

export type DecodeResult<E extends AnyExperiment = Experiment> = { ok: true; experiment: E } | { ok: false; message: string };

type Json = null | boolean | number | string | Json[] | { [key: string]: Json };
type JsonObject = { [key: string]: Json };

const defaultsResult = parseExperiment({});
if (!defaultsResult.ok) throw new Error(`The schema's own defaults are invalid: ${defaultsResult.errors.join('; ')}`);
/** The experiment an empty object becomes: the base when no other is given. */
export const defaultExperiment = defaultsResult.experiment as Experiment;

/** Encode an experiment as a URL-safe string, as a difference from `base` (default: schema defaults). */
export function encodeExperiment(experiment: AnyExperiment, base: AnyExperiment = defaultExperiment): string {
  const difference = (diff(experiment as unknown as Json, base as unknown as Json) ?? {}) as JsonObject;
  // Always name the seed: a shared run should say which run it is, even when it is the default one.
  difference.seed = experiment.seed;
  return encodeLinkJson(difference);
}

/**
 * Decode a string made by encodeExperiment against the same base. On failure, `message` is one
 * sentence for the reader saying what was wrong and that the defaults are shown instead.
 */
export function decodeExperiment<E extends AnyExperiment = Experiment>(text: string, base: E = defaultExperiment as E): DecodeResult<E> {
  const read = readLinkJson(text);
  if (!read.ok) return read;
  const difference = read.value;
  if (!isObject(difference)) return linkFailure('the decoded settings are not a JSON object');

  const merged = merge(structuredClone(base) as unknown as Json, difference as JsonObject);
  const parsed = parseExperiment(merged);
  if (!parsed.ok) return linkFailure(parsed.errors.join(', '));
  // A figure runs one kind of experiment: a link cannot turn a GAN figure into a MINE estimator.
  if (parsed.experiment.kind !== base.kind) return linkFailure(`kind must be '${base.kind}' for this figure`);
  return { ok: true, experiment: parsed.experiment as E };
}

// ── Share links, one query parameter per figure ─────────────────────────────────────────────────

/** The query parameter that carries figure `figureId`'s experiment, e.g. `fig.ring-gan`. */
export function figureParameter(figureId: string): string {
  return `fig.${figureId}`;
}

/** The element id a share link scrolls to, e.g. `fig-ring-gan`. Figure shells should use it. */
export function figureAnchor(figureId: string): string {
  return `fig-${figureId}`;
}

/** The experiment a figure's links are encoded against: its registry entry, else the defaults. */
function baseFor(figureId: string): AnyExperiment {
  return getFigure(figureId)?.experiment ?? defaultExperiment;
}

/**
 * The address of this page with figure `figureId`'s experiment in the query string and the figure as
 * the fragment. Other figures' parameters already in the address are kept, so one link can carry
 * several figures.
 */
export function shareUrl(
  location: string | { href: string },
  figureId: string,
  experiment: AnyExperiment,
): string {
  const url = new URL(typeof location === 'string' ? location : location.href);
  url.searchParams.set(figureParameter(figureId), encodeExperiment(experiment, baseFor(figureId)));
  url.hash = figureAnchor(figureId);
  return url.toString();
}

/**
 * Read figure `figureId`'s experiment from a query string (`location.search`, with or without '?').
 * Returns null when the link carries nothing for this figure.
 */
export function readSharedExperiment(search: string, figureId: string): DecodeResult<AnyExperiment> | null {
  const text = new URLSearchParams(search).get(figureParameter(figureId));
  if (text === null) return null;
  return decodeExperiment(text, baseFor(figureId));
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

// ── Link JSON: URL-safe base64 of UTF-8 JSON (works in browsers, workers and Node) ──────────────
// Shared with the explorers' state links (components/figure/state-link.ts).

/** The one sentence a reader sees when a link cannot be used. */
export function linkFailure(reason: string): { ok: false; message: string } {
  return { ok: false, message: `This link's settings could not be read: ${reason}; showing the defaults instead.` };
}

/** A JSON value as a URL-safe string. */
export function encodeLinkJson(value: unknown): string {
  return toBase64Url(JSON.stringify(value));
}

/** The JSON value a link parameter carries, or the reason it cannot be read. */
export function readLinkJson(text: string): { ok: true; value: unknown } | { ok: false; message: string } {
  let json: string;
  try {
    json = fromBase64Url(text);
  } catch {
    return linkFailure('the text after the "=" is not valid URL-safe base64 (was it cut short or edited?)');
  }
  try {
    return { ok: true, value: JSON.parse(json) };
  } catch {
    return linkFailure('the decoded text is not valid JSON (was the link cut short or edited?)');
  }
}

function toBase64Url(text: string): string {
  let binary = '';
  for (const byte of new TextEncoder().encode(text)) binary += String.fromCharCode(byte);
  return btoa(binary).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
}

function fromBase64Url(text: string): string {
  if (!/^[A-Za-z0-9_-]*$/.test(text) || text.length % 4 === 1) throw new Error('not base64url');
  const padded = text.replace(/-/g, '+').replace(/_/g, '/') + '='.repeat((4 - (text.length % 4)) % 4);
  const binary = atob(padded);
  const bytes = Uint8Array.from(binary, (character) => character.charCodeAt(0));
  return new TextDecoder('utf-8', { fatal: true }).decode(bytes);
}
