/**
 * The catalogue of the book's chapters for pages and endpoints (build time only): the `docs`
 * content collection's chapter entries, read by catalogue.ts. Unit tests read the same files
 * directly (tests/unit/chapter-sources.ts), since astro:content exists only inside Astro.
 */
import { getCollection } from 'astro:content';
import { readChapters, type CatalogueChapter } from './catalogue';

let cached: Promise<CatalogueChapter[]> | undefined;

export function bookChapters(): Promise<CatalogueChapter[]> {
  cached ??= getCollection('docs', (entry) => entry.id.startsWith('chapters/')).then((entries) =>
    readChapters(
      entries.map((entry) => ({
        id: entry.id,
        title: entry.data.title,
        chapter: entry.data.chapter,
        body: entry.body ?? '',
        filePath: entry.filePath,
      })),
    ),
  );
  return cached;
}
