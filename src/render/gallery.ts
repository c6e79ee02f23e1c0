/**
 * The reproducers' gallery (/reproductions/): one entry per paper figure the book reproduces, built
 * from the figure registry's `paper` metadata, the bibliography, the chapters' <Figure> tags (for the
 * chapter and the printed number) and the static renders' manifest. Pure: the page and a unit test
 * call it with the chapters they read.
 */
import { authorList, authorYearLabel, entryUrl, getEntry } from '../data/bibliography';
import { figures as registry, type FigureSpec } from '../engine/experiments/figures';
import { figureAnchor } from '../engine/experiments/url';
import type { CatalogueChapter } from '../teaching/catalogue';
import { renderFiles, type Manifest } from './renders';

export interface GalleryEntry {
  id: string;
  title: string;
  /** Where the live figure is: chapter, its printed number and the link to its anchor. */
  chapter: { number: number | undefined; title: string; path: string };
  figureNumber: string;
  liveHref: string;
  paper: {
    key: string;
    authors: string;
    year: number;
    title: string;
    arxiv: string | undefined;
    url: string | undefined;
    /** The paper's label, e.g. "Figure 1". */
    figure: string;
    shows: string;
  };
  paperSettings: string;
  ourSettings: string;
  differences: string[];
  seed: number;
  steps: number;
  /** The reference render (files under public/), absent when the figure has not been rendered yet. */
  render: { svg: string; png: string; csv: string; width: number; height: number } | undefined;
  /** Shell command that reproduces the figure into files. */
  command: string;
}

/** Gallery entries, in the book's order (chapter, then figure number). Throws on an unknown citation key. */
export function galleryEntries(chapters: readonly CatalogueChapter[], manifest: Manifest, specs: Record<string, FigureSpec> = registry): GalleryEntry[] {
  const entries: GalleryEntry[] = [];
  for (const spec of Object.values(specs)) {
    if (!spec.paper) continue;
    const chapter = chapters.find((candidate) => candidate.figures.some((figure) => figure.id === spec.id));
    const figureNumber = chapter?.figures.find((figure) => figure.id === spec.id)?.number;
    if (!chapter || !figureNumber) continue; // registered but not yet placed in a chapter
    const bib = getEntry(spec.paper.citation);
    if (!bib) throw new Error(`Figure "${spec.id}": its paper's citation key "${spec.paper.citation}" is not in src/data/bibliography.ts`);
    const rendered = manifest[spec.id];
    entries.push({
      id: spec.id,
      title: spec.title,
      chapter: { number: chapter.chapter, title: chapter.title, path: chapter.path },
      figureNumber,
      liveHref: `${chapter.path}#${figureAnchor(spec.id)}`,
      paper: {
        key: bib.key,
        authors: authorList(bib),
        year: bib.year,
        title: bib.title,
        arxiv: bib.arxiv,
        url: entryUrl(bib),
        figure: spec.paper.figure,
        shows: spec.paper.shows,
      },
      paperSettings: spec.paper.paperSettings,
      ourSettings: spec.paper.ourSettings,
      differences: [...spec.paper.differences],
      seed: spec.experiment.seed,
      steps: spec.experiment.training.steps,
      render: rendered ? { ...renderFiles(spec.id), width: rendered.width, height: rendered.height } : undefined,
      command: `npm run experiment -- --figure ${spec.id} --out reproductions`,
    });
  }
  return entries.sort((a, b) => a.figureNumber.localeCompare(b.figureNumber, 'en', { numeric: true }));
}

/** The distinct papers of the entries, for the filter: key and label ("Goodfellow et al., 2014"). */
export function galleryPapers(entries: readonly GalleryEntry[]): Array<{ key: string; label: string }> {
  const seen = new Map<string, string>();
  for (const entry of entries) {
    const bib = getEntry(entry.paper.key);
    if (bib && !seen.has(bib.key)) seen.set(bib.key, authorYearLabel(bib));
  }
  return [...seen].map(([key, label]) => ({ key, label }));
}
