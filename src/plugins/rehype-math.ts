/**
 * Renders the math that remark-math marks (`code.math-inline`, `pre > code.math-display`) as MathML
 * (src/math/typeset.ts), the same way as the components that typeset their own text.
 *
 * A formula that cannot be parsed stops the build with the file, the line and the parser's message,
 * instead of leaving red error text in a chapter.
 */
import type { Element, ElementContent, Root } from 'hast';
import { fromHtmlIsomorphic } from 'hast-util-from-html-isomorphic';
import { SKIP, visit } from 'unist-util-visit';
import type { VFile } from 'vfile';
import { typeset } from '../math/typeset';
import { buildError } from './plugin-utils';

function classesOf(element: Element): unknown[] {
  const className = element.properties.className;
  return Array.isArray(className) ? className : [];
}

function textOf(node: ElementContent): string {
  if (node.type === 'text') return node.value;
  if (node.type === 'element') return node.children.map(textOf).join('');
  return '';
}

/** The math element to render, if `element` is one: its TeX and whether it is display math. */
function mathIn(element: Element): { tex: string; display: boolean; source: Element } | undefined {
  // Display math arrives as <pre><code class="language-math math-display">: the <pre> is replaced.
  if (element.tagName === 'pre' && element.children.length === 1) {
    const code = element.children[0];
    if (code.type === 'element' && code.tagName === 'code' && classesOf(code).includes('math-display')) {
      return { tex: code.children.map(textOf).join(''), display: true, source: element };
    }
  }
  const classes = classesOf(element);
  if (classes.includes('math-inline') || classes.includes('math-display')) {
    return { tex: element.children.map(textOf).join(''), display: classes.includes('math-display'), source: element };
  }
  return undefined;
}

export default function rehypeMath() {
  return function transform(tree: Root, file: VFile): void {
    visit(tree, 'element', (element: Element, index, parent) => {
      const math = mathIn(element);
      if (!math || !parent || index === undefined) return;
      let html: string;
      try {
        html = typeset(math.tex, { display: math.display });
      } catch (error) {
        const reason = error instanceof Error ? error.message : String(error);
        buildError(
          file,
          math.source,
          `Cannot typeset ${math.display ? 'display' : 'inline'} math "${math.tex.trim()}": ${reason}`,
        );
      }
      const rendered = fromHtmlIsomorphic(html, { fragment: true }).children as ElementContent[];
      parent.children.splice(index, 1, ...rendered);
      return [SKIP, index + rendered.length];
    });
  };
}
