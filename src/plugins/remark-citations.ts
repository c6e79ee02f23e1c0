/**
 * Citations: `[@key]`, `[@a; @b]` and `[@key, p. 3]` in prose become author–year citations, e.g.
 * "(Goodfellow et al., 2014)". Each name is a button that opens a popover with the full entry (the
 * native `popover` / `popovertarget` pair: click, Enter and Space work without any script, Escape
 * closes it). The popover links to the work and to the page's reference list, which is appended at
 * the end of the page under an h2 "References" as an ordered list with ids `ref-<key>`.
 *
 * Keys come from src/data/bibliography.ts; an unknown key stops the build with a message naming the
 * file and the key. Works on `.md` and `.mdx` alike (it only builds mdast nodes with hast data).
 */
import type { Element, ElementContent, Properties } from 'hast';
import type { Heading, Parent, PhrasingContent, Root, RootContent, Text } from 'mdast';
import { visit } from 'unist-util-visit';
import type { VFile } from 'vfile';
import {
  arxivUrl,
  authorList,
  authorYearLabel,
  bibliography,
  type BibEntry,
} from '../data/bibliography';
import { buildError } from './plugin-utils';

/** `[@…]`: an opening bracket directly followed by "@", up to the closing bracket. */
const citationGroupPattern = /\[(@[^\[\]]*)\]/g;
/** One item of a group: "@key" optionally followed by ", locator". */
const citationItemPattern = /^@([A-Za-z0-9][\w.:-]*?)(?:\s*,\s*([^;]+?))?\s*$/;

export interface BibliographyLookup {
  (key: string): BibEntry | undefined;
}

export interface CitationOptions {
  /** Where keys are looked up; the book's bibliography by default (tests may pass their own). */
  lookup?: BibliographyLookup;
  /** Heading text of the appended list. */
  heading?: string;
}

interface CitationItem {
  key: string;
  locator?: string;
}

function element(tagName: string, properties: Properties, children: ElementContent[] = []): Element {
  return { type: 'element', tagName, properties, children };
}

function text(value: string): Text & ElementContent {
  return { type: 'text', value } as Text & ElementContent;
}

/** The full entry as inline content: authors (year). Title. Venue. Note. */
function entryContent(entry: BibEntry): ElementContent[] {
  const content: ElementContent[] = [
    element('span', { className: ['ref-authors'] }, [text(authorList(entry))]),
    text(` (${entry.year}). `),
    element('cite', { className: ['ref-title'] }, [text(entry.title)]),
    text('.'),
  ];
  if (entry.venue) content.push(text(' '), element('span', { className: ['ref-venue'] }, [text(entry.venue)]), text('.'));
  if (entry.note) content.push(text(` ${entry.note}.`));
  return content;
}

/** External links of an entry: arXiv and/or its url. */
function entryLinks(entry: BibEntry): Element[] {
  const links: Element[] = [];
  if (entry.arxiv) {
    links.push(element('a', { href: arxivUrl(entry.arxiv), className: ['ref-arxiv'] }, [text(`arXiv:${entry.arxiv}`)]));
  }
  if (entry.url) {
    links.push(element('a', { href: entry.url, className: ['ref-url'] }, [text(new URL(entry.url).host)]));
  }
  return links;
}

function joinWith(separator: string, nodes: ElementContent[]): ElementContent[] {
  return nodes.flatMap((node, index) => (index === 0 ? [node] : [text(separator), node]));
}

