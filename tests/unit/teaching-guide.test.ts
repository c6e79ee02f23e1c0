import { describe, expect, it } from 'vitest';
import { figures } from '../../src/engine/experiments/figures';
import { explorers } from '../../src/components/widgets/catalogue';
import { readChapters } from '../../src/teaching/catalogue';
import { figureNotes } from '../../src/teaching/figure-notes';
import { chapterSources } from './chapter-sources';

describe('the teacher’s guide', () => {
  const known = [...Object.keys(figures), ...Object.keys(explorers)].sort();

  it('has one line on every figure of the registry and every explorer, and none on unknown ones', () => {
    expect(Object.keys(figureNotes).sort()).toEqual(known);
    for (const note of Object.values(figureNotes)) expect(note.length).toBeGreaterThan(40);
  });

  it('finds every figure the chapters show, with its number', () => {
    const shown = readChapters(chapterSources()).flatMap((chapter) => chapter.figures);
    expect(shown.map((figure) => figure.id).sort()).toEqual(known);
    for (const figure of shown) expect(figure.number).toMatch(/^\d+\.\d+$/);
  });
});
