// Pagefind's interface ships without types; lazy-pagefind.ts uses only its constructor.
declare module '@pagefind/default-ui/npm_dist/mjs/ui-core.mjs' {
  export class PagefindUI {
    constructor(options: Record<string, unknown>);
  }
}
