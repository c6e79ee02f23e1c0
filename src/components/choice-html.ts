/**
 * The HTML of a choice's text at build time: `$…$` is typeset as MathML, everything else escaped.
 * Used by Exercise.astro and by the pages that list answers (answer sheets, progress).
 */
import { typeset } from '../math/typeset';

function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

export function choiceHtml(text: string): string {
  return text
    .split(/(?<!\\)\$([^$]+)\$/)
    .map((part, index) =>
      index % 2 === 1
        ? typeset(part)
        : escapeHtml(part.replace(/\\\$/g, '$')),
    )
    .join('');
}
