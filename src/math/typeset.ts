/**
 * TeX to HTML at build time, for the chapters (rehype-math.ts) and the components that typeset
 * their own text (choices, assignment questions, the divergence table).
 *
 * Temml writes MathML only, which browsers lay out natively and screen readers read as math. KaTeX,
 * used before, wrote every formula twice (its own HTML for the eye, MathML for screen readers):
 * chapters were 2.5–3.6× heavier, and parsing and laying out that HTML filled most of a chapter's long
 * tasks at load. Display math is wrapped in `.math-display`, the box that scrolls sideways when an
 * equation is wider than the column (wide-equations.ts). Inline math is split after its top-level
 * relations and operators, as TeX breaks lines (`wrap: 'tex'`; `book.css` lets the lines break there).
 */
import temml from 'temml';

/**
 * Temml writes `\bar`'s accent as U+203E OVERLINE, which some math fonts lack (DejaVu Math, common on
 * Linux): the browser then fetches the site's math face for that one glyph, and its late arrival
 * restyles the whole page (a 117–135 ms task on Chapter 6, unthrottled). The macron U+00AF is the
 * same accent and in every font.
 */
const overlineAccent = /(<mo stretchy="false"[^>]*>)\u203e(?=<\/mo>)/g;

export function typeset(tex: string, { display = false, throwOnError = true } = {}): string {
  const math = temml
    .renderToString(tex, { displayMode: display, throwOnError, wrap: display ? 'none' : 'tex' })
    .replace(overlineAccent, '$1\u00af');
  return display ? `<div class="math-display">${math}</div>` : math;
}
