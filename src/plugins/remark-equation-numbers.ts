/**
 * Numbered display equations and references to them (the typesetter has no \label / \eqref).
 *
 * In display math (`$$ … $$`), `\label{eq-name}` is removed and the equation is numbered C.n, where C
 * is the page's frontmatter `chapter` and n counts labelled equations on the page (just `n` without a
 * chapter). The equation is wrapped in `<div class="equation" id="eq-name" tabindex="-1">`, so that it
 * can be linked, focused and highlighted with `:target`, with its number after it in
 * `<span class="equation-number">(C.n)</span>`: `book.css` sets the number at the column's right edge
 * (a `\tag`, typeset as a table inside the formula, was placed by the formula's width instead).
 *
 * In prose, an empty link `[](#eq-name)` becomes the link text "(C.n)". A reference to a label that
 * no equation on the page defines stops the build with a message naming the file and the label.
 *
 * Must run after remark-math (it reads the `math` nodes remark-math creates) and before the math renderer (rehype-math.ts).
 */
import type { Link, Parent, Root, RootContent, Text } from 'mdast';
import type { Node } from 'unist';
import { SKIP, visit } from 'unist-util-visit';
import type { VFile } from 'vfile';
import { buildError, frontmatterOf } from './plugin-utils';

interface MathNode extends Node {
  type: 'math' | 'inlineMath';
  value: string;
  data?: { hChildren?: Array<{ type: string; tagName?: string; children?: Array<{ type: string; value?: string }> }> };
}

/**
 * remark-math builds the hast `<code>` for display math while parsing (data.hChildren), so the
 * rendered TeX is that copy, not `value`: update both.
 */
function setMathValue(math: MathNode, value: string): void {
  math.value = value;
  const code = math.data?.hChildren?.[0];
  if (code && code.type === 'element' && code.tagName === 'code') {
    code.children = [{ type: 'text', value }];
  }
}

const labelPattern = /\\label\s*\{([^{}]*)\}/g;
/** Labels become HTML ids and URL fragments: keep them simple. */
const validLabel = /^[A-Za-z][\w.:-]*$/;

export interface EquationInfo {
  label: string;
  /** The printed number without parentheses, e.g. "1.2". */
  number: string;
}

/** The chapter prefix from frontmatter, if it is a usable number. */
function chapterPrefix(file: VFile): string {
  const chapter = frontmatterOf(file).chapter;
  if (chapter === undefined || chapter === null || chapter === '') return '';
  if (typeof chapter === 'number' && Number.isFinite(chapter)) return `${chapter}.`;
  if (typeof chapter === 'string' && /^\d+$/.test(chapter.trim())) return `${chapter.trim()}.`;
  return buildError(file, undefined, `frontmatter "chapter" must be a number, got ${JSON.stringify(chapter)}.`);
}

function isEmptyLink(link: Link): boolean {
  return link.children.every((child) => child.type === 'text' && child.value.trim() === '');
}

export default function remarkEquationNumbers() {
  return function transform(tree: Root, file: VFile): void {
    const prefix = chapterPrefix(file);
    const equations = new Map<string, EquationInfo>();

    // Pass 1: number labelled display equations in document order and wrap them in an anchor.
    visit(tree, (node, index, parent) => {
      if (node.type !== 'math' && node.type !== 'inlineMath') return;
      const math = node as unknown as MathNode;
      const labels = [...math.value.matchAll(labelPattern)].map((match) => match[1].trim());
      if (labels.length === 0) return;
      if (math.type === 'inlineMath') {
        buildError(file, math, `\\label{${labels[0]}} is only allowed in display math ($$ … $$ on their own lines).`);
      }
      if (labels.length > 1) {
        buildError(file, math, `one display equation has several labels (${labels.join(', ')}); use one \\label per equation.`);
      }
      const label = labels[0];
      if (!validLabel.test(label)) {
        buildError(file, math, `equation label "${label}" must start with a letter and contain only letters, digits, "-", "_", ".", ":".`);
      }
      if (equations.has(label)) {
        buildError(file, math, `equation label "${label}" is defined twice on this page.`);
      }
      if (/\\tag\*?\s*\{/.test(math.value)) {
        buildError(file, math, `equation "${label}" has both \\label and \\tag; the number comes from \\label, remove \\tag.`);
      }
      if (!parent || index === undefined) return;

      const number = `${prefix}${equations.size + 1}`;
      equations.set(label, { label, number });
      setMathValue(math, math.value.replace(labelPattern, '').trimEnd());

      // A wrapper element carries the id: the math renderer replaces the math element itself.
      const wrapper = {
        type: 'numberedEquation',
        children: [
          math,
          {
            type: 'equationNumber',
            children: [{ type: 'text', value: `(${number})` }],
            data: { hName: 'span', hProperties: { className: ['equation-number'] } },
          },
        ],
        data: {
          hName: 'div',
          hProperties: {
            id: label,
            className: ['equation'],
            tabIndex: -1,
            role: 'group',
            ariaLabel: `Equation (${number})`,
          },
        },
      };
      (parent as Parent).children[index] = wrapper as unknown as RootContent;
      return SKIP;
    });

    // Pass 2: empty same-page links become "(C.n)" references ([](#fig-…) are figures: remark-figure-numbers).
    visit(tree, 'link', (link: Link) => {
      if (!link.url.startsWith('#') || link.url.startsWith('#fig-') || !isEmptyLink(link)) return;
      const label = decodeURIComponent(link.url.slice(1));
      const equation = equations.get(label);
      if (!equation) {
        const known = [...equations.keys()];
        buildError(
          file,
          link,
          `reference [](#${label}) points to no equation: no display equation on this page has \\label{${label}}.` +
            (known.length ? ` Labels on this page: ${known.join(', ')}.` : ' This page has no labelled equations.'),
        );
      }
      const text: Text = { type: 'text', value: `(${equation.number})` };
      link.children = [text];
      link.data = {
        ...link.data,
        hProperties: { ...(link.data?.hProperties ?? {}), className: ['eq-ref'] },
      };
    });

    // Other plugins (and tests) can read what was numbered.
    file.data.equations = [...equations.values()];
  };
}

declare module 'vfile' {
  interface DataMap {
    equations: EquationInfo[];
  }
}
