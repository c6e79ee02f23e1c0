/**
 * Marks display equations and code blocks that overflow their column (`data-scrolls`) and makes
 * exactly those focusable, so keyboard users can scroll them with the arrow keys. Re-checked when
 * one's box changes size and once web fonts have loaded (a math face that arrives changes the
 * equations' widths).
 *
 * A chapter has a few hundred display equations and measuring one forces layout, so they are
 * measured a few at a time in idle time (each a small task, never one long one at load); the
 * ResizeObserver re-checks one whenever its box changes.
 */
import { whenIdle } from './idle';

/**
 * Measure every display first, then mark the ones whose state changed: a mark changes style, and a
 * measurement after it would force style and layout again, once per equation.
 */
function update(displays: HTMLElement[]): void {
  const scrolls = displays.map((display) => display.scrollWidth > display.clientWidth + 1);
  displays.forEach((display, i) => {
    if (scrolls[i] === ('scrolls' in display.dataset)) return;
    if (scrolls[i]) {
      display.tabIndex = 0;
      display.dataset.scrolls = '';
    } else {
      display.removeAttribute('tabindex');
      delete display.dataset.scrolls;
    }
  });
}

/** Measure `displays` in idle time, four at a time, as many as fit in each idle slice. */
function measureWhenIdle(displays: HTMLElement[]): void {
  let next = 0;
  const slice = (deadline?: IdleDeadline) => {
    const start = performance.now();
    while (next < displays.length) {
      update(displays.slice(next, next + 4));
      next += 4;
      const left = deadline && !deadline.didTimeout ? deadline.timeRemaining() : 8 - (performance.now() - start);
      if (left < 2) break;
    }
    if (next < displays.length) whenIdle(slice, 2000);
  };
  whenIdle(slice, 2000);
}

export function watchWideEquations(root: ParentNode): void {
  // Code blocks too: Expressive Code's own check (after 250 ms and idle time) missed a block shown
  // later by the unfolding (unfold.ts) when a key had shown it, and left it without a tab stop.
  const displays = [...root.querySelectorAll<HTMLElement>('.sl-markdown-content :is(.math-display, .expressive-code pre)')];
  if (displays.length === 0) return;
  const measureAll = () => measureWhenIdle(displays);
  if (typeof ResizeObserver === 'function') {
    const observer = new ResizeObserver((entries) => update(entries.map((entry) => entry.target as HTMLElement)));
    displays.forEach((display) => observer.observe(display));
  } else {
    window.addEventListener('resize', measureAll);
  }
  measureAll();
  void document.fonts?.ready.then(measureAll);
}
