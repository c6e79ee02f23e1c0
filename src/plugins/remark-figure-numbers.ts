/**
 * Figure numbers from the order of figures in a chapter, as equation numbers are.
 *
 * Every `<Figure id="…">` on a page gets `number="C.n"` (C the frontmatter `chapter`, n its position
 * among the page's figures). An author may still write `number`, but it must be the one the order
 * gives: a figure moved without renumbering stops the build with a message saying which number it
 * should have. In prose, an empty link `[](#fig-<id>)` becomes "Figure C.n", linked to the figure.
 * A reference to a figure that is not on the page stops the build too.
 */
import type { Link, Root, Text } from 'mdast';
import type { MdxJsxAttribute, MdxJsxFlowElement } from 'mdast-util-mdx-jsx';
import { visit } from 'unist-util-visit';
import type { VFile } from 'vfile';
import { buildError, frontmatterOf } from './plugin-utils';

/** The anchor of a figure (the same as experiments/url.ts figureAnchor, which the Figure shell uses). */
const anchorOf = (id: string) => `fig-${id}`;

function attribute(node: MdxJsxFlowElement, name: string): MdxJsxAttribute | undefined {
  return node.attributes.find((attr): attr is MdxJsxAttribute => attr.type === 'mdxJsxAttribute' && attr.name === name);
}

export default function remarkFigureNumbers() {
  return function transform(tree: Root, file: VFile): void {
    const chapter = frontmatterOf(file).chapter;
    const prefix = typeof chapter === 'number' || (typeof chapter === 'string' && /^\d+$/.test(chapter)) ? `${chapter}.` : '';
    const numbers = new Map<string, string>();
    visit(tree, 'mdxJsxFlowElement', (node: MdxJsxFlowElement) => {
      if (node.name !== 'Figure') return;
      const id = attribute(node, 'id')?.value;
      if (typeof id !== 'string') return buildError(file, node, '<Figure> needs an id written as a plain string.');
      if (numbers.has(id)) return buildError(file, node, `figure "${id}" appears twice on this page.`);
      const number = `${prefix}${numbers.size + 1}`;
      numbers.set(id, number);
      const written = attribute(node, 'number');
      if (written && written.value !== number) {
        buildError(file, node, `figure "${id}" is figure ${number} in reading order, but is written number="${String(written.value)}"; leave the number out or fix it.`);
      }
      if (!written) node.attributes.push({ type: 'mdxJsxAttribute', name: 'number', value: number });
    });
    visit(tree, 'link', (link: Link) => {
      const match = /^#fig-(.+)$/.exec(link.url);
      if (!match || !link.children.every((child) => child.type === 'text' && child.value.trim() === '')) return;
      const number = numbers.get(match[1]);
      if (!number) return buildError(file, link, `[](#fig-${match[1]}) refers to a figure that is not on this page.`);
      link.url = `#${anchorOf(match[1])}`;
      link.children = [{ type: 'text', value: `Figure ${number}` } satisfies Text];
    });
  };
}
