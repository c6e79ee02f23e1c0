import { defineCollection } from 'astro:content';
import { z } from 'astro/zod';
import { docsLoader } from '@astrojs/starlight/loaders';
import { docsSchema } from '@astrojs/starlight/schema';

export const collections = {
  docs: defineCollection({
    loader: docsLoader(),
    schema: docsSchema({
      extend: z.object({
        /**
         * The chapter number. Equation numbers on the page are "chapter.n" (see
         * src/plugins/remark-equation-numbers.ts); pages without it number equations 1, 2, …
         */
        chapter: z.number().int().positive().optional(),
      }),
    }),
  }),
};
