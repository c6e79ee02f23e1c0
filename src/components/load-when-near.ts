/**
 * Load an element's code only when one of its elements approaches the screen (or is focused, or
 * the address carries a fragment or query that may be a figure's share link), so that a long
 * chapter's first paint and main thread are not spent on figures far below. Until then the
 * elements show their static HTML (a figure its static render, caption and disabled controls).
 *
 * `keys`: keys that the element itself handles when focused; pressed before its code is ready,
 * they are held and replayed to it once `ready(element)` holds (checked whenever an attribute
 * changes inside it). Used by Figure.astro and FigureExercise.astro.
 */
interface Options {
  margin?: string;
  keys?: readonly string[];
  ready?: (element: Element) => boolean;
}

export function loadWhenNear(selector: string, load: () => Promise<unknown>, { margin = '1200px 0px', keys = [], ready = () => true }: Options = {}): void {
  const elements = document.querySelectorAll(selector);
  if (elements.length === 0) return;
  let started = false;
  const onKey = (event: KeyboardEvent) => {
    const host = event.target instanceof Element && event.target.matches(selector) ? event.target : null;
    if (!host || ready(host) || !keys.includes(event.key) || event.ctrlKey || event.metaKey || event.altKey) return;
    event.preventDefault();
    const { key, code, shiftKey } = event;
    start();
    whenReady(host, () => host.dispatchEvent(new KeyboardEvent('keydown', { key, code, shiftKey, bubbles: true, cancelable: true })));
  };
  const whenReady = (host: Element, then: () => void) => {
    if (ready(host)) return then();
    const watch = new MutationObserver(() => {
      if (!ready(host)) return;
      watch.disconnect();
      then();
    });
    watch.observe(host, { attributes: true, subtree: true });
  };
  const onFocus = (event: FocusEvent) => {
    if (event.target instanceof Element && event.target.closest(selector)) start();
  };
  const observer =
    'IntersectionObserver' in window
      ? new IntersectionObserver((entries) => entries.some((entry) => entry.isIntersecting) && start(), { rootMargin: margin })
      : null;
  function start() {
    if (started) return;
    started = true;
    observer?.disconnect();
    document.removeEventListener('focusin', onFocus);
    void load();
  }
  if (keys.length) document.addEventListener('keydown', onKey, true);
  if (!observer || location.hash || location.search) return start();
  elements.forEach((element) => observer.observe(element));
  document.addEventListener('focusin', onFocus);
}
