/**
 * Keeps what a link points at (an equation, figure, exercise or heading: `#eq-…`, `#fig-…`, …)
 * where the link put it while the page settles.
 *
 * Figures and exercises set up after the page has loaded (a figure grows to its real height then)
 * and web fonts arrive late. The browser's scroll anchoring keeps the screen still when
 * something above it changes height, but a page opened at a fragment still landed far off
 * (measured: #eq-w-estimate in Chapter 5, 1280 px wide, 1425 px from the top instead of 176).
 * So, until a few seconds after the page has loaded (or the fragment changes), whenever the text
 * changes height, the target is scrolled back to where the link put it; the first sign of the reader
 * (wheel, touch, key, pointer) ends this at once. (Counted from the load, not from this script: on a
 * busy machine the load itself can take longer than the few seconds, and figures set up after it.)
 */
const settleMs = 4000;

export function keepLinkedTarget(): void {
  const content = document.querySelector('.sl-markdown-content');
  if (!content || typeof ResizeObserver !== 'function') return;
  let stop: (() => void) | null = null;

  const hold = () => {
    stop?.();
    const target = linkedElement(location.hash);
    if (!target) return;
    // Where the link puts it (scroll-margin-top included): scrolled again here, as the browser did.
    let top: number | null = null;
    // The scroll position this left the page at: the text growing above the target moves the target
    // but not the scroll position, which only the reader (or a script) moves.
    let placedAt = scrollY;
    const check = () => {
      const now = target.getBoundingClientRect().top;
      if (top !== null && Math.abs(now - top) > 1) window.scrollBy({ top: now - top, behavior: 'instant' });
      placedAt = scrollY;
    };
    // Scrolled far from it (a script, or a scroll bar): someone went elsewhere on purpose.
    const onScroll = () => {
      if (top !== null && Math.abs(scrollY - placedAt) > innerHeight && Math.abs(target.getBoundingClientRect().top - top) > innerHeight) end();
    };
    const observer = new ResizeObserver(check);
    const inputs = ['wheel', 'touchstart', 'keydown', 'pointerdown'];
    let timer: ReturnType<typeof setTimeout> | undefined;
    const settle = () => (timer = setTimeout(end, settleMs));
    const end = () => {
      observer.disconnect();
      clearTimeout(timer);
      removeEventListener('load', settle);
      for (const type of inputs) removeEventListener(type, end, true);
      removeEventListener('scroll', onScroll);
      stop = null;
    };
    if (document.readyState === 'complete') settle();
    else addEventListener('load', settle, { once: true });
    for (const type of inputs) addEventListener(type, end, { capture: true, passive: true });
    requestAnimationFrame(() => {
      target.scrollIntoView({ block: 'start', behavior: 'instant' });
      top = target.getBoundingClientRect().top;
      placedAt = scrollY;
      observer.observe(content);
      addEventListener('scroll', onScroll, { passive: true });
    });
    stop = end;
  };

  if (location.hash) hold();
  addEventListener('hashchange', hold);
}

/** The element a fragment such as `#eq-x&f.ring-gan=…` names (its part before any `&`), if any. */
function linkedElement(hash: string): HTMLElement | null {
  const raw = hash.slice(1).split('&')[0];
  if (!raw) return null;
  let id = raw;
  try {
    id = decodeURIComponent(raw);
  } catch {
    // A malformed escape (a tampered link): the id as written; the link's own message says the rest.
  }
  return document.getElementById(id);
}
