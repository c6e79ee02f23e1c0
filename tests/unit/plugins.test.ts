/**
 * The book's Markdown plugins, run through the same unified pipeline shape Astro uses
 * (remark-math → our remark plugins → remark-rehype → our KaTeX step), on Markdown and on MDX.
 */
import { compile } from '@mdx-js/mdx';
import rehypeStringify from 'rehype-stringify';
import remarkMath from 'remark-math';
import remarkMdx from 'remark-mdx';
import remarkParse from 'remark-parse';
import remarkRehype from 'remark-rehype';
import { unified } from 'unified';
import { VFile } from 'vfile';
import { describe, expect, it } from 'vitest';
import {
  allowedError,
  exerciseNumberFromId,
  isWithinTolerance,
  normaliseText,
  parseNumber,
} from '../../src/components/exercise-answer';
import { allEntries, authorYearLabel, bibliography } from '../../src/data/bibliography';
import rehypeMath from '../../src/plugins/rehype-math';
import remarkCitations from '../../src/plugins/remark-citations';
import remarkEquationNumbers from '../../src/plugins/remark-equation-numbers';
import remarkHoistSlots from '../../src/plugins/remark-hoist-slots';

const chapterPath = `${process.cwd()}/src/content/docs/chapters/example.mdx`;

function render(markdown: string, frontmatter: Record<string, unknown> = {}): string {
  const file = new VFile({ value: markdown, path: chapterPath, data: { astro: { frontmatter } } });
  const result = unified()
    .use(remarkParse)
    .use(remarkMath)
    .use(remarkEquationNumbers)
    .use(remarkCitations)
    .use(remarkRehype)
    .use(rehypeMath)
    .use(rehypeStringify)
    .processSync(file);
  return String(result);
}

/** Parse the HTML output into a DOM-less structure is overkill: small regex helpers suffice here. */
function count(haystack: string, needle: string | RegExp): number {
  return haystack.split(needle).length - 1;
}

describe('equation numbering', () => {
  const source = [
    'As [](#eq-value) shows, and later [](#eq-optimal):',
    '',
    '$$',
    'V(D, G) = \\mathbb{E}[\\log D(x)] \\label{eq-value}',
    '$$',
    '',
    'An unnumbered one:',
    '',
    '$$',
    'a = b',
    '$$',
    '',
    '$$',
    '\\label{eq-optimal}',
    'D^*(x) = \\frac{p(x)}{p(x) + q(x)}',
    '$$',
    '',
    'Again [](#eq-value), and a normal [link](#eq-value).',
  ].join('\n');

  it('numbers labelled equations C.n, wraps them with the label as id, and keeps unlabelled ones plain', () => {
    const html = render(source, { chapter: 2 });
    expect(html).not.toContain('\\label');
    expect(html).not.toContain('temml-error');
    expect(count(html, 'class="math-display"')).toBe(3);
    // The wrappers, in order, with ids and accessible names.
    expect(html).toMatch(/<div id="eq-value" class="equation" tabindex="-1" role="group" aria-label="Equation \(2\.1\)">/);
    expect(html).toMatch(/<div id="eq-optimal" class="equation" tabindex="-1" role="group" aria-label="Equation \(2\.2\)">/);
    expect(html.indexOf('id="eq-value"')).toBeLessThan(html.indexOf('id="eq-optimal"'));
    // Each number follows its equation inside the wrapper.
    const first = html.slice(html.indexOf('id="eq-value"'), html.indexOf('An unnumbered'));
    expect(first).toContain('<span class="equation-number">(2.1)</span></div>');
    // The unlabelled equation got no tag.
    const middle = html.slice(html.indexOf('An unnumbered'), html.indexOf('id="eq-optimal"'));
    expect(middle).not.toContain('equation-number');
  });

  it('turns empty fragment links into "(C.n)" links, including forward references', () => {
    const html = render(source, { chapter: 2 });
    expect(html).toContain('<a href="#eq-value" class="eq-ref">(2.1)</a>');
    expect(html).toContain('<a href="#eq-optimal" class="eq-ref">(2.2)</a>');
    expect(count(html, '>(2.1)</a>')).toBe(2);
    // A link with its own text is left alone.
    expect(html).toContain('<a href="#eq-value">link</a>');
  });

  it('uses plain numbers when the page has no chapter', () => {
    const html = render(source);
    expect(html).toContain('<a href="#eq-value" class="eq-ref">(1)</a>');
    expect(html).toContain('<a href="#eq-optimal" class="eq-ref">(2)</a>');
  });

  it('fails on a reference to an unknown label, naming the file and the label', () => {
    const broken = 'See [](#eq-missing).\n\n$$\nx \\label{eq-here}\n$$\n';
    expect(() => render(broken, { chapter: 1 })).toThrow(/src\/content\/docs\/chapters\/example\.mdx:1:5.*eq-missing.*eq-here/);
  });

  it('fails on a label defined twice, two labels in one equation, or a label in inline math', () => {
    expect(() => render('$$\na \\label{eq-a}\n$$\n\n$$\nb \\label{eq-a}\n$$\n')).toThrow(/eq-a.*defined twice/);
    expect(() => render('$$\na \\label{eq-a} \\label{eq-b}\n$$\n')).toThrow(/several labels/);
    expect(() => render('Inline $a \\label{eq-a}$ here.')).toThrow(/only allowed in display math/);
  });
});

