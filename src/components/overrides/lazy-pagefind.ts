/**
 * Stands in for `@pagefind/default-ui` in Starlight's search script (see the alias in
 * astro.config.mjs). Starlight builds Pagefind's interface as soon as the page is idle: 0.13–0.27 s of
 * main-thread work on every page, most of it for readers who never search. This builds the same
 * interface, with the same options, the first time the search dialog opens, then puts the caret in
 * its input (Starlight focuses the input when it opens the dialog, which did not exist yet). While
 * its code arrives, and if it cannot be fetched, the dialog says so in a sentence.
 */
type PagefindOptions = { element: string } & Record<string, unknown>;

export class PagefindUI {
  constructor(options: PagefindOptions) {
    const container = document.querySelector(options.element);
    const dialog = container?.closest('dialog');
    if (!container || !dialog) return;
    const build = async () => {
      // On a slow connection the dialog would otherwise stay empty while the code arrives.
      const notice = document.createElement('p');
      notice.setAttribute('role', 'status');
      notice.textContent = 'Loading search…';
      container.replaceChildren(notice);
      try {
        const { PagefindUI: RealPagefindUI } = await import('@pagefind/default-ui/npm_dist/mjs/ui-core.mjs');
        notice.remove();
        new RealPagefindUI(options);
        if (dialog.open) dialog.querySelector('input')?.focus();
      } catch {
        // Offline before search was ever used, or the book was updated since this page was loaded.
        // The browser remembers a module that failed to load, so only a reload tries again.
        notice.className = 'sp-search-unavailable';
        notice.textContent = 'Search could not be loaded. Check your connection and reload the page (if the book was updated since you opened this page, a reload is all it takes).';
        container.replaceChildren(notice);
      }
    };
    if (dialog.open) {
      void build();
      return;
    }
    const watcher = new MutationObserver(() => {
      if (!dialog.open) return;
      watcher.disconnect();
      void build();
    });
    watcher.observe(dialog, { attributes: true, attributeFilter: ['open'] });
  }
}
