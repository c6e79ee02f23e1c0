// @ts-check
import { fileURLToPath } from 'node:url';
import { defineConfig } from 'astro/config';
import starlight from '@astrojs/starlight';
import { unified } from '@astrojs/markdown-remark';
import remarkMath from 'remark-math';
import remarkEquationNumbers from './src/plugins/remark-equation-numbers.ts';
import remarkFigureNumbers from './src/plugins/remark-figure-numbers.ts';
import remarkCitations from './src/plugins/remark-citations.ts';
import remarkHoistSlots from './src/plugins/remark-hoist-slots.ts';
import rehypeMath from './src/plugins/rehype-math.ts';
import contentSecurityPolicy from './src/integrations/csp.ts';
import offline from './src/integrations/offline.ts';
import wasmBytes from './src/plugins/vite-wasm-bytes.ts';
import { unfoldingScript } from './src/components/overrides/unfold.ts';

export default defineConfig({
  site: 'https://saddle-point.example',
  // No link prefetching (Starlight turns it on for every link): its script watches every node
  // added anywhere in the page, and the figures add hundreds of SVG nodes per frame; the service
  // worker already keeps every chapter after the first visit.
  prefetch: false,
  // Astro 7's default Markdown engine ignores remark/rehype plugins: use the unified processor
  // (MDX inherits it). remark-hoist-slots lets `<Fragment slot="…">` follow text without a blank
  // line; remark-math makes the math nodes the numbering step reads; rehype-math typesets them as
  // MathML (src/math/typeset.ts, Temml; its stylesheet below).
  markdown: {
    processor: unified({
      remarkPlugins: [remarkHoistSlots, remarkMath, remarkEquationNumbers, remarkFigureNumbers, remarkCitations],
      rehypePlugins: [rehypeMath],
    }),
  },
  vite: {
    // `?wasm-bytes`: WebAssembly text compiled at build time (the engine's fast path), in pages and workers.
    plugins: [wasmBytes()],
    worker: { format: 'es', plugins: () => [wasmBytes()] },
    // Fonts stay files (Vite would inline one under 4 KB as a data: URL, which the content
    // security policy's font-src 'self' refuses); other small assets follow Vite's default.
    build: { assetsInlineLimit: (file) => (/\.(woff2?|ttf)$/.test(file) ? false : undefined) },
    // Starlight's search builds Pagefind's interface when the first idle moment comes, on every page
    // (0.13–0.27 s of main-thread work); this stand-in builds it when the search first opens.
    resolve: {
      alias: [
        {
          find: /^@pagefind\/default-ui$/,
          replacement: fileURLToPath(new URL('./src/components/overrides/lazy-pagefind.ts', import.meta.url)),
        },
      ],
    },
  },
  integrations: [
    starlight({
      title: 'Saddle Point',
      description: 'An interactive textbook of the mathematics of generative adversarial networks.',
      favicon: '/favicon.svg',
      head: [
        { tag: 'meta', attrs: { name: 'theme-color', content: '#1d3557' } },
        // Long chapters unfold after the load (src/components/overrides/unfold.ts): fold before the text.
        { tag: 'script', content: unfoldingScript },
      ],
      customCss: ['temml/dist/Temml-Local.css', './src/styles/book.css', './src/styles/references.css'],
      components: {
        // Same search, with an accessible name that contains its visible text (axe
        // label-content-name-mismatch).
        Search: './src/components/overrides/Search.astro',
        // Same wrapper, plus keyboard access to display equations that scroll sideways.
        MarkdownContent: './src/components/overrides/MarkdownContent.astro',
        // Same tables of contents, with a lighter script for the current section (Starlight's
        // searches the whole page with :has() selectors: 2 × 280 ms under Lighthouse's slowdown).
        TableOfContents: './src/components/overrides/TableOfContents.astro',
        MobileTableOfContents: './src/components/overrides/MobileTableOfContents.astro',
        // The phone's menu button, without Starlight's `body:has()` rule, which made Chromium
        // restyle the page's body after every change anywhere in it (a figure's every frame).
        MobileMenuToggle: './src/components/overrides/MobileMenuToggle.astro',
      },
      tableOfContents: { minHeadingLevel: 2, maxHeadingLevel: 3 },
      sidebar: [
        { label: 'Start here', link: '/' },
        // Chapters are ordered by `sidebar.order` in their frontmatter.
        { label: 'Chapters', items: [{ autogenerate: { directory: 'chapters' } }] },
        // Symbols, conventions and the names reserved for later chapters.
        {
          label: 'Reference',
          items: [
            { label: 'Notation', link: '/notation/' },
            { label: 'Reproductions', link: '/reproductions/' },
          ],
        },
        {
          label: 'Readers and teachers',
          items: [
            { label: 'Your progress', link: '/progress/' },
            { label: 'Teacher’s guide', link: '/teachers/' },
          ],
        },
      ],
    }),
    // After Starlight (whose build:done writes the search index): the policy edits every page,
    // then the service worker's manifest hashes the final files. Both only touch `astro build`.
    contentSecurityPolicy(),
    offline(),
  ],
});
