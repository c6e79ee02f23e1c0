/**
 * A chapter unfolds after its load: the first blocks of the text are laid out at once, the rest a few
 * at a time in idle time, with a pause between.
 *
 * A chapter is 4,300–9,900 elements, most of them its formulas' MathML. Laid out all at once (Chapter 2
 * at 412 px, opened at its references, where nothing is folded) they made tasks of 174, 103 and 103 ms
 * on the development machine, unthrottled, four times that under Lighthouse's slowdown (440, 164 and
 * 161 ms when KaTeX still wrote every formula twice).
 * Off-screen blocks cannot be skipped with `content-visibility` (Chromium then leaves them out of
 * the accessibility tree), so they are shown one after the other instead, each slice of work short.
 *
 * The fold is set before the text is parsed, by the inline script `unfoldingScript` in the page's
 * head (only then can the browser skip the folded blocks' layout), and drawn by `book.css`
 * (`html.sp-unfolding`: blocks after the sixth, and their parts, without `sp-unfolded` are not
 * displayed). Without JavaScript nothing is folded. Everything is shown at once when the reader might
 * reach the fold (any key, Tab and the browser's find included; a link followed inside the page;
 * printing), and three screens ahead of a scroll.
 */
import { whenIdle } from './idle';

/**
 * Runs in the head, before the text: fold unless the page opens at a place in it (its target must
 * be laid out to be scrolled to) or the browser restores a scroll position (back, forward, reload).
 */
export const unfoldingScript =
  "(()=>{const n=performance.getEntriesByType('navigation')[0];" +
  "if(!location.hash&&!(n&&/^(back_forward|reload)$/.test(n.type)))document.documentElement.classList.add('sp-unfolding')})()";

/**
 * Slice of idle time spent showing units, short enough to stay under 50 ms on a phone 4× slower (a
 * long display equation can take longer by itself).
 */
const sliceMs = 6;
/**
 * Pause between slices. Each slice makes a frame whose paint, raster and compositing run on other
 * threads; back to back, slices and frames kept both cores of a 2-core machine busy, and the page's
 * own tasks waited for a core (wall time 2–7 times their CPU time). With this pause the text unfolds
 * in about twice the time (Chapter 1 at 412 px: 7.4 s instead of 3.6 s) and Lighthouse's blocking
 * time on Chapter 1 fell from 317–369 ms to 27–95 ms (docs/performance-log.md, "A pause between the
 * unfolding's slices").
 */
const pauseMs = 40;
const unfolded = 'sp-unfolded';
/**
 * Blocks laid out with the page (`book.css` folds from the seventh child on): about a phone's first
 * screen. Twelve made the first layout of Chapters 3 and 5 a 90 ms task (unthrottled); six, 46 ms.
 */
const shownAtLoad = 6;
/**
 * Inside a folded block these are shown one at a time after it, in document order, so no slice lays
 * out a whole table, list, exercise or paragraph of formulas at once (a paragraph dense with inline
 * math took 10–35 ms, the f-divergence table 95–125 ms; a single formula or row at most 5–10 ms; all
 * with KaTeX).
 * `book.css` hides the same parts; a figure (`.not-content`) is left whole.
 */
const foldedParts = ':is(tr, li, p, math):not(.not-content *)';
/**
 * Units that can take a slice's whole budget by themselves (a figure's shell, an exercise, a code
 * block: 4–12 ms each, unthrottled, against 0.5–0.7 ms for most units) start a slice of their own, so
 * that no slice lays one out after others: with the cheap units before it a slice reached 10–13 ms.
 */
const costlyUnits = 'figure, saddle-exercise, .sp-figure-exercise, .expressive-code';

export function unfold(): void {
  const content = document.querySelector<HTMLElement>('.sl-markdown-content');
  if (!content || !document.documentElement.classList.contains('sp-unfolding')) return;
  // Temml's small face for primes arrives when a formula first needs it, and a face that arrives late
  // restyles every element (a 34–58 ms task on Chapter 5 once it had unfolded, unthrottled): asked
  // for as soon as the text is parsed, it arrives while few blocks are shown.
  document.fonts.load('1em Temml').catch(() => undefined);
  // The units of the unfolding, in document order: each block, and after a folded one its parts.
  const units = [...content.children].flatMap((block, index) =>
    index < shownAtLoad ? [block] : [block, ...block.querySelectorAll(foldedParts)],
  );
  let next = 0;
  // Show units until the last one shown reaches `bottom` (px from the top of the screen).
  const showUntil = (bottom: number) => {
    while (next < units.length && (next === 0 || units[next - 1].getBoundingClientRect().bottom < bottom)) {
      units[next++].classList.add(unfolded);
    }
    if (next === units.length) done();
  };
  const showAll = () => showUntil(Infinity);
  const nearFold = () => showUntil(3 * innerHeight);
  const slice = () => {
    const start = performance.now();
    const first = next;
    // Stop before a unit that costs what the last one did would overrun the slice, and before a costly one.
    let lastCost = 0;
    while (next < units.length && performance.now() - start + lastCost < sliceMs && (next === first || !units[next].matches(costlyUnits))) {
      const before = performance.now();
      units[next++].classList.add(unfolded);
      // Lay the unit out now, in this slice, rather than all of them in the next frame.
      void content.offsetHeight;
      lastCost = performance.now() - before;
    }
    if (next < units.length) setTimeout(() => whenIdle(slice), pauseMs);
    else done();
  };
  // A link inside the page must find its target laid out before the browser scrolls to it.
  const onClick = (event: MouseEvent) => (event.target as Element | null)?.closest?.('a[href*="#"]') && showAll();
  const inputs = ['keydown', 'beforeprint', 'hashchange'];
  // The class on <html> stays when all is shown: removing it would restyle the whole page (a 144 ms
  // task on Chapter 2, unthrottled).
  const done = () => {
    for (const type of inputs) removeEventListener(type, showAll, true);
    removeEventListener('click', onClick, true);
    removeEventListener('scroll', nearFold);
  };
  for (const type of inputs) addEventListener(type, showAll, { capture: true, passive: true });
  addEventListener('click', onClick, { capture: true, passive: true });
  addEventListener('scroll', nearFold, { passive: true });
  // A tall screen may show more than six blocks at once; what lies below it waits for idle time.
  showUntil(innerHeight);
  if (next < units.length) whenIdle(slice);
}
