/**
 * A catalogue question (plain text, math as `$…$` / `$$…$$`, paragraphs apart, list items as
 * "- …") as HTML at build time, for the assignment page's copies of the book's exercises.
 */
import { typeset } from '../../math/typeset';
import { choiceHtml } from '../choice-html';

export function questionHtml(text: string): string {
  return text
    .split(/\n\n+/)
    .map((block) => {
      const display = /^\$\$([\s\S]+)\$\$$/.exec(block.trim());
      if (display) return typeset(display[1], { display: true, throwOnError: false });
      if (/^- /.test(block)) {
        return `<ul>${block
          .split('\n')
          .map((line) => `<li>${choiceHtml(line.replace(/^- /, ''))}</li>`)
          .join('')}</ul>`;
      }
      return `<p>${choiceHtml(block)}</p>`;
    })
    .join('');
}
