/**
 * The chapters' sources as the site's content collection hands them to src/teaching/ (the site uses
 * getCollection; unit tests read the files). Frontmatter is read only for `title` and `chapter`.
 */
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import type { ChapterSource } from '../../src/teaching/catalogue';

export const chaptersDirectory = path.join(process.cwd(), 'src/content/docs/chapters');

export function chapterSources(): ChapterSource[] {
  return readdirSync(chaptersDirectory)
    .filter((name) => name.endsWith('.mdx'))
    .map((name) => {
      const filePath = path.join(chaptersDirectory, name);
      const text = readFileSync(filePath, 'utf8');
      const match = /^---\n([\s\S]*?)\n---\n/.exec(text);
      if (!match) throw new Error(`${name}: no frontmatter`);
      const title = /^title:\s*(.+)$/m.exec(match[1])?.[1].trim() ?? '';
      const chapter = /^chapter:\s*(\d+)\s*$/m.exec(match[1])?.[1];
      return {
        id: `chapters/${name.replace(/\.mdx$/, '')}`,
        title: title.startsWith('"') ? JSON.parse(title) : title,
        chapter: chapter ? Number(chapter) : undefined,
        body: text.slice(match[0].length),
        filePath,
      };
    });
}