describe('math rendering', () => {
  it('renders inline and display math as MathML and leaves no code element behind', () => {
    const html = render('Inline $x^2$ and\n\n$$\n\\sqrt{2}\n$$\n');
    expect(html).toContain('<p>Inline <math><msup><mi>x</mi><mn class="tml-sml-pad">2</mn></msup></math> and</p>');
    expect(count(html, '<math')).toBe(2);
    expect(count(html, 'class="math-display"')).toBe(1);
    expect(html).toMatch(/<div class="math-display"><math display="block"[^>]*><msqrt><mn>2<\/mn><\/msqrt><\/math><\/div>/);
    expect(html).not.toContain('language-math');
    expect(html).not.toContain('$$');
  });

  it("writes \\bar's accent as a macron, a glyph every math font has", () => {
    const html = render('Normalised $\\bar W$ here.');
    expect(html).toMatch(/<mover><mi>W<\/mi><mo [^>]*>\u00af<\/mo><\/mover>/);
    expect(html).not.toContain('\u203e');
  });

  it('numbers an aligned block with a single tag', () => {
    const html = render('$$\n\\begin{aligned} a &= b \\\\ c &= d \\end{aligned} \\label{eq-pair}\n$$\n', { chapter: 3 });
    expect(count(html, 'class="equation-number"')).toBe(1);
    expect(html).toContain('(3.1)');
  });

  it('fails the build on TeX that cannot be parsed, naming the file and line', () => {
    expect(() => render('Intro.\n\n$$\n\\frac{1}{\n$$\n')).toThrow(/example\.mdx:3:1: Cannot typeset display math/);
    expect(() => render('Bad $\\notacommand{x}$.')).toThrow(/example\.mdx:1:5: Cannot typeset inline math.*notacommand/);
  });
});

