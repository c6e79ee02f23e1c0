/**
 * The shell's explorer mode: an <sp-figure mode="explorer"> holds a figure that computes on the
 * spot and trains nothing (no worker, no run / pause / step / seed / backend). The session keeps
 * what every figure has: the readout for screen readers, the share link (carrying the explorer's
 * own state, validated by its zod schema), "Restore defaults", export (PNG, SVG, CSV) and the error
 * panel. The explorer inside draws, owns its controls and its state.
 */
import { loadExplorer } from '../widgets';
import { narrowWidthOf, watchNarrowWidth } from '../plots/layout';
import { getExplorerInfo } from '../widgets/catalogue';
import type { Explorer } from '../widgets/explorer-types';
import { exportCsv, exportPng, exportSvg } from './export';
import { provenance } from '../../engine/provenance';
import { readSharedState, stateShareUrl } from './state-link';
import { showLinkNotice } from './link-notice';
import { figureAnchor, parseFragment } from '../../engine/experiments/url';

/** Readout updates at most this often while the reader drags (screen readers would be flooded). */
const readoutIntervalMs = 700;

export class ExplorerSession {
  private explorer: Explorer<unknown> | undefined;
  private lastReadoutAt = 0;
  private readoutTimer: ReturnType<typeof setTimeout> | null = null;
  private observer: IntersectionObserver | null = null;
  private onScreen = false;
  private readonly cleanups: Array<() => void> = [];

  constructor(
    private readonly host: HTMLElement,
    private readonly figureId: string,
  ) {}

  private part<T extends HTMLElement>(testId: string): T {
    const element = this.host.querySelector<T>(`[data-testid="${testId}"]`);
    if (!element) throw new Error(`Figure "${this.figureId}" is missing its ${testId} element`);
    return element;
  }

  start(): void {
    void this.load();
  }

  /** Load the explorer's module (each page downloads only its own figures' code), then start it. */
  private async load(): Promise<void> {
    const info = getExplorerInfo(this.figureId);
    if (!info) {
      this.showError(`There is no figure called "${this.figureId}".`, false);
      return;
    }
    try {
      this.explorer = await this.build(info.title, narrowWidthOf(this.part('plot')));
    } catch (error) {
      this.showError(`This figure could not be drawn: ${messageOf(error)}.`, false);
      return;
    }
    if (!this.explorer) {
      this.showError(`No widget draws the figure "${this.figureId}".`, false);
      return;
    }
    // Only now is there a live plot to replace the static render (static-render.css hides it under data-live).
    this.host.dataset.live = '';
    await this.finishStart(this.explorer);
  }

  /** The plot's own children (the static render): an explorer's drawing is everything else. */
  private plotBase: Set<Element> | null = null;

  /** Create the explorer, laid out for `width` (a narrow screen's plot width; undefined: the design width). */
  private build(title: string, width: number | undefined): Promise<Explorer<unknown> | undefined> {
    const plot = this.part('plot');
    this.plotBase ??= new Set(plot.children);
    const reducedMotion = window.matchMedia?.('(prefers-reduced-motion: reduce)').matches ?? false;
    return loadExplorer(this.figureId, {
      figureId: this.figureId,
      title,
      plot,
      controls: this.part('controls'),
      reducedMotion,
      width,
      changed: (settled) => this.queueReadout(Boolean(settled)),
    });
  }

  /** Lay the plot out again when its width crosses into or out of a phone's (plots/layout.ts), keeping the state. */
  private watchWidth(): void {
    const plot = this.part('plot');
    this.cleanups.push(watchNarrowWidth(plot, narrowWidthOf(plot), (width) => void this.rebuild(width)));
  }

