/**
 * Share links for explorers: the explorer's whole state as compact JSON, URL-safe base64 (RFC 4648
 * §5, no padding), in the same `fig.<id>` query parameter that training figures use for their
 * experiments. Reading validates with the explorer's own zod schema, so a tampered link can never
 * put the figure into a state it cannot draw; on failure the reader gets one sentence saying what
 * was wrong and that the defaults are shown instead.
 */
import type { z } from 'zod';
import { encodeLinkJson, figureAnchor, figureParameter, linkFailure, readLinkJson } from '../../engine/experiments/url';

export type StateLinkResult<State> = { ok: true; state: State } | { ok: false; message: string };

/** The address `location` with `state` as figure `figureId`'s parameter and the figure as fragment. */
export function stateShareUrl(location: string, figureId: string, state: unknown): string {
  const url = new URL(location);
  url.searchParams.set(figureParameter(figureId), encodeLinkJson(state));
  url.hash = figureAnchor(figureId);
  return url.toString();
}

/** The state this query string carries for figure `figureId`; null when it carries none. */
export function readSharedState<State>(search: string, figureId: string, schema: z.ZodType<State>): StateLinkResult<State> | null {
  const text = new URLSearchParams(search).get(figureParameter(figureId));
  if (text === null) return null;
  const read = readLinkJson(text);
  if (!read.ok) return read;
  const parsed = schema.safeParse(read.value);
  if (!parsed.success) {
    const problems = parsed.error.issues.map((issue) => `${issue.path.length ? issue.path.join('.') : 'settings'} ${issue.message}`);
    return linkFailure(problems.join(', '));
  }
  return { ok: true, state: parsed.data };
}