describe('bibliography', () => {
  // The brief's required keys and arXiv ids, typed out independently of the data file.
  const requiredArxiv: Record<string, string> = {
    goodfellow2014: '1406.2661',
    nowozin2016: '1606.00709',
    arjovsky2017wgan: '1701.07875',
    arjovsky2017principled: '1701.04862',
    gulrajani2017: '1704.00028',
    miyato2018: '1802.05957',
    zhao2017ebgan: '1609.03126',
    belghazi2018: '1801.04062',
    salimans2016: '1606.03498',
    goodfellow2016tutorial: '1701.00160',
    radford2016: '1511.06434',
    metz2017: '1611.02163',
    srivastava2017: '1705.07761',
    lin2018pacgan: '1712.04086',
    karnewar2020: '1903.06048',
    che2017: '1612.02136',
    kingma2015adam: '1412.6980',
    nguyen2010: '0809.0853',
  };
  const requiredOthers = [
    'cover-thomas',
    'lin1991',
    'csiszar1967',
    'ali-silvey1966',
    'donsker-varadhan1983',
    'villani2009',
    'boyd2004',
    'rockafellar1970',
  ];

  it('has every required entry, with the right arXiv ids', () => {
    for (const [key, arxiv] of Object.entries(requiredArxiv)) {
      expect(bibliography[key]?.arxiv, key).toBe(arxiv);
    }
    for (const key of requiredOthers) expect(bibliography[key], key).toBeDefined();
  });

  it('has unique keys, matching years in keys, and well-formed fields', () => {
    const keys = allEntries.map((entry) => entry.key);
    expect(new Set(keys).size).toBe(keys.length);
    for (const entry of allEntries) {
      expect(entry.authors.length, entry.key).toBeGreaterThan(0);
      expect(entry.title.trim(), entry.key).not.toBe('');
      const yearInKey = /(\d{4})/.exec(entry.key)?.[1];
      if (yearInKey) expect(entry.year, entry.key).toBe(Number(yearInKey));
      if (entry.arxiv) expect(entry.arxiv, entry.key).toMatch(/^\d{4}\.\d{4,5}$/);
      if (entry.url) expect(() => new URL(entry.url!)).not.toThrow();
    }
  });

  it('formats author–year labels for one, two and many authors', () => {
    expect(authorYearLabel(bibliography.lin1991)).toBe('Lin, 1991');
    expect(authorYearLabel(bibliography.arjovsky2017principled)).toBe('Arjovsky and Bottou, 2017');
    expect(authorYearLabel(bibliography.goodfellow2014)).toBe('Goodfellow et al., 2014');
  });
});

describe('citations', () => {
  it('turns [@key] into an author–year button with a popover, and appends a reference list', () => {
    const html = render('GANs [@goodfellow2014] are games.\n\n## Later\n\nMore text.');
    expect(html).toContain('<span class="citation"><span class="cite-item">(<button type="button" class="cite-ref" id="cite-goodfellow2014-1" popovertarget="cite-goodfellow2014-1-details">Goodfellow et al., 2014</button>)</span><span id="cite-goodfellow2014-1-details"');
    expect(html).toMatch(/<span id="cite-goodfellow2014-1-details" class="cite-popover" popover="auto" role="note" aria-label="Reference: Goodfellow et al., 2014"[^>]*>/);
    // The popover carries the full entry and links to the list and to arXiv.
    const popover = html.slice(html.indexOf('cite-goodfellow2014-1-details" class'), html.indexOf('## Later'.replace('## ', '<h2>')));
    expect(popover).toContain('Ian J. Goodfellow, Jean Pouget-Abadie');
    expect(popover).toContain('<a href="#ref-goodfellow2014">');
    expect(popover).toContain('href="https://arxiv.org/abs/1406.2661"');
    // The list comes last, after the page's own sections.
    expect(html.indexOf('<h2>References</h2>')).toBeGreaterThan(html.indexOf('<h2>Later</h2>'));
    const list = html.slice(html.indexOf('<h2>References</h2>'));
    expect(list).toMatch(/^<h2>References<\/h2>\s*<ol class="references"><li id="ref-goodfellow2014">/);
    expect(list).toContain('(2014). <cite class="ref-title">Generative Adversarial Nets</cite>.');
    expect(list).toContain('<a href="https://arxiv.org/abs/1406.2661" class="ref-arxiv">arXiv:1406.2661</a>');
    expect(list).toContain('<a href="#cite-goodfellow2014-1" class="ref-backlink" aria-label="Back to the citation">↩</a>');
  });

  it('handles groups, locators and repeated keys; lists works once, in order of first citation', () => {
    const html = render(
      'First [@lin1991; @arjovsky2017principled, Thm. 2.1]. Then [@nowozin2016] and [@lin1991] again.',
    );
    expect(html).toContain('<span class="cite-item">(<button type="button" class="cite-ref" id="cite-lin1991-1" popovertarget="cite-lin1991-1-details">Lin, 1991</button></span>');
    expect(html).toContain('<span class="cite-item"><button type="button" class="cite-ref" id="cite-arjovsky2017principled-1" popovertarget="cite-arjovsky2017principled-1-details">Arjovsky and Bottou, 2017, Thm. 2.1</button>)</span>');
    expect(html).toContain('</span>; <span class="cite-item"><button');
    expect(html).toContain('id="cite-lin1991-2"');
    const list = html.slice(html.indexOf('<h2>References</h2>'));
    const order = [...list.matchAll(/<li id="ref-([^"]+)"/g)].map((match) => match[1]);
    expect(order).toEqual(['lin1991', 'arjovsky2017principled', 'nowozin2016']);
    expect(list).toContain('IEEE Transactions on Information Theory');
    // Cited twice: numbered links back to each citation.
    expect(list).toContain('<span aria-hidden="true">↩</span> <a href="#cite-lin1991-1" class="ref-backlink" aria-label="Back to citation 1">1</a> <a href="#cite-lin1991-2" class="ref-backlink" aria-label="Back to citation 2">2</a>');
  });

  it('adds nothing to a page without citations, and leaves inline code and link text alone', () => {
    const html = render('Code `[@goodfellow2014]` and [a [@x] link](https://example.org).');
    expect(html).not.toContain('References');
    expect(html).not.toContain('cite-ref');
  });

  it('fails on an unknown key, naming the file and the key', () => {
    expect(() => render('Cite [@goodfellow2014; @nobody1999].')).toThrow(
      /src\/content\/docs\/chapters\/example\.mdx:1:1.*unknown citation key "nobody1999"/,
    );
    expect(() => render('Cite [@ goodfellow2014].')).toThrow(/malformed citation/);
  });
});

