/**
 * Stands in for `@pagefind/default-ui` in Starlight's search script (see the alias in
 * astro.config.mjs). Starlight builds Pagefind's interface as soon as the page is idle: 0.13–0.27 s of
 * main-thread work on every page, most of it for readers who never search. This builds the same
 * interface, with the same options, the first time the search dialog opens, then puts the caret in
 * its input (Starlight focuses the input when it opens the dialog, which did not exist yet).
 */
type PagefindOptions = { element: string } & Record<string, unknown>;

export class PagefindUI {
  constructor(options: PagefindOptions) {
    const dialog = document.querySelector(options.element)?.closest('dialog');
    if (!dialog) return;
    const build = async () => {
      const { PagefindUI: RealPagefindUI } = await import('@pagefind/default-ui/npm_dist/mjs/ui-core.mjs');
      new RealPagefindUI(options);
      if (dialog.open) dialog.querySelector('input')?.focus();
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
