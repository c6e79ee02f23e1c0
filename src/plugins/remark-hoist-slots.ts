/**
 * Lets authors write a named slot right after a component's text, without a blank line:
 *
 * ```mdx
 * <Exercise id="ex-1-1" answer={1}>
 *   Question text.
 *   <Fragment slot="hint">A hint.</Fragment>
 * </Exercise>
 * ```
 *
 * MDX reads the question and the `<Fragment>` as ONE paragraph, so the fragment is no longer a
 * direct child of the component, its `slot` is ignored and the hint is printed inside the question.
 * This step lifts every element that has a `slot` attribute out of such a paragraph and makes it a
 * direct child of the component (its content becomes a paragraph), leaving the text around it as
 * paragraphs of their own.
 */
import type { Paragraph, PhrasingContent, Root, RootContent } from 'mdast';
import type { MdxJsxFlowElement, MdxJsxTextElement } from 'mdast-util-mdx-jsx';
import { visit } from 'unist-util-visit';

function hasSlot(node: PhrasingContent): node is MdxJsxTextElement {
  return (
    node.type === 'mdxJsxTextElement' &&
    node.attributes.some((attribute) => attribute.type === 'mdxJsxAttribute' && attribute.name === 'slot')
  );
}

function isBlank(nodes: PhrasingContent[]): boolean {
  return nodes.every((node) => node.type === 'text' && node.value.trim() === '');
}

/** Drop the line break and indentation that separated the text from the slotted element. */
function trimEdges(nodes: PhrasingContent[]): PhrasingContent[] {
  const result = nodes.map((node) => ({ ...node }));
  const first = result[0];
  if (first?.type === 'text') first.value = first.value.replace(/^\s+/, '');
  const last = result[result.length - 1];
  if (last?.type === 'text') last.value = last.value.replace(/\s+$/, '');
  return result.filter((node) => !(node.type === 'text' && node.value === ''));
}

function paragraph(children: PhrasingContent[]): Paragraph {
  return { type: 'paragraph', children: trimEdges(children) };
}

/** Split one paragraph into paragraphs and lifted slot elements; undefined if nothing to lift. */
function splitParagraph(node: Paragraph): RootContent[] | undefined {
  if (!node.children.some(hasSlot)) return undefined;
  const output: RootContent[] = [];
  let pending: PhrasingContent[] = [];
  const flush = () => {
    if (!isBlank(pending)) output.push(paragraph(pending));
    pending = [];
  };
  for (const child of node.children) {
    if (!hasSlot(child)) {
      pending.push(child);
      continue;
    }
    flush();
    const lifted: MdxJsxFlowElement = {
      type: 'mdxJsxFlowElement',
      name: child.name,
      attributes: child.attributes,
      children: isBlank(child.children) ? [] : [paragraph(child.children)],
      position: child.position,
      data: child.data,
    };
    output.push(lifted);
  }
  flush();
  return output;
}

export default function remarkHoistSlots() {
  return function transform(tree: Root): void {
    visit(tree, 'mdxJsxFlowElement', (component: MdxJsxFlowElement) => {
      const children: RootContent[] = [];
      let changed = false;
      for (const child of component.children) {
        const split = child.type === 'paragraph' ? splitParagraph(child) : undefined;
        if (split) {
          children.push(...split);
          changed = true;
        } else {
          children.push(child);
        }
      }
      if (changed) component.children = children as MdxJsxFlowElement['children'];
    });
  };
}