describe('MDX', () => {
  it('numbers equations and renders citations in MDX too', async () => {
    const source = [
      "import Thing from './thing';",
      '',
      'Value [](#eq-v), after [@goodfellow2014].',
      '',
      '$$',
      'V = 1 \\label{eq-v}',
      '$$',
      '',
      '<Thing>Inside a component [@nowozin2016].</Thing>',
    ].join('\n');
    const file = new VFile({ value: source, path: chapterPath, data: { astro: { frontmatter: { chapter: 4 } } } });
    const output = String(
      await compile(file, {
        remarkPlugins: [remarkMath, remarkEquationNumbers, remarkCitations],
        rehypePlugins: [rehypeMath],
        elementAttributeNameCase: 'html',
      }),
    );
    expect(output).toContain('"(4.1)"');
    expect(output).toContain('id: "eq-v"');
    expect(output).toContain('popovertarget: "cite-goodfellow2014-1-details"');
    expect(output).toContain('"Nowozin et al., 2016"');
    expect(output).toContain('id: "ref-nowozin2016"');
    expect(output).toContain('"References"');
  });
});

describe('named slots written right after text', () => {
  function childrenOfComponent(source: string) {
    const processor = unified().use(remarkParse).use(remarkMdx).use(remarkHoistSlots);
    const tree = processor.runSync(processor.parse(source)) as import('mdast').Root;
    const component = tree.children[0] as unknown as { type: string; children: Array<Record<string, any>> };
    expect(component.type).toBe('mdxJsxFlowElement');
    return component.children;
  }

  it('lifts a slotted fragment out of the question paragraph', () => {
    const children = childrenOfComponent(
      [
        '<Exercise id="ex-1-1" answer={1}>',
        '  The question, with $x$ maths.',
        '  <Fragment slot="hint">A hint with **bold** text.</Fragment>',
        '  <Fragment slot="solution">',
        '    The solution.',
        '  </Fragment>',
        '</Exercise>',
      ].join('\n'),
    );
    expect(children.map((child) => child.type)).toEqual(['paragraph', 'mdxJsxFlowElement', 'mdxJsxFlowElement']);
    expect(children[0].children.at(-1).value).toBe('The question, with $x$ maths.');
    const hint = children[1];
    expect(hint.name).toBe('Fragment');
    expect(hint.attributes[0]).toMatchObject({ name: 'slot', value: 'hint' });
    expect(hint.children[0].type).toBe('paragraph');
    expect(hint.children[0].children.map((child: { type: string }) => child.type)).toEqual(['text', 'strong', 'text']);
    expect(children[2].attributes[0]).toMatchObject({ name: 'slot', value: 'solution' });
  });

  it('keeps text after a slotted fragment as its own paragraph and leaves plain inline elements alone', () => {
    const children = childrenOfComponent(
      '<Box>\n  Before <Fragment slot="x">slotted</Fragment> after <abbr title="t">inline</abbr>.\n</Box>',
    );
    expect(children.map((child) => child.type)).toEqual(['paragraph', 'mdxJsxFlowElement', 'paragraph']);
    expect(children[0].children[0].value).toBe('Before');
    expect(children[2].children[0].value).toBe('after ');
    expect(children[2].children[1].type).toBe('mdxJsxTextElement');
  });
});