  private async rebuild(width: number | undefined): Promise<void> {
    const old = this.explorer;
    const info = getExplorerInfo(this.figureId);
    if (!old || !info) return;
    const state = old.getState();
    old.dispose?.();
    const plot = this.part('plot');
    for (const child of Array.from(plot.children)) if (!this.plotBase?.has(child)) child.remove();
    this.part('controls').replaceChildren();
    try {
      this.explorer = await this.build(info.title, width);
    } catch (error) {
      this.showError(`This figure could not be drawn: ${messageOf(error)}.`, false);
      return;
    }
    this.apply(state);
    this.explorer?.setVisible?.(true);
  }

  /** Read the link (async: compressed links are inflated) before showing any state. */
  private async finishStart(explorer: Explorer<unknown>): Promise<void> {
    this.host.dataset.state = 'reading-link';
    const shared = await this.restoreFromLink(explorer);
    if (this.explorer !== explorer) return;
    this.apply(shared ?? explorer.defaultState());
    this.wireButtons();
    this.wireVisibility();
    this.watchWidth();
    this.host.dataset.state = 'ready';
    // The fragment carries the state after the anchor, so the browser could not scroll: do it here.
    if (parseFragment(location.hash).anchor === figureAnchor(this.figureId) && location.hash.includes('&')) {
      this.host.closest('figure')?.scrollIntoView({ block: 'start' });
    }
  }

  /** Moved within the page after a teardown: watch visibility again. */
  resume(): void {
    if (this.explorer && !this.observer) {
      this.wireVisibility();
      this.watchWidth();
    }
  }

  stop(): void {
    this.observer?.disconnect();
    this.observer = null;
    for (const cleanup of this.cleanups.splice(0)) cleanup();
    this.explorer?.setVisible?.(false);
  }

  dispose(): void {
    this.stop();
    if (this.readoutTimer !== null) clearTimeout(this.readoutTimer);
    this.explorer?.dispose?.();
    this.explorer = undefined;
  }

  /** Show a state; a failure to draw it leaves a clear message and a way back to the defaults. */
  private apply(state: unknown): void {
    if (!this.explorer) return;
    try {
      this.explorer.setState(state);
      this.clearError();
    } catch (error) {
      console.warn(`Figure ${this.figureId}: drawing failed`, error);
      this.showError(`This figure could not show these settings: ${messageOf(error)}.`, true);
    }
    this.queueReadout(true);
  }

  // ── Share link ────────────────────────────────────────────────────────────────────────────────

  private async restoreFromLink(explorer: Explorer<unknown>): Promise<unknown | null> {
    const result = await readSharedState(location, this.figureId, explorer.stateSchema);
    if (!result) return null;
    showLinkNotice(this.part('link-message'), result, () => this.restoreDefaults());
    return result.ok ? result.state : null;
  }

  private async share(): Promise<void> {
    if (!this.explorer) return;
    const made = await stateShareUrl(location.href, this.figureId, this.explorer.getState());
    if (!made.ok) {
      this.setStatus(made.message);
      return;
    }
    const url = made.url;
    history.replaceState(history.state, '', url);
    const field = this.part<HTMLInputElement>('share-link');
    field.value = url;
    this.part('share-link-row').hidden = false;
    let copied = false;
    try {
      if (navigator.clipboard?.writeText) {
        await navigator.clipboard.writeText(url);
        copied = true;
      }
    } catch {
      copied = false;
    }
    this.setStatus(
      copied
        ? 'Link copied. It is also in the address bar and the field below.'
        : 'Copy the link from the field below (it is also in the address bar).',
    );
    if (!copied) {
      field.focus();
      field.select();
    }
  }

  private restoreDefaults(): void {
    if (!this.explorer) return;
    this.apply(this.explorer.defaultState());
    this.setStatus('Defaults restored.');
  }

  // ── Export ────────────────────────────────────────────────────────────────────────────────────

