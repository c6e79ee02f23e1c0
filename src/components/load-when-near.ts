/**
 * Load an element's code only when one of its elements approaches the screen (or is focused, or
 * the address names a fragment that may point at one), so that a long chapter's first paint and
 * its main thread are not spent on figures far below. Until then the elements show their static
 * HTML (a figure its static render and caption). Used by Figure.astro and FigureExercise.astro.
 */
export function loadWhenNear(selector: string, load: () => Promise<unknown>, margin = '1200px 0px'): void {
  let started = false;
  const start = () => {
    if (started) return;
    started = true;
    observer?.disconnect();
    document.removeEventListener('focusin', onFocus);
    void load();
  };
  const onFocus = (event: FocusEvent) => {
    if (event.target instanceof Element && event.target.closest(selector)) start();
  };
  const elements = document.querySelectorAll(selector);
  if (elements.length === 0) return;
  const observer =
    'IntersectionObserver' in window
      ? new IntersectionObserver((entries) => entries.some((entry) => entry.isIntersecting) && start(), { rootMargin: margin })
      : null;
  // A fragment may be a figure's share link (its state is read by the figure's code) or an anchor.
  if (!observer || location.hash) return start();
  elements.forEach((element) => observer.observe(element));
  document.addEventListener('focusin', onFocus);
}