describe('exercise answers', () => {
  it('reads plain numbers, signs (including the typographic minus), exponents and fractions', () => {
    expect(parseNumber('0.693')).toEqual({ ok: true, value: 0.693 });
    expect(parseNumber('  -1.5 ')).toEqual({ ok: true, value: -1.5 });
    expect(parseNumber('\u22121.5')).toEqual({ ok: true, value: -1.5 });
    expect(parseNumber('- 2')).toEqual({ ok: true, value: -2 });
    expect(parseNumber('+.5')).toEqual({ ok: true, value: 0.5 });
    expect(parseNumber('2e-3')).toEqual({ ok: true, value: 0.002 });
    expect(parseNumber('3/4')).toEqual({ ok: true, value: 0.75 });
    expect(parseNumber('-1 / 8')).toEqual({ ok: true, value: -0.125 });
  });

  it('refuses commas, words, empty input and division by zero, saying why', () => {
    expect(parseNumber('0,5')).toEqual({ ok: false, reason: 'comma' });
    expect(parseNumber('1,000')).toEqual({ ok: false, reason: 'comma' });
    expect(parseNumber('   ')).toEqual({ ok: false, reason: 'empty' });
    expect(parseNumber('ln 2')).toEqual({ ok: false, reason: 'invalid' });
    expect(parseNumber('1/0')).toEqual({ ok: false, reason: 'invalid' });
    expect(parseNumber('1.2.3')).toEqual({ ok: false, reason: 'invalid' });
  });

  it('accepts within the absolute tolerance, or the relative one when given', () => {
    const absolute = { tolerance: 0.001 };
    expect(isWithinTolerance(0.6935, 0.6931, absolute)).toBe(true);
    expect(isWithinTolerance(0.6945, 0.6931, absolute)).toBe(false);
    // Exactly on the boundary counts, despite 0.1 + 0.2 style rounding.
    expect(isWithinTolerance(0.3, 0.1 + 0.2, { tolerance: 0 })).toBe(true);
    const relative = { tolerance: 0, relativeTolerance: 0.01 };
    expect(isWithinTolerance(240_000 * 1.009, 240_000, relative)).toBe(true);
    expect(isWithinTolerance(240_000 * 1.011, 240_000, relative)).toBe(false);
    expect(allowedError(-200, { tolerance: 0.5, relativeTolerance: 0.01 })).toBe(2);
  });

  it('compares text answers ignoring case and spacing, and numbers exercises from their ids', () => {
    expect(normaliseText('  Jensen–Shannon   Divergence ')).toBe('jensen–shannon divergence');
    expect(exerciseNumberFromId('ex-1-2')).toBe('1.2');
    expect(exerciseNumberFromId('exercise-3-10')).toBe('3.10');
    expect(exerciseNumberFromId('ex-07')).toBe('7');
    expect(exerciseNumberFromId('warm-up')).toBeUndefined();
  });
});
