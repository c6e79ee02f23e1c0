/**
 * The table of contents' "you are here" link (`aria-current`), for TableOfContents.astro and
 * MobileTableOfContents.astro: the same markup and behaviour as Starlight's, found more cheaply.
 *
 * Starlight finds the blocks to watch with `:has()` selectors over the whole page (about 20,000
 * elements in a chapter when KaTeX wrote every formula twice, 4,300–9,900 with MathML only), once
 * per table of contents (there are two, the sidebar's and the phone's): about 70 ms each on a
 * desktop CPU, 280 ms under Lighthouse's 4× slowdown (measured with KaTeX). Here each top-level block of the text is assigned the heading it follows in one pass
 * over the blocks, and a thin band under the header (as Starlight's) says which block is read.
 */
import { whenIdle } from './idle';

const titleId = '_top';

export class BookTableOfContents extends HTMLElement {
  private current: HTMLAnchorElement | null = null;
  private observer: IntersectionObserver | null = null;
  /** The link of the heading each watched block belongs to, in the order of the text. */
  private readonly linkOf = new Map<Element, HTMLAnchorElement>();
  /** The watched blocks now in the band. */
  private readonly inBand = new Set<Element>();
  private started = false;

  connectedCallback(): void {
    if (this.started) return;
    this.started = true;
    this.current = this.querySelector<HTMLAnchorElement>('a[aria-current="true"]');
    whenIdle(() => this.init());
  }

  /** Mark `link` as the current one. */
  protected show(link: HTMLAnchorElement): void {
    if (link === this.current) return;
    this.current?.removeAttribute('aria-current');
    link.setAttribute('aria-current', 'true');
    this.current = link;
  }

  private init(): void {
    const minLevel = Number(this.dataset.minH ?? 2);
    const maxLevel = Number(this.dataset.maxH ?? 3);
    const levels = Array.from({ length: maxLevel - minLevel + 1 }, (_, i) => `h${minLevel + i}[id]`).join(',');
    const links = new Map<string, HTMLAnchorElement>();
    for (const link of this.querySelectorAll('a')) links.set(decodeURIComponent(link.hash.slice(1)), link);

    const title = document.getElementById(titleId);
    let link = links.get(titleId);
    if (title && link) this.linkOf.set(title, link);
    const content = document.querySelector('main .sl-markdown-content');
    for (const block of content?.children ?? []) {
      // A heading is a block itself or sits in Starlight's heading wrapper (with its anchor link).
      const heading = block.matches(levels) ? block : block.querySelector(`:scope > :is(${levels})`);
      link = (heading && links.get(heading.id)) || link;
      if (link) this.linkOf.set(block, link);
    }
    this.watch();
    let resized: ReturnType<typeof setTimeout> | undefined;
    window.addEventListener('resize', () => {
      this.observer?.disconnect();
      this.observer = null;
      this.inBand.clear();
      clearTimeout(resized);
      resized = setTimeout(() => whenIdle(() => this.watch()), 200);
    });
  }

  private watch(): void {
    if (this.observer) return;
    this.observer = new IntersectionObserver(
      (entries) => {
        for (const entry of entries) {
          if (entry.isIntersecting) this.inBand.add(entry.target);
          else this.inBand.delete(entry.target);
        }
        // The band can hold the end of one section and the start of the next: the reader is at the
        // topmost block, not at whichever entered last.
        const first = [...this.linkOf.keys()].find((block) => this.inBand.has(block));
        const link = first && this.linkOf.get(first);
        if (link) this.show(link);
      },
      { rootMargin: this.bandMargin() },
    );
    for (const block of this.linkOf.keys()) this.observer.observe(block);
  }

  /** A band 53 px tall under the header (and the phone's table of contents bar), as Starlight's. */
  private bandMargin(): string {
    const top =
      (document.querySelector('header')?.getBoundingClientRect().height ?? 0) +
      (this.querySelector('summary')?.getBoundingClientRect().height ?? 0) +
      32;
    return `-${top}px 0% ${top + 53 - document.documentElement.clientHeight}px`;
  }
}

/** The phone's table of contents: shows the current section in its bar and closes after use. */
export class BookMobileTableOfContents extends BookTableOfContents {
  protected override show(link: HTMLAnchorElement): void {
    super.show(link);
    const bar = this.querySelector('.display-current');
    if (bar) bar.textContent = link.textContent;
  }

  override connectedCallback(): void {
    super.connectedCallback();
    const details = this.querySelector('details');
    if (!details || details.dataset.wired) return;
    details.dataset.wired = '';
    const close = () => (details.open = false);
    for (const link of details.querySelectorAll('a')) link.addEventListener('click', close);
    window.addEventListener('click', (event) => {
      if (!details.contains(event.target as Node)) close();
    });
    window.addEventListener('keydown', (event) => {
      if (event.key !== 'Escape' || !details.open) return;
      const hadFocus = details.contains(document.activeElement);
      close();
      if (hadFocus) details.querySelector('summary')?.focus();
    });
  }
}
