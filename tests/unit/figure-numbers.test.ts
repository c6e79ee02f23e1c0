/** Figure numbers come from reading order (remark-figure-numbers.ts), and [](#fig-id) refers to them. */
import remarkMdx from 'remark-mdx';
import remarkParse from 'remark-parse';
import { unified } from 'unified';
import type { Root } from 'mdast';
import type { MdxJsxFlowElement } from 'mdast-util-mdx-jsx';
import { visit } from 'unist-util-visit';
import { VFile } from 'vfile';
import { describe, expect, it } from 'vitest';
import remarkFigureNumbers from '../../src/plugins/remark-figure-numbers';
import { readChapters } from '../../src/teaching/catalogue';
import { chapterSources } from './chapter-sources';

function transform(mdx: string, chapter = 5): Root {
  const file = new VFile({ value: mdx, path: 'src/content/docs/chapters/x.mdx', data: { astro: { frontmatter: { chapter } } } });
  const processor = unified().use(remarkParse).use(remarkMdx).use(remarkFigureNumbers);
  return processor.runSync(processor.parse(file), file) as Root;
}

const numbersOf = (tree: Root) => {
  const found: string[] = [];
  visit(tree, 'mdxJsxFlowElement', (node: MdxJsxFlowElement) => {
    const number = node.attributes.find((a) => a.type === 'mdxJsxAttribute' && a.name === 'number');
    if (node.name === 'Figure') found.push(String(number?.value));
  });
  return found;
};

describe('figure numbers', () => {
  it('numbers figures C.n in reading order and fills in references', () => {
    const tree = transform('See [](#fig-b) and [](#fig-a).\n\n<Figure id="a" caption="x" />\n\nText.\n\n<Figure id="b" number="5.2" caption="y" />\n');
    expect(numbersOf(tree)).toEqual(['5.1', '5.2']);
    const links: { url: string; text: string }[] = [];
    visit(tree, 'link', (link) => void links.push({ url: link.url, text: (link.children[0] as { value: string }).value }));
    expect(links).toEqual([
      { url: '#fig-b', text: 'Figure 5.2' },
      { url: '#fig-a', text: 'Figure 5.1' },
    ]);
  });

  it('stops the build when a written number disagrees with the order, or a reference has no figure', () => {
    expect(() => transform('<Figure id="a" number="5.2" caption="x" />\n')).toThrow(/figure "a" is figure 5\.1 in reading order, but is written number="5\.2"/);
    expect(() => transform('See [](#fig-zz).\n\n<Figure id="a" caption="x" />\n')).toThrow(/\[\]\(#fig-zz\) refers to a figure that is not on this page/);
    expect(() => transform('<Figure id="a" caption="x" />\n\n<Figure id="a" caption="x" />\n')).toThrow(/appears twice/);
  });
});

describe('figure references typed in the chapters', () => {
  // A reference within a chapter is written [](#fig-id) and numbered by the build; one to another
  // chapter's figure (or inside a caption, which is not markdown) is typed: it must name a figure
  // that exists, with the number reading order gives it.
  const chapters = readChapters(chapterSources());
  const known = new Set(chapters.flatMap((chapter) => chapter.figures.map((figure) => figure.number)));

  it('every chapter numbers its figures C.1, C.2, … in reading order', () => {
    for (const chapter of chapters) {
      expect(chapter.figures.map((figure) => figure.number)).toEqual(chapter.figures.map((_, i) => `${chapter.chapter}.${i + 1}`));
    }
    expect(known.size).toBeGreaterThan(30);
  });

  it('every typed "Figure C.n" names an existing figure, and none names a figure of its own chapter outside a caption', () => {
    const missing: string[] = [];
    const ownChapter: string[] = [];
    for (const source of chapterSources()) {
      for (const line of source.body.split('\n')) {
        for (const match of line.matchAll(/Figures? (\d+\.\d+(?:(?:,\s*|\s+and\s+|\s+or\s+|–)\d+\.\d+)*)/g)) {
          for (const number of match[1].split(/,\s*|\s+and\s+|\s+or\s+|–/)) {
            if (!known.has(number)) missing.push(`${source.id}: ${number}`);
            const inAttribute = /^\s*<|caption=|=\{?["'`]/.test(line);
            if (number.startsWith(`${source.chapter}.`) && !inAttribute && match[0].startsWith('Figure ')) ownChapter.push(`${source.id}: ${line.trim().slice(0, 80)}`);
          }
        }
      }
    }
    expect(missing).toEqual([]);
    expect(ownChapter).toEqual([]);
  });
});
