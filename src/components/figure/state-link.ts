/**
 * Share links for explorers: the explorer's whole state as compact JSON in the same `fig.<id>`
 * parameter (in the URL's fragment, compressed when long) that training figures use for their
 * experiments; see engine/experiments/url.ts for the format, the cap and the old query links.
 * Reading validates with the explorer's own zod schema, so a tampered link can never put the figure
 * into a state it cannot draw; on failure the reader gets one sentence, worded like the training
 * figures' (field, then what it must be), saying what was wrong and that the defaults are shown.
 */
import type { z } from 'zod';
import { decodeLinkText, linkFailure, linkParameterText, shareStateUrl, type ShareResult } from '../../engine/experiments/url';

export type StateLinkResult<State> = { ok: true; state: State } | { ok: false; message: string };

/** The address `location` with `state` as figure `figureId`'s parameter, after the figure's anchor. */
export function stateShareUrl(location: string, figureId: string, state: unknown): Promise<ShareResult> {
  return shareStateUrl(location, figureId, state);
}

/** The state this location carries for figure `figureId` (fragment, then query); null when none. */
export async function readSharedState<State>(
  location: { search: string; hash: string },
  figureId: string,
  schema: z.ZodType<State>,
): Promise<StateLinkResult<State> | null> {
  const text = linkParameterText(location, figureId);
  if (text === null) return null;
  const read = await decodeLinkText(text);
  if (!read.ok) return read;
  const parsed = schema.safeParse(read.value);
  if (!parsed.success) return linkFailure(parsed.error.issues.map(issueSentence).join(', '));
  return { ok: true, state: parsed.data };
}

/** One zod issue as the training figures word theirs: "<field> must be …", never zod's "Invalid input: …". */
export function issueSentence(issue: z.core.$ZodIssue): string {
  const field = issue.path.length ? issue.path.map(String).join('.') : 'settings';
  switch (issue.code) {
    case 'invalid_type':
      return `${field} must be ${article(issue.expected)}`;
    case 'too_small':
      return `${field} must be at least ${String(issue.minimum)}${issue.origin === 'array' ? ' entries long' : issue.origin === 'string' ? ' characters long' : ''}`;
    case 'too_big':
      return `${field} must be at most ${String(issue.maximum)}${issue.origin === 'array' ? ' entries long' : issue.origin === 'string' ? ' characters long' : ''}`;
    case 'invalid_value':
      return `${field} must be one of: ${issue.values.map((value) => JSON.stringify(value)).join(', ')}`;
    case 'unrecognized_keys':
      return `${field}: unknown field${issue.keys.length > 1 ? 's' : ''} ${issue.keys.map((key) => `"${key.slice(0, 40)}${key.length > 40 ? '…' : ''}"`).join(', ')}`;
    case 'invalid_union':
      return `${field} is not one of the allowed forms`;
    default:
      return /^Invalid/.test(issue.message) ? `${field} is not allowed here` : `${field} ${issue.message}`;
  }
}

function article(expected: string): string {
  return /^[aeiou]/.test(expected) ? `an ${expected}` : `a ${expected}`;
}