export default function remarkCitations(options: CitationOptions = {}) {
  const lookup: BibliographyLookup =
    options.lookup ?? ((key) => (Object.hasOwn(bibliography, key) ? bibliography[key] : undefined));
  const headingText = options.heading ?? 'References';

  return function transform(tree: Root, file: VFile): void {
    /** Keys in order of first citation, with the ids of every citation of each. */
    const cited = new Map<string, { entry: BibEntry; citationIds: string[] }>();

    /**
     * One cited work: the button (kept on one line with the group's opening or closing parenthesis:
     * a button is an atomic inline, and the line could otherwise break right after "(") and its
     * popover.
     */
    const citationItem = (item: CitationItem, entry: BibEntry, prefix: string, suffix: string): ElementContent[] => {
      const record = cited.get(item.key) ?? { entry, citationIds: [] };
      cited.set(item.key, record);
      const citationId = `cite-${item.key}-${record.citationIds.length + 1}`;
      record.citationIds.push(citationId);
      const popoverId = `${citationId}-details`;
      const label = authorYearLabel(entry) + (item.locator ? `, ${item.locator}` : '');

      const button = element(
        'button',
        { type: 'button', className: ['cite-ref'], id: citationId, popoverTarget: popoverId },
        [text(label)],
      );
      const popover = element(
        'span',
        {
          id: popoverId,
          className: ['cite-popover'],
          popover: 'auto',
          role: 'note',
          ariaLabel: `Reference: ${authorYearLabel(entry)}`,
          // The reference list is indexed once; don't repeat it in search excerpts.
          dataPagefindIgnore: '',
        },
        [
          element('span', { className: ['cite-popover-entry'] }, entryContent(entry)),
          element(
            'span',
            { className: ['cite-popover-links'] },
            joinWith(' · ', [
              ...entryLinks(entry),
              element('a', { href: `#ref-${item.key}` }, [text('In the reference list')]),
            ]),
          ),
          element(
            'button',
            {
              type: 'button',
              className: ['cite-popover-close'],
              popoverTarget: popoverId,
              popoverTargetAction: 'hide',
              ariaLabel: 'Close',
            },
            [text('×')],
          ),
        ],
      );
      const keepTogether = element('span', { className: ['cite-item'] }, [
        ...(prefix ? [text(prefix)] : []),
        button,
        ...(suffix ? [text(suffix)] : []),
      ]);
      return [keepTogether, popover];
    };

    const parseGroup = (inner: string, node: Text): CitationItem[] =>
      inner.split(';').map((part) => {
        const match = citationItemPattern.exec(part.trim());
        if (!match) {
          buildError(file, node, `malformed citation "[${inner}]": write [@key], [@key, p. 3] or [@a; @b].`);
        }
        return { key: match[1], locator: match[2]?.trim() };
      });

    visit(tree, 'text', (node: Text, index, parent) => {
      if (!parent || index === undefined) return;
      // Text that is already a link's label is left alone.
      if (parent.type === 'link' || parent.type === 'linkReference') return;
      if (!node.value.includes('[@')) return;

      const replacement: PhrasingContent[] = [];
      let last = 0;
      for (const match of node.value.matchAll(citationGroupPattern)) {
        const items = parseGroup(match[1], node);
        const children: ElementContent[] = [];
        items.forEach((item, itemIndex) => {
          const entry = lookup(item.key);
          if (!entry) {
            buildError(
              file,
              node,
              `unknown citation key "${item.key}" (in "${match[0]}"). Add it to src/data/bibliography.ts or fix the spelling.`,
            );
          }
          if (itemIndex > 0) children.push(text('; '));
          const prefix = itemIndex === 0 ? '(' : '';
          const suffix = itemIndex === items.length - 1 ? ')' : '';
          children.push(...citationItem(item, entry, prefix, suffix));
        });

        if (match.index > last) replacement.push({ type: 'text', value: node.value.slice(last, match.index) });
        replacement.push({
          type: 'citation',
          data: { hName: 'span', hProperties: { className: ['citation'] }, hChildren: children },
        } as unknown as PhrasingContent);
        last = match.index + match[0].length;
      }
      if (replacement.length === 0) return;
      if (last < node.value.length) replacement.push({ type: 'text', value: node.value.slice(last) });
      (parent as Parent).children.splice(index, 1, ...(replacement as RootContent[]));
      return index + replacement.length;
    });

    if (cited.size === 0) return;

    const items: Element[] = [...cited].map(([key, { entry, citationIds }]) => {
      // "↩" back to a single citation; "↩ 1 2 3" when the work is cited several times.
      const backLinks: ElementContent[] =
        citationIds.length === 1
          ? [element('a', { href: `#${citationIds[0]}`, className: ['ref-backlink'], ariaLabel: 'Back to the citation' }, [text('↩')])]
          : [
              element('span', { ariaHidden: 'true' }, [text('↩')]),
              ...citationIds.map((id, i) =>
                element('a', { href: `#${id}`, className: ['ref-backlink'], ariaLabel: `Back to citation ${i + 1}` }, [
                  text(String(i + 1)),
                ]),
              ),
            ];
      const links = entryLinks(entry);
      return element('li', { id: `ref-${key}` }, [
        ...entryContent(entry),
        ...(links.length ? [text(' '), ...joinWith(' · ', links), text('.')] : []),
        text(' '),
        element('span', { className: ['ref-backlinks'] }, joinWith(' ', backLinks)),
      ]);
    });

    const list = {
      type: 'referenceList',
      children: [],
      data: { hName: 'ol', hProperties: { className: ['references'] }, hChildren: items },
    } as unknown as RootContent;

    // Reuse an existing "## References" heading if the author wrote one; else append one.
    const existing = tree.children.findIndex(
      (child) =>
        child.type === 'heading' &&
        child.depth === 2 &&
        child.children.length === 1 &&
        child.children[0].type === 'text' &&
        child.children[0].value.trim() === headingText,
    );
    if (existing >= 0) {
      tree.children.splice(existing + 1, 0, list);
    } else {
      const heading: Heading = { type: 'heading', depth: 2, children: [{ type: 'text', value: headingText }] };
      tree.children.push(heading, list);
    }
    file.data.citedKeys = [...cited.keys()];
  };
}

declare module 'vfile' {
  interface DataMap {
    citedKeys: string[];
  }
}
