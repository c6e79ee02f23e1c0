import { describe, expect, it } from 'vitest';
import { pageScripts } from '../../bench/page-scripts';
import { encodeTemplateText } from '../../src/components/assignment/template-text';

describe("the audit's scripts of a page (bench/page-scripts.ts)", () => {
  it('keeps module, classic and inline scripts, and leaves out inert script text with the scripts it holds', () => {
    const figure = '<figure><script type="module" src="/_astro/widget.js"></script><script>setUp()</script></figure>';
    const html = [
      '<script type="module" src="/_astro/page.js"></script>',
      '<script>document.documentElement.dataset.theme = "dark"</script>',
      `<script type="text/html" data-figure-template="ring-gan">${encodeTemplateText(figure)}</script>`,
      '<script type="application/json">{"a": 1}</script>',
      '<script TYPE="text/javascript" src=/_astro/classic.js></script>',
      '<script type="module">   </script>',
    ].join('\n');
    expect(pageScripts(html)).toEqual([
      { src: '/_astro/page.js' },
      { inline: 'document.documentElement.dataset.theme = "dark"' },
      { src: '/_astro/classic.js' },
    ]);
  });
});
