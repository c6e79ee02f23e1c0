/**
 * What the assignment pages know about the book, written at build time by Templates.astro and read
 * by the page scripts: chapters with their exercises, the chapters' figure-state exercises, and
 * the training figures with their number and chapter.
 */
import { decodeTemplateText } from './template-text';

export interface PageCatalogue {
  chapters: Array<{
    title: string;
    path: string;
    exercises: Array<{ key: string; number: string; kind: string; question: string }>;
    figureExercises: Array<{ key: string; number: string; figure: string; require: string; question: string }>;
  }>;
  figures: Array<{ id: string; title: string; number?: string; chapter?: string; path?: string }>;
}

export function readPageCatalogue(): PageCatalogue {
  const script = document.getElementById('sp-page-catalogue');
  return JSON.parse(script?.textContent ?? '{"chapters":[],"figures":[]}') as PageCatalogue;
}

/**
 * The page's template for a figure (by id) or an exercise (by progress key), kept as script text
 * (TemplateText.astro), parsed into this document with unique ids. Imported, so that custom
 * elements already defined are upgraded before the caller sets their properties; its scripts run
 * when it is put in the page.
 */
export function cloneTemplate(kind: 'figure' | 'exercise', key: string, suffix: string): DocumentFragment | null {
  const source = document.querySelector<HTMLScriptElement>(`script[data-${kind}-template="${key}"]`);
  if (!source) return null;
  const parsed = document.createRange().createContextualFragment(decodeTemplateText(source.textContent ?? ''));
  const fragment = document.importNode(parsed, true);
  uniqueIds(fragment, suffix);
  return fragment;
}

/** Append a suffix to every id in the fragment and to every reference to one (for, aria-*, href="#…"). */
function uniqueIds(fragment: DocumentFragment, suffix: string): void {
  const ids = new Set<string>();
  for (const element of fragment.querySelectorAll<HTMLElement>('[id]')) {
    ids.add(element.id);
    element.id = `${element.id}${suffix}`;
  }
  const references = ['for', 'aria-describedby', 'aria-labelledby', 'aria-controls'];
  for (const element of fragment.querySelectorAll<HTMLElement>('*')) {
    for (const name of references) {
      const value = element.getAttribute(name);
      if (value) element.setAttribute(name, value.split(' ').map((id) => (ids.has(id) ? `${id}${suffix}` : id)).join(' '));
    }
    const href = element.getAttribute('href');
    if (href?.startsWith('#') && ids.has(href.slice(1))) element.setAttribute('href', `${href}${suffix}`);
  }
}
