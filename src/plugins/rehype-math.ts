/**
 * Renders the math that remark-math marks (`code.math-inline`, `pre > code.math-display`) with KaTeX.
 *
 * Why not rehype-katex: it bundles its own, older KaTeX (0.16), whose HTML uses class names
 * (`.base`, `.tag`, …) that the stylesheet of the book's KaTeX (0.19, also used by components that
 * render math themselves) no longer styles. Rendering with the one KaTeX the page's CSS comes from
 * keeps markup and styles in step.
 *
 * A formula KaTeX cannot parse stops the build with the file, the line and KaTeX's message, instead
 * of leaving red error text in a chapter.
 */
import type { Element, ElementContent, Root } from 'hast';
import { fromHtmlIsomorphic } from 'hast-util-from-html-isomorphic';
import katex, { type KatexOptions } from 'katex';
import { SKIP, visitParents } from 'unist-util-visit-parents';
import type { VFile } from 'vfile';
import { buildError } from './plugin-utils';

export type MathOptions = Omit<KatexOptions, 'displayMode' | 'throwOnError'>;

function classesOf(element: Element): unknown[] {
  const className = element.properties.className;
  return Array.isArray(className) ? className : [];
}

function textOf(node: ElementContent): string {
  if (node.type === 'text') return node.value;
  if (node.type === 'element') return node.children.map(textOf).join('');
  return '';
}

export default function rehypeMath(options: MathOptions = {}) {
  return function transform(tree: Root, file: VFile): void {
    visitParents(tree, 'element', (element, ancestors) => {
      const classes = classesOf(element);
      const display = classes.includes('math-display');
      if (!display && !classes.includes('math-inline')) return;

      // Display math arrives as <pre><code class="language-math math-display">: replace the <pre>.
      let target: Element = element;
      let parent = ancestors[ancestors.length - 1];
      if (display && parent?.type === 'element' && parent.tagName === 'pre') {
        target = parent;
        parent = ancestors[ancestors.length - 2];
      }
      if (!parent || !('children' in parent)) return;

      const tex = element.children.map(textOf).join('');
      let html: string;
      try {
        html = katex.renderToString(tex, { ...options, displayMode: display, throwOnError: true });
      } catch (error) {
        const reason = error instanceof Error ? error.message : String(error);
        buildError(file, target, `KaTeX cannot render ${display ? 'display' : 'inline'} math "${tex.trim()}": ${reason}`);
      }
      const rendered = fromHtmlIsomorphic(html, { fragment: true }).children as ElementContent[];
      const index = parent.children.indexOf(target);
      parent.children.splice(index, 1, ...rendered);
      return [SKIP, index + rendered.length];
    });
  };
}
