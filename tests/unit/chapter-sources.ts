/**
 * The chapters' sources as the site's content collection hands them to src/teaching/ (the site uses
 * getCollection; unit tests read the files). Frontmatter is read only for `title` and `chapter`.
 */
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { expect } from 'vitest';
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

/**
 * A chapter's MDX source and the answers its exercises state, for the claims tests that recompute
 * them: `pageAnswer` reads a numeric answer and its tolerance, `expectAnswer` checks a computed value
 * against it, `choiceAnswer` reads a choice exercise's answer.
 */
export function chapterAnswers(slug: string) {
  const mdx = readFileSync(path.join(chaptersDirectory, `${slug}.mdx`), 'utf8');
  function pageAnswer(id: string): { answer: number; tolerance: number } {
    const match = new RegExp(`<Exercise id="${id}" answer=\\{([-\\d.]+)\\} tolerance=\\{([\\d.]+)\\}`).exec(mdx);
    if (!match) throw new Error(`no numeric exercise ${id}`);
    return { answer: Number(match[1]), tolerance: Number(match[2]) };
  }
  function expectAnswer(id: string, computed: number): void {
    const { answer, tolerance } = pageAnswer(id);
    expect(Math.abs(computed - answer), `${id}: page ${answer}, computed ${computed}`).toBeLessThanOrEqual(tolerance);
  }
  function choiceAnswer(id: string): string {
    const match = new RegExp(`<Exercise id="${id}"[^>]*answer="([^"]+)"`).exec(mdx);
    if (!match) throw new Error(`no choice exercise ${id}`);
    return match[1];
  }
  return { mdx, pageAnswer, expectAnswer, choiceAnswer };
}
