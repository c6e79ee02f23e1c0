/**
 * Marks display equations that overflow their column (`data-scrolls`) and makes exactly those
 * focusable, so keyboard users can scroll them with the arrow keys. Re-checked when an equation's
 * box changes size and once web fonts have loaded (KaTeX's fonts change the equations' widths).
 */
function update(display: HTMLElement): void {
  const scrolls = display.scrollWidth > display.clientWidth + 1;
  if (scrolls) {
    display.tabIndex = 0;
    display.dataset.scrolls = '';
  } else if ('scrolls' in display.dataset) {
    display.removeAttribute('tabindex');
    delete display.dataset.scrolls;
  }
}

export function watchWideEquations(root: ParentNode): void {
  const displays = [...root.querySelectorAll<HTMLElement>('.sl-markdown-content .katex-display')];
  if (displays.length === 0) return;
  const checkAll = () => displays.forEach(update);
  if (typeof ResizeObserver === 'function') {
    const observer = new ResizeObserver((entries) => entries.forEach((entry) => update(entry.target as HTMLElement)));
    displays.forEach((display) => observer.observe(display));
  } else {
    window.addEventListener('resize', checkAll);
  }
  checkAll();
  void document.fonts?.ready.then(checkAll);
}