  private async export(format: 'png' | 'svg' | 'csv'): Promise<void> {
    if (!this.explorer) return;
    const fileName = `${this.figureId}.${format}`;
    try {
      const source = provenance({ backend: 'none', figure: this.figureId });
      if (format === 'csv') exportCsv(this.explorer.csv(), fileName, source);
      else {
        const background = getComputedStyle(this.host).getPropertyValue('--sp-export-background').trim() || '#ffffff';
        if (format === 'svg') exportSvg(this.explorer.svg(), background, fileName, source);
        else await exportPng(this.explorer.svg(), background, fileName, source);
      }
      this.setStatus(`Saved ${fileName}.`);
    } catch (error) {
      this.setStatus(`Could not save ${fileName}: ${messageOf(error)}.`);
    }
  }

  // ── Readout, status, errors ───────────────────────────────────────────────────────────────────

  private queueReadout(force: boolean): void {
    const now = performance.now();
    if (force || now - this.lastReadoutAt >= readoutIntervalMs) {
      if (this.readoutTimer !== null) clearTimeout(this.readoutTimer);
      this.readoutTimer = null;
      this.updateReadout();
      return;
    }
    // The last numbers are always read out, even if the reader stops moving mid-interval.
    this.readoutTimer ??= setTimeout(() => {
      this.readoutTimer = null;
      this.updateReadout();
    }, readoutIntervalMs - (now - this.lastReadoutAt));
  }

  private updateReadout(): void {
    if (!this.explorer) return;
    this.lastReadoutAt = performance.now();
    let text: string;
    try {
      text = this.explorer.readout();
    } catch (error) {
      text = '';
      console.warn(`Figure ${this.figureId}: readout failed`, error);
    }
    const readout = this.part('readout');
    if (readout.textContent !== text) readout.textContent = text;
  }

  private setStatus(text: string): void {
    this.part('share-status').textContent = text;
  }

  private showError(message: string, offerDefaults: boolean): void {
    this.host.dataset.state = 'error';
    const panel = this.host.querySelector<HTMLElement>('[data-testid="error"]');
    if (!panel) return;
    const text = panel.querySelector<HTMLElement>('.sp-error-message') ?? panel;
    text.textContent = message;
    const actions = panel.querySelector<HTMLElement>('.sp-error-actions');
    actions?.replaceChildren();
    if (actions && offerDefaults) {
      const button = document.createElement('button');
      button.type = 'button';
      button.className = 'sp-button';
      button.dataset.testid = 'error-defaults';
      button.textContent = 'Restore the defaults';
      button.addEventListener('click', () => this.restoreDefaults());
      actions.append(button);
    }
    panel.hidden = false;
  }

  private clearError(): void {
    const panel = this.host.querySelector<HTMLElement>('[data-testid="error"]');
    if (panel && !panel.hidden) {
      panel.hidden = true;
      this.host.dataset.state = 'ready';
    }
  }

  // ── Wiring ────────────────────────────────────────────────────────────────────────────────────

  private wireButtons(): void {
    const on = (testId: string, handler: () => void) => this.part(testId).addEventListener('click', handler);
    on('share', () => void this.share());
    on('export-png', () => void this.export('png'));
    on('export-svg', () => void this.export('svg'));
    on('export-csv', () => void this.export('csv'));
    on('defaults', () => this.restoreDefaults());
  }

  private wireVisibility(): void {
    const report = () => this.explorer?.setVisible?.(this.onScreen && document.visibilityState !== 'hidden');
    if ('IntersectionObserver' in window) {
      this.observer = new IntersectionObserver((entries) => {
        this.onScreen = entries[entries.length - 1].isIntersecting;
        report();
      });
      this.observer.observe(this.host);
    } else {
      this.onScreen = true;
      report();
    }
    document.addEventListener('visibilitychange', report);
    this.cleanups.push(() => document.removeEventListener('visibilitychange', report));
    const themeWatcher = new MutationObserver(() => this.explorer?.themeChanged?.());
    themeWatcher.observe(document.documentElement, { attributes: true, attributeFilter: ['data-theme'] });
    this.cleanups.push(() => themeWatcher.disconnect());
  }
}

function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
