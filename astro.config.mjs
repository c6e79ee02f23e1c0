// @ts-check
import { defineConfig } from 'astro/config';
import starlight from '@astrojs/starlight';
import { unified } from '@astrojs/markdown-remark';
import remarkMath from 'remark-math';
import rehypeKatex from 'rehype-katex';

export default defineConfig({
  site: 'https://saddle-point.example',
  // Astro 7's default Markdown engine ignores remark/rehype plugins: use the unified processor.
  markdown: {
    processor: unified({ remarkPlugins: [remarkMath], rehypePlugins: [rehypeKatex] }),
  },
  vite: { worker: { format: 'es' } },
  integrations: [
    starlight({
      title: 'Saddle Point',
      description: 'An interactive textbook of the mathematics of generative adversarial networks.',
      favicon: '/favicon.svg',
      customCss: ['katex/dist/katex.min.css', './src/styles/book.css'],
      sidebar: [
        { label: 'Start here', link: '/' },
        { label: 'Chapters', items: [{ autogenerate: { directory: 'chapters' } }] },
      ],
    }),
  ],
});
