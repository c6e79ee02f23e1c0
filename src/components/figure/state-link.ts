/**
 * Share links for explorers: the explorer's whole state as compact JSON, URL-safe base64 (RFC 4648
 * §5, no padding), in the same `fig.<id>` query parameter that training figures use for their
 * experiments. Reading validates with the explorer's own zod schema, so a tampered link can never
 * put the figure into a state it cannot draw; on failure the reader gets one sentence saying what
 * was wrong and that the defaults are shown instead.
 */
import type { z } from 'zod';
import { figureAnchor, figureParameter } from '../../engine/experiments/url';

export type StateLinkResult<State> = { ok: true; state: State } | { ok: false; message: string };

/** The address `location` with `state` as figure `figureId`'s parameter and the figure as fragment. */
export function stateShareUrl(location: string, figureId: string, state: unknown): string {
  const url = new URL(location);
  url.searchParams.set(figureParameter(figureId), toBase64Url(JSON.stringify(state)));
  url.hash = figureAnchor(figureId);
  return url.toString();
}

/** The state this query string carries for figure `figureId`; null when it carries none. */
export function readSharedState<State>(search: string, figureId: string, schema: z.ZodType<State>): StateLinkResult<State> | null {
  const text = new URLSearchParams(search).get(figureParameter(figureId));
  if (text === null) return null;
  const failure = (reason: string): StateLinkResult<State> => ({
    ok: false,
    message: `This link's settings could not be read: ${reason}; showing the defaults instead.`,
  });
  let json: string;
  try {
    json = fromBase64Url(text);
  } catch {
    return failure('the text after the "=" is not valid URL-safe base64 (was it cut short or edited?)');
  }
  let value: unknown;
  try {
    value = JSON.parse(json);
  } catch {
    return failure('the decoded text is not valid JSON (was the link cut short or edited?)');
  }
  const parsed = schema.safeParse(value);
  if (!parsed.success) {
    const problems = parsed.error.issues.map((issue) => `${issue.path.length ? issue.path.join('.') : 'settings'} ${issue.message}`);
    return failure(problems.join(', '));
  }
  return { ok: true, state: parsed.data };
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
