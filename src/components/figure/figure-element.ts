/**
 * <sp-figure>: the shell around every live figure. It owns the training session (one TrainingClient
 * per run, created lazily when the figure is first seen or touched), the run / pause / step / reset
 * buttons, the seed, the step counter and speed, the backend badge, the error panel, the readout for
 * screen readers, keyboard shortcuts, share links and export. The widget inside only draws.
 *
 * Training policy: a figure trains only while it is on screen and the tab is visible. With motion
 * allowed it starts when first seen; with `prefers-reduced-motion: reduce` it waits for the reader
 * (run, or step by step). Scrolled away it pauses, and resumes when back if it was running.
 *
 * Explorer mode (`mode="explorer"`, for figures that train nothing): no worker and no run / pause /
 * step / seed / backend; explorer-session.ts keeps the caption, controls, readout, share link (the
 * explorer's own state), export and error panel.
 *
 * The markup comes from Figure.astro (so the page has no layout shift); this class finds its parts
 * by `data-testid`.
 */
import { figureAccepts, getFigure, type FigureSpec } from '../../engine/experiments/figures';
import { withLowerLearningRates } from '../../engine/experiments/adjust';
import { slowSettingNote } from '../../engine/experiments/cost';
import { parseExperiment, type AnyExperiment } from '../../engine/experiments/schema';
import { figureAnchor, linkParameterText, parseFragment, readSharedExperiment, shareUrl } from '../../engine/experiments/url';
import { TrainingClient, type ClientEvent } from '../../engine/worker/client';
import { sharedPool } from '../../engine/worker/pool';
import { afterNextPaint, nextTask } from '../../engine/next-task';
import type { BackendName, BackendReport, RunMessage, Snapshot, StepMetrics } from '../../engine/worker/protocol';
import { loadWidget } from '../widgets';
import { narrowWidthOf, watchNarrowWidth } from '../plots/layout';
import type { RunView, Widget } from '../widgets/types';
import { ExplorerSession } from './explorer-session';
import { download, exportCsv, exportPng, exportSvg, settingsJson } from './export';
import { figureStateEvent, type FigureSetup, type FigureState } from './figure-setup';
import { provenance, type Provenance } from '../../engine/provenance';
import { webGpuAdapterKind } from '../../engine/webgpu-adapter';
import { showLinkNotice } from './link-notice';
import { cancelDraw, queueDraw } from './draw-queue';

/** Readout updates at most this often while running (screen readers would be flooded otherwise). */
const readoutIntervalMs = 1000;
/** Metrics kept per run; older iterations are thinned out beyond this (charts need no more). */
const maxMetrics = 20_000;
/** Start the worker (and its backend) when the figure comes this close to the screen. */
const warmMargin = '800px 0px';
/** How near the screen a figure builds its widget and controls (setUpWhenNear). */
const setUpMargin = '1200px 0px';
/** Free the figure's sessions after this long off screen (it restarts from step 0 when seen again). */
const releaseAfterMs = 3 * 60_000;

/** Whether this browser has a hardware WebGPU adapter: asked once per page, whatever the figures. */
let hardwareAdapter: Promise<boolean> | null = null;
const hardwareWebGpu = () => (hardwareAdapter ??= webGpuAdapterKind().then((kind) => kind === 'hardware', () => false));

interface Run extends RunView<AnyExperiment> {
  client: TrainingClient;
  unsubscribe: () => void;
  /** True between the worker's 'ready' for the latest init and the next init. */
  ready: boolean;
  /** Whether we last told this worker to run. */
  clientRunning: boolean;
  finished: boolean;
  stepsPerSecond: number;
  backend: BackendReport | null;
  metrics: StepMetrics[];
  snapshot: Snapshot | null;
}

type ErrorKind = Extract<RunMessage, { type: 'error' }>['kind'] | 'widget' | 'stuck';

export class FigureElement extends HTMLElement {
  /** Set before connecting by pages that embed the figure for a purpose (figure-setup.ts). */
  setup?: FigureSetup;
  private figureId = '';
  private spec: FigureSpec | undefined;
  private widget: Widget<AnyExperiment> | undefined;
  /** The figure's experiment from the registry (what "Restore defaults" returns to). */
  private defaults: AnyExperiment | undefined;
  /** The experiment shown now (always valid). */
  private experiment: AnyExperiment | undefined;
  private runs: Run[] = [];
  private preferredBackend: BackendName | undefined;

  /** The reader wants it running (it may still be paused because it is off screen). */
  private wantRunning = false;
  private onScreen = false;
  private seenOnce = false;
  private reducedMotion = false;
  private errorShown = false;
  /** Steps asked for before the workers were ready. */
  private pendingSteps = 0;
  /** The step at which training diverged (the counter and readout say so), or null. */
  private divergedAt: number | null = null;
  /** The current setting is slow per step: it never starts by itself. */
  private slow = false;
  private releaseTimer: ReturnType<typeof setTimeout> | null = null;
  private warmObserver: IntersectionObserver | null = null;

  private lastReadoutAt = 0;
  private readoutTimer: ReturnType<typeof setTimeout> | null = null;

  private observer: IntersectionObserver | null = null;
  /** Explorer mode (mode="explorer"): a figure that trains nothing; the session does the rest. */
  private explorerSession: ExplorerSession | null = null;
  /** Removed from the page: workers and observers were released. */
  private tornDown = false;
  private readonly cleanups: Array<() => void> = [];

  // ── Parts ─────────────────────────────────────────────────────────────────────────────────────

  private partOf<T extends HTMLElement>(testId: string): T {
    const element = this.querySelector<T>(`[data-testid="${testId}"]`);
    if (!element) throw new Error(`Figure "${this.figureId}" is missing its ${testId} element`);
    return element;
  }

  // ── Lifecycle ─────────────────────────────────────────────────────────────────────────────────

  connectedCallback(): void {
    if (this.explorerSession) {
      if (this.tornDown) {
        this.tornDown = false;
        this.explorerSession.resume();
      }
      return;
    }
    if (this.spec) {
      // Moved within the page: the session was kept. Re-attached after a teardown: watch again.
      if (this.tornDown) {
        this.tornDown = false;
        this.wireVisibility();
        this.watchWidth();
      }
      return;
    }
    if (!this.stopWaitingToSetUp) this.setUpWhenNear();
  }

  /**
   * Set the shell up once it comes within `setUpMargin` of the screen or takes the focus: a
   * chapter's figures far below cost its first load nothing. At once where the address may carry a
   * figure's settings (a fragment or query), for a figure a page set up for a purpose, and where
   * nothing can tell when it is near.
   */
  private setUpWhenNear(): void {
    if (this.setup || location.hash || location.search || !('IntersectionObserver' in window)) {
      // At once, but after the page's next paint: the text around the figure (an assignment's tasks,
      // a chapter opened at a figure) is shown before the set-up (its layout, link and widget) holds
      // the main thread for a hundred milliseconds or more.
      let waiting = true;
      this.stopWaitingToSetUp = () => {
        waiting = false;
        this.stopWaitingToSetUp = null;
      };
      void afterNextPaint().then(() => {
        if (!waiting) return;
        this.stopWaitingToSetUp?.();
        this.setUpShell();
      });
      return;
    }
    const start = () => {
      this.stopWaitingToSetUp?.();
      this.setUpShell();
    };
    // The shell's code loads when a figure nears the screen or is focused (Figure.astro): focused
    // before it arrived, the shell sets up now.
    if (this.matches(':focus-within')) return this.setUpShell();
    const near = new IntersectionObserver((entries) => entries.some((entry) => entry.isIntersecting) && start(), { rootMargin: setUpMargin });
    near.observe(this);
    this.addEventListener('focusin', start);
    this.stopWaitingToSetUp = () => {
      this.stopWaitingToSetUp = null;
      near.disconnect();
      this.removeEventListener('focusin', start);
    };
  }

  /** Set while the figure waits to come near (setUpWhenNear). */
  private stopWaitingToSetUp: (() => void) | null = null;

  private setUpShell(): void {
    if (this.getAttribute('mode') === 'explorer') {
      this.figureId = this.getAttribute('figure-id') ?? '';
      this.explorerSession = new ExplorerSession(this, this.figureId);
      this.explorerSession.start();
      this.enableControls();
      return;
    }
    this.figureId = this.getAttribute('figure-id') ?? '';
    this.spec = getFigure(this.figureId);
    if (!this.spec) {
      this.showError('widget', `There is no figure called "${this.figureId}".`);
      return;
    }
    this.defaults = this.setup?.experiment ?? this.spec.experiment;
    this.reducedMotion = window.matchMedia?.('(prefers-reduced-motion: reduce)').matches ?? false;
    const backendOverride = new URLSearchParams(location.search).get('backend');
    if (backendOverride && ['webgpu', 'wasm', 'webgl', 'cpu'].includes(backendOverride)) {
      this.preferredBackend = backendOverride as BackendName;
    }
    if (this.setup?.backend) this.preferredBackend = this.setup.backend;

    void this.setUp();
  }

  /** Read the link (async: compressed links are inflated), then build the widget and wire the figure. */
  private async setUp(): Promise<void> {
    this.dataset.state = 'reading-link';
    // An assignment's set-up (this.setup) fixes the experiment: a link on the page cannot change it.
    const shared = this.setup ? null : await this.restoreFromLink();
    if (!this.spec || !this.defaults) return;
    this.experiment = shared ?? this.defaults;

    try {
      this.widget = await this.buildWidget(narrowWidthOf(this.partOf('plot')));
    } catch (error) {
      this.showError('widget', `This figure could not be drawn: ${error instanceof Error ? error.message : String(error)}.`);
      return;
    }
    if (!this.widget) {
      this.showError('widget', `No widget draws the figure "${this.figureId}".`);
      return;
    }
    // The controls in a task of their own, after the widget's construction (see loadWidget).
    await nextTask();
    this.renderControls();
    this.partOf<HTMLInputElement>('seed').value = String(this.experiment.seed);
    this.updateReproduce();
    this.wireButtons();
    this.wireKeyboard();
    this.wireVisibility();
    this.watchWidth();
    this.enableControls();
    this.updateButtons();
    this.updateStatus(); // the step total of a linked or assigned experiment, before any training
    this.updateSlowNote();
    this.updateReadout(true);
    this.scheduleDraw();
    this.dataset.state = 'idle';
    // A link names this figure in its fragment: the browser could not scroll to it (the fragment
    // carries the settings too), so scroll here.
    if (parseFragment(location.hash).anchor === figureAnchor(this.figureId) && location.hash.includes('&')) {
      this.closest('figure')?.scrollIntoView({ block: 'start' });
    }
  }

  /** The plot's own children (the static render): a widget's drawing is everything else. */
  private plotBase: Set<Element> | null = null;

  /** Create the widget, laid out for `width` (a narrow screen's plot width; undefined: the design width). */
  private async buildWidget(width: number | undefined): Promise<Widget<AnyExperiment> | undefined> {
    const plot = this.partOf('plot');
    this.plotBase ??= new Set(plot.children);
    const idleNote = this.startsOnScreen() ? 'Training starts when on screen.' : 'Press Run, or Step, to train.';
    return loadWidget(this.figureId, { figureId: this.figureId, spec: this.spec!, plot, idleNote, width });
  }

  /**
   * Lay the plot out again when its width crosses into or out of a phone's (plots/layout.ts): the
   * widget is rebuilt for the new width and redrawn from the runs, which keep training.
   */
  private watchWidth(): void {
    this.stopWatchingWidth?.();
    const plot = this.partOf('plot');
    this.stopWatchingWidth = watchNarrowWidth(plot, narrowWidthOf(plot), (width) => void this.rebuildWidget(width));
  }

  private stopWatchingWidth: (() => void) | null = null;

  private async rebuildWidget(width: number | undefined): Promise<void> {
    if (!this.widget) return;
    const plot = this.partOf('plot');
    this.widget.dispose?.();
    for (const child of Array.from(plot.children)) if (!this.plotBase?.has(child)) child.remove();
    try {
      this.widget = await this.buildWidget(width);
    } catch (error) {
      this.showError('widget', `This figure could not be drawn: ${error instanceof Error ? error.message : String(error)}.`);
      return;
    }
    this.renderControls();
    this.scheduleDraw();
    this.updateReadout(true);
  }

  disconnectedCallback(): void {
    // Only tear down if really removed (not just moved).
    queueMicrotask(() => {
      if (this.isConnected) return;
      // Removed before it came near: nothing was set up; connecting it again waits again.
      if (this.stopWaitingToSetUp) return this.stopWaitingToSetUp();
      this.tornDown = true;
      if (this.explorerSession) {
        this.explorerSession.stop();
        return;
      }
      this.wantRunning = false;
      this.observer?.disconnect();
      this.warmObserver?.disconnect();
      this.stopWatchingWidth?.();
      this.stopWatchingWidth = null;
      if (this.releaseTimer !== null) clearTimeout(this.releaseTimer);
      this.releaseTimer = null;
      for (const cleanup of this.cleanups.splice(0)) cleanup();
      this.disposeRuns();
      cancelDraw(this.draw);
      this.widget?.dispose?.();
    });
  }

  // ── Training session ──────────────────────────────────────────────────────────────────────────

  /** Create the workers (once) and initialise them with the current experiment. */
  private ensureStarted(): void {
    if (this.runs.length || !this.widget || !this.experiment) return;
    this.startRuns(this.experiment);
  }

  private runSpecs(experiment: AnyExperiment) {
    return this.widget?.runs?.(experiment) ?? [{ key: 'main', label: '', experiment }];
  }

  private startRuns(experiment: AnyExperiment): void {
    const specs = this.runSpecs(experiment);
    const reuse = this.runs.length === specs.length && this.runs.every((run, i) => run.key === specs[i].key);
    if (!reuse) this.disposeRuns();
    const request = this.widget?.snapshotRequest?.(experiment) ?? this.spec!.snapshot;
    specs.forEach((spec, index) => {
      let run = this.runs[index];
      if (!reuse) {
        const client = new TrainingClient(this.preferredBackend ? { backend: this.preferredBackend } : {});
        run = {
          key: spec.key,
          label: spec.label,
          experiment: spec.experiment,
          client,
          unsubscribe: () => {},
          ready: false,
          clientRunning: false,
          finished: false,
          stepsPerSecond: 0,
          backend: null,
          metrics: [],
          snapshot: null,
          step: 0,
        };
        const created = run;
        run.unsubscribe = client.onMessage((message) => this.onHostMessage(created, message));
        this.runs.push(run);
      }
      run.experiment = spec.experiment;
      run.label = spec.label;
      run.ready = false;
      run.clientRunning = false;
      run.finished = false;
      run.metrics = [];
      run.snapshot = null;
      run.step = 0;
      run.stepsPerSecond = 0;
      // Errors arrive through onHostMessage as well; the promise is only for callers that await.
      run.client.init(spec.experiment, request).catch(() => {});
    });
    this.divergedAt = null;
    this.dataset.state = 'starting';
    this.updateStatus();
    this.updateBadge();
  }

  private disposeRuns(): void {
    for (const run of this.runs) {
      run.unsubscribe();
      run.client.dispose();
    }
    this.runs = [];
  }

  private get allReady(): boolean {
    return this.runs.length > 0 && this.runs.every((run) => run.ready);
  }

  private get allFinished(): boolean {
    return this.runs.length > 0 && this.runs.every((run) => run.finished);
  }

  /** Bring the workers in line with what the reader wants and what is visible. */
  private sync(): void {
    if (!this.allReady) return;
    if (this.pendingSteps > 0) {
      const count = this.pendingSteps;
      this.pendingSteps = 0;
      for (const run of this.runs) run.client.step(count);
    }
    const shouldRun = this.wantRunning && this.onScreen && document.visibilityState !== 'hidden' && !this.errorShown;
    for (const run of this.runs) {
      if (shouldRun && !run.clientRunning && !run.finished) {
        run.client.run(this.widget?.frameMs);
        run.clientRunning = true;
      } else if (!shouldRun && run.clientRunning) {
        run.client.pause();
        run.clientRunning = false;
      }
    }
    this.dataset.state = shouldRun ? 'running' : this.wantRunning ? 'waiting' : 'paused';
    if (this.allFinished) this.dataset.state = 'finished';
    this.updateButtons();
  }

  private onHostMessage(run: Run, message: ClientEvent): void {
    switch (message.type) {
      case 'busy':
        return;
      case 'replaced':
        this.onReplaced(run, message.cause, message.detail);
        return;
      case 'ready':
        run.ready = true;
        run.backend = message.backend;
        run.snapshot = message.snapshot;
        run.step = message.snapshot.step;
        run.metrics = [];
        // With reduced motion the static render stays until the reader runs or steps the figure.
        if (!this.reducedMotion) {
          this.showLive();
          // Lay the live plot out now, in this task, not in the frame that draws it: laid out and
          // drawn in one frame they made a task of 26–36 ms of CPU on a phone (unthrottled).
          void this.offsetHeight;
        }
        this.updateBadge();
        this.sync();
        break;
      case 'progress':
        if (!run.ready) return; // from a trainer that a newer init replaced
        appendMetrics(run.metrics, message.metrics);
        run.snapshot = message.snapshot;
        run.step = message.step;
        run.stepsPerSecond = message.stepsPerSecond;
        // Measured slower than announced (or than the estimate thought): say so now.
        if (message.stepsPerSecond > 0 && run === this.runs[0]) this.updateSlowNote(1 / message.stepsPerSecond);
        if (!message.running) {
          run.clientRunning = false;
          this.queueReadout(true);
        }
        break;
      case 'finished':
        if (!run.ready) return;
        run.finished = true;
        run.clientRunning = false;
        run.step = message.step;
        if (this.allFinished) {
          this.wantRunning = false;
          this.sync();
          this.queueReadout(true);
        }
        break;
      case 'error':
        if (message.kind === 'diverged' && !run.ready) return;
        if (message.kind === 'diverged' && message.step !== undefined) {
          // The counter and the readout name the step the message names, not the last drawn one.
          this.divergedAt = message.step;
          run.step = message.step;
        }
        this.wantRunning = false;
        for (const other of this.runs) {
          if (other.clientRunning) other.client.pause();
          other.clientRunning = false;
        }
        this.showError(message.kind, message.message, run.label);
        break;
    }
    this.updateStatus();
    this.scheduleDraw();
  }

  /**
   * The pool replaced this run's worker. `stuck`: this figure's step held it past the watchdog, so
   * the figure stops (reset to step 0, paused) and says why. `moved`: another figure held it; this
   * one restarts on the new worker, running again if it was. `crashed`: the worker died.
   */
  private onReplaced(run: Run, cause: 'stuck' | 'moved' | 'crashed', detail: string): void {
    if (!this.experiment) return;
    run.ready = false;
    run.clientRunning = false;
    if (cause === 'crashed') {
      this.showError('internal', `${detail} Reloading the page may help.`);
      return;
    }
    // The pool tells every run of the worker in one go: restart the figure once, with the worst cause.
    if (this.replacing) {
      if (cause === 'stuck') this.replacing.cause = 'stuck';
      return;
    }
    this.replacing = { cause, detail };
    queueMicrotask(() => {
      const { cause: worst, detail: why } = this.replacing!;
      this.replacing = null;
      this.restartAfterReplacement(worst, why);
    });
  }

  private replacing: { cause: 'stuck' | 'moved'; detail: string } | null = null;

  private restartAfterReplacement(cause: 'stuck' | 'moved', detail: string): void {
    if (!this.experiment) return;
    if (cause === 'stuck') {
      this.restart(this.experiment, false);
      this.showNote(
        `Stopped: ${detail}, so the figure stopped its training worker and reset to step 0. ` +
          'Smaller networks, a smaller batch or fewer discriminator steps per iteration train faster.',
      );
    } else {
      const keepRunning = this.wantRunning;
      this.restart(this.experiment, keepRunning);
      this.showNote('Restarted from step 0 on a fresh training worker: another figure on this page held the old one in a long step.');
    }
  }

  /** A short sentence above the plot (not an error: the figure still works). */
  private showNote(text: string | null): void {
    const note = this.querySelector<HTMLElement>('[data-testid="figure-note"]');
    if (!note) return;
    note.textContent = text ?? '';
    note.hidden = !text;
  }

  /** Say before it starts when the setting will be slow (estimated from its arithmetic, or measured). */
  private updateSlowNote(measuredSecondsPerStep?: number): void {
    if (!this.experiment) return;
    const note = slowSettingNote(this.experiment, measuredSecondsPerStep);
    const element = this.querySelector<HTMLElement>('[data-testid="slow-note"]');
    if (measuredSecondsPerStep === undefined) this.slow = note !== null;
    if (!element) return;
    if (measuredSecondsPerStep !== undefined && !note) return; // a measurement never clears the estimate's sentence mid-run
    this.partOf('slow-text').textContent = note ?? '';
    element.hidden = !note;
    const offer = this.partOf('slow-webgpu');
    offer.hidden = true;
    // Large settings train many times faster on a real GPU (28–130× at the schema's largest on the
    // GPU measured, docs/performance-log.md, "WebGPU"), though the book's own sizes are faster on
    // WASM, which the engine therefore tries first: where the browser has a hardware adapter, offer a
    // reload on it.
    if (note && this.preferredBackend !== 'webgpu') {
      void hardwareWebGpu().then((hardware) => (offer.hidden = !hardware || element.hidden));
    }
  }

  /** Reload the page on WebGPU, this figure's setting in the link. */
  private async trainOnWebGpu(): Promise<void> {
    if (!this.experiment) return;
    const address = new URL(location.href);
    address.searchParams.set('backend', 'webgpu');
    const made = await shareUrl(address.href, this.figureId, this.experiment);
    if (made.ok) location.assign(made.url);
    else this.setStatus(made.message);
  }

  // ── Commands ──────────────────────────────────────────────────────────────────────────────────

  private run(): void {
    if (this.errorShown || !this.experiment) return;
    this.showLive();
    this.ensureStarted();
    if (this.allFinished) {
      // "Run again": start over from step 0 with the same experiment.
      this.restart(this.experiment, true);
      return;
    }
    this.wantRunning = true;
    this.sync();
    this.updateButtons();
  }

  private pause(): void {
    this.wantRunning = false;
    this.sync();
    this.updateButtons();
    this.queueReadout(true);
  }

  private step(count = 1): void {
    if (this.errorShown) return;
    this.showLive();
    this.ensureStarted();
    this.wantRunning = false;
    if (this.allReady) {
      this.sync();
      for (const run of this.runs) if (!run.finished) run.client.step(count);
    } else {
      this.pendingSteps += count;
    }
    this.updateButtons();
  }

  /** Back to step 0 with the current experiment, paused. */
  private reset(): void {
    if (!this.experiment) return;
    this.restart(this.experiment, false);
  }

  /** Rebuild the trainers from `experiment`; keep running if asked. */
  private restart(experiment: AnyExperiment, keepRunning: boolean): void {
    const changed = experiment !== this.experiment;
    this.showLive();
    this.experiment = experiment;
    this.clearError();
    this.showNote(null);
    this.updateSlowNote();
    // A slow setting never starts by itself: the reader presses Run, having read the sentence.
    this.wantRunning = keepRunning && !(this.slow && changed);
    this.pendingSteps = 0;
    if (this.runs.length || keepRunning || this.seenOnce) this.startRuns(experiment);
    this.partOf<HTMLInputElement>('seed').value = String(experiment.seed);
    this.updateReproduce();
    this.updateButtons();
    this.updateStatus();
    this.queueReadout(true);
    this.scheduleDraw();
  }

  /** A proposed experiment from a control: validate, then restart (keeping the run state). */
  private propose(next: unknown, source?: HTMLElement): void {
    const result = parseExperiment(next);
    this.clearFieldErrors();
    if (!result.ok) {
      this.showFieldErrors(result.errors, source);
      return;
    }
    if (result.experiment.kind !== this.defaults?.kind) {
      this.showFieldErrors([`kind must stay '${this.defaults?.kind}' in this figure`], source);
      return;
    }
    const refusal = (this.spec ? figureAccepts(this.spec, result.experiment) : null) ?? this.setup?.guard?.(result.experiment);
    if (refusal) {
      // Nothing is applied: the figure keeps what it runs now.
      this.showFieldErrors([refusal], source);
      return;
    }
    const wasRunning = this.wantRunning;
    this.restart(result.experiment, wasRunning);
    this.renderControls();
  }

  // ── Controls and field errors ─────────────────────────────────────────────────────────────────

  private renderControls(): void {
    const panel = this.partOf('settings');
    // The few controls a figure is about (e.g. the divergence) sit in view above the plot; the
    // rest stay under "Settings". Older markup may lack the quick bar.
    const quick = this.querySelector<HTMLElement>('[data-testid="quick-controls"]');
    const areas = quick ? [panel, quick] : [panel];
    // Keep focus on the same control across the re-render (by its field path and label).
    const active = document.activeElement;
    const activeControl =
      active instanceof HTMLElement && areas.some((area) => area.contains(active)) ? active.closest<HTMLElement>('.sp-control') : null;
    const activeKey = activeControl ? `${activeControl.dataset.path}|${activeControl.querySelector('label')?.textContent}` : null;
    for (const area of areas) area.replaceChildren();
    if (quick) {
      if (this.widget?.quickControls && this.experiment) {
        this.widget.quickControls({ panel: quick, experiment: this.experiment, change: (next) => this.propose(next) });
      }
      quick.hidden = quick.childElementCount === 0;
    }
    if (!this.widget?.controls || !this.experiment) {
      panel.closest('details')?.setAttribute('data-empty', 'true');
    } else {
      this.widget.controls({ panel, experiment: this.experiment, change: (next) => this.propose(next) });
    }
    // The browser must not restore a field's old value on Back (the figure would run another one).
    for (const field of this.querySelectorAll<HTMLInputElement | HTMLSelectElement>('input, select')) field.autocomplete = 'off';
    this.setup?.controlsRendered?.(this);
    if (activeKey) {
      for (const area of areas) {
        for (const control of area.querySelectorAll<HTMLElement>('.sp-control')) {
          if (`${control.dataset.path}|${control.querySelector('label')?.textContent}` === activeKey) {
            control.querySelector<HTMLElement>('input, select')?.focus();
          }
        }
      }
    }
  }

  private clearFieldErrors(): void {
    for (const error of this.querySelectorAll<HTMLElement>('.sp-control-error, .sp-seed-error')) {
      error.hidden = true;
      error.textContent = '';
    }
    for (const input of this.querySelectorAll('[aria-invalid="true"]')) input.removeAttribute('aria-invalid');
  }

  /** Put each schema message next to the control that edits its field; the rest under the seed. */
  private showFieldErrors(errors: string[], source?: HTMLElement): void {
    const controls = Array.from(this.querySelectorAll<HTMLElement>('[data-path]'));
    const unplaced: string[] = [];
    for (const message of errors) {
      const field = message.split(' ')[0];
      const matches = controls.filter((control) =>
        (control.dataset.path ?? '').split(' ').some((path) => field === path || field.startsWith(`${path}.`)),
      );
      // Prefer the control the reader just changed when several edit the same field.
      const sourceControl = source?.closest<HTMLElement>('[data-path]');
      const targets = sourceControl && matches.includes(sourceControl) ? [sourceControl] : matches;
      if (!targets.length) {
        unplaced.push(message);
        continue;
      }
      for (const control of targets) {
        const error = control.querySelector<HTMLElement>('.sp-control-error, .sp-seed-error');
        if (!error) continue;
        error.textContent = error.textContent ? `${error.textContent} ${readable(message)}` : readable(message);
        error.hidden = false;
        control.querySelector('input, select')?.setAttribute('aria-invalid', 'true');
      }
    }
    if (unplaced.length) {
      const seedError = this.partOf('seed-error');
      seedError.textContent = unplaced.map(readable).join(' ');
      seedError.hidden = false;
    }
  }

  // ── Share link ────────────────────────────────────────────────────────────────────────────────

  /** The experiment this page's address carries for this figure, if valid; shows a note either way. */
  private async restoreFromLink(): Promise<AnyExperiment | null> {
    let result;
    try {
      result = await readSharedExperiment(location, this.figureId);
    } catch (error) {
      result = { ok: false as const, message: `This link's settings could not be read (${error instanceof Error ? error.message : String(error)}); showing the defaults instead.` };
    }
    if (!result) return null;
    showLinkNotice(this.partOf('link-message'), result, () => this.restoreDefaults());
    return result.ok ? result.experiment : null;
  }

  private async share(): Promise<void> {
    if (!this.experiment) return;
    const made = await shareUrl(location.href, this.figureId, this.experiment);
    if (!made.ok) {
      this.setStatus(made.message);
      return;
    }
    const url = made.url;
    history.replaceState(history.state, '', url);
    const field = this.partOf<HTMLInputElement>('share-link');
    field.value = url;
    this.partOf('share-link-row').hidden = false;
    let copied = false;
    try {
      if (navigator.clipboard?.writeText) {
        await navigator.clipboard.writeText(url);
        copied = true;
      }
    } catch {
      copied = false;
    }
    this.setStatus(copied ? 'Link copied. It is also in the address bar and the field below.' : 'Copy the link from the field below (it is also in the address bar).');
    if (!copied) {
      field.focus();
      field.select();
    }
  }

  private restoreDefaults(): void {
    if (!this.defaults) return;
    this.clearFieldErrors();
    this.restart(this.defaults, this.wantRunning);
    this.renderControls();
  }

  // ── Export ────────────────────────────────────────────────────────────────────────────────────

  private async export(format: 'png' | 'svg' | 'csv'): Promise<void> {
    if (!this.widget) return;
    const fileName = `${this.figureId}.${format}`;
    try {
      const source = this.provenance();
      if (format === 'csv') exportCsv(this.widget.csv(), fileName, source);
      else {
        const background = getComputedStyle(this).getPropertyValue('--sp-export-background').trim() || '#ffffff';
        if (format === 'svg') exportSvg(this.widget.svg(), background, fileName, source);
        else await exportPng(this.widget.svg(), background, fileName, source);
      }
      this.setStatus(`Saved ${fileName}.`);
    } catch (error) {
      this.setStatus(`Could not save ${fileName}: ${error instanceof Error ? error.message : String(error)}.`);
    }
  }

  /** Where the exported numbers come from (the backend of the run that drew them). */
  private provenance(): Provenance {
    const backend = this.runs.find((run) => run.backend)?.backend?.name ?? 'not started';
    return provenance({ backend, figure: this.figureId, seed: this.experiment?.seed, step: this.runs[0]?.step ?? 0 });
  }

  /** The live plot replaces the static render (static-render.css hides it under data-live). */
  private showLive(): void {
    this.dataset.live = '';
  }

  // ── Drawing and text ──────────────────────────────────────────────────────────────────────────

  private scheduleDraw(): void {
    queueDraw(this.draw);
  }

  /** One redraw with the newest snapshots (draw-queue.ts calls it in an animation frame). */
  private readonly draw = (): void => {
    if (!this.widget || !this.experiment) return;
    const views: RunView<AnyExperiment>[] = this.runs.length
      ? this.runs
      : this.runSpecs(this.experiment).map((spec) => ({ ...spec, snapshot: null, metrics: [], step: 0 }));
    try {
      this.widget.draw(views);
    } catch (error) {
      // A drawing bug must not stop training or leave a frozen page: say so once.
      console.warn(`Figure ${this.figureId}: drawing failed`, error);
    }
    this.queueReadout(false);
  };

  private queueReadout(force: boolean): void {
    const now = performance.now();
    if (force || now - this.lastReadoutAt >= readoutIntervalMs) {
      if (this.readoutTimer !== null) clearTimeout(this.readoutTimer);
      this.readoutTimer = null;
      this.updateReadout(force);
      return;
    }
    // Make sure the last numbers are read out even if no further frame comes.
    this.readoutTimer ??= setTimeout(() => {
      this.readoutTimer = null;
      this.updateReadout(true);
    }, readoutIntervalMs - (now - this.lastReadoutAt));
  }

  private updateReadout(force: boolean): void {
    if (!this.widget) return;
    this.lastReadoutAt = performance.now();
    const step = this.divergedAt ?? this.runs[0]?.step ?? 0;
    const state =
      this.divergedAt !== null
        ? 'Stopped: training diverged'
        : this.allFinished
          ? 'Finished'
          : this.wantRunning && this.runs.some((run) => run.clientRunning)
            ? 'Running'
            : 'Paused';
    let text: string;
    try {
      text = `${state} at step ${step}. ${this.widget.readout()}`.trim();
    } catch {
      text = `${state} at step ${step}.`;
    }
    const readout = this.partOf('readout');
    if (force || readout.textContent !== text) readout.textContent = text;
    this.dispatchEvent(new CustomEvent(figureStateEvent, { bubbles: true }));
  }

  /** The current experiment, step, backend and latest numbers (figure-setup.ts). */
  figureState(): FigureState | null {
    if (!this.experiment || this.explorerSession) return null;
    const run = this.runs[0];
    return {
      figureId: this.figureId,
      experiment: run?.experiment ?? this.experiment,
      step: run?.snapshot?.step ?? 0,
      running: this.wantRunning && this.runs.some((each) => each.clientRunning),
      finished: this.allFinished,
      backend: run?.backend?.name ?? null,
      snapshot: run?.snapshot ?? null,
      lastMetrics: run?.metrics.at(-1) ?? null,
    };
  }

  /** Show these settings (a saved answer, say), back at step 0 and paused. */
  loadExperiment(experiment: AnyExperiment): void {
    this.wantRunning = false;
    this.propose(experiment);
  }

  private updateStatus(): void {
    const first = this.runs[0];
    // Written only when changed: each write lays the toolbar out again.
    const show = (element: Element | null, text: string) => {
      if (element && element.textContent !== text) element.textContent = text;
    };
    show(this.partOf('step-count'), String(this.divergedAt ?? first?.step ?? 0));
    show(this.partOf('steps-per-second'), first && first.stepsPerSecond > 0 ? Math.round(first.stepsPerSecond).toString() : '–');
    const total = this.experiment?.training.steps;
    if (total) show(this.querySelector('[data-testid="step-total"]'), String(total));
  }

  private updateBadge(): void {
    const badge = this.partOf('backend');
    const name = badge.querySelector<HTMLElement>('.sp-badge-name')!;
    const reason = badge.querySelector<HTMLElement>('.sp-badge-reason')!;
    const report = this.runs.find((run) => run.backend)?.backend;
    if (report) {
      name.textContent = report.name;
      reason.textContent = `Backend: ${report.name}. ${report.reason}`;
      badge.title = report.reason;
      badge.dataset.backend = report.name;
    } else {
      name.textContent = this.runs.length ? 'starting…' : 'not started';
      reason.textContent = this.runs.length
        ? 'Backend: starting the training worker.'
        : 'Backend: not started yet; the figure starts training when it is on screen.';
      badge.title = reason.textContent;
      delete badge.dataset.backend;
    }
    this.updateReproduce();
  }

  private updateButtons(): void {
    const runButton = this.partOf<HTMLButtonElement>('run');
    const pauseButton = this.partOf<HTMLButtonElement>('pause');
    const showPause = this.wantRunning && !this.errorShown;
    const focusWasOn = document.activeElement;
    runButton.hidden = showPause;
    pauseButton.hidden = !showPause;
    if (focusWasOn === runButton && showPause) pauseButton.focus();
    if (focusWasOn === pauseButton && !showPause) runButton.focus();
    const label = runButton.querySelector('.sp-button-label');
    if (label) label.textContent = this.allFinished ? 'Run again' : 'Run';
    for (const id of ['run', 'step']) this.partOf<HTMLButtonElement>(id).disabled = this.errorShown;
  }

  /**
   * The command line that reruns what the figure shows: the registry entry, or the saved JSON, on
   * the backend the figure trains on when the command line has it (WASM, its default, needs no flag;
   * WebGL and WebGPU have no command-line twin).
   */
  private updateReproduce(): void {
    const code = this.querySelector('[data-testid="reproduce"]');
    if (!code || !this.experiment || !this.defaults) return;
    const sameApartFromSeed =
      JSON.stringify({ ...this.experiment, seed: 0 }) === JSON.stringify({ ...this.defaults, seed: 0 });
    const seed = this.experiment.seed === this.defaults.seed ? '' : ` --seed ${this.experiment.seed}`;
    const backendName = this.runs.find((run) => run.backend)?.backend?.name;
    const backend = backendName === 'wasm-fused' || backendName === 'cpu' ? ` --backend ${backendName}` : '';
    code.textContent = sameApartFromSeed
      ? `npm run experiment -- --figure ${this.figureId}${seed}${backend}`
      : `npm run experiment -- --config ${this.figureId}.json${backend}`;
  }

  private setStatus(text: string): void {
    this.partOf('share-status').textContent = text;
  }

  // ── Errors ────────────────────────────────────────────────────────────────────────────────────

  private showError(kind: ErrorKind, message: string, runLabel = ''): void {
    this.enableControls();
    this.errorShown = true;
    this.dataset.state = 'error';
    let panel: HTMLElement;
    try {
      panel = this.partOf('error');
    } catch {
      return;
    }
    const text = panel.querySelector<HTMLElement>('.sp-error-message') ?? panel;
    text.textContent = runLabel ? `${message} (run: ${runLabel})` : message;
    const actions = panel.querySelector<HTMLElement>('.sp-error-actions');
    if (actions) {
      actions.replaceChildren();
      const action = (label: string, testId: string, handler: () => void) => {
        const button = document.createElement('button');
        button.type = 'button';
        button.className = 'sp-button';
        button.dataset.testid = testId;
        button.textContent = label;
        button.addEventListener('click', handler);
        actions.append(button);
      };
      if (kind === 'diverged') {
        action('Lower the learning rates ten-fold and reset', 'error-lower-rate', () => this.lowerLearningRates());
        action('Reset', 'error-reset', () => this.reset());
      } else if (kind === 'invalid') {
        action('Restore the defaults', 'error-defaults', () => this.restoreDefaults());
      } else if (kind === 'backend' || kind === 'internal') {
        action('Try again', 'error-retry', () => this.retry());
        if (this.preferredBackend !== 'cpu') {
          action('Try again on the CPU backend', 'error-retry-cpu', () => {
            this.preferredBackend = 'cpu';
            this.retry();
          });
        }
      }
    }
    panel.hidden = false;
    this.updateButtons();
    this.updateStatus();
    this.queueReadout(true);
  }

  private clearError(): void {
    this.errorShown = false;
    const panel = this.querySelector<HTMLElement>('[data-testid="error"]');
    if (panel) panel.hidden = true;
  }

  private lowerLearningRates(): void {
    if (!this.experiment) return;
    this.clearError();
    this.propose(withLowerLearningRates(this.experiment));
  }

  /** Fresh workers (the old ones may be wedged), same experiment. */
  private retry(): void {
    if (!this.experiment) return;
    this.disposeRuns();
    this.clearError();
    this.restart(this.experiment, false);
    this.ensureStarted();
  }

  /** The fragment changed: if it names settings for this figure, show them (or its sentence and the defaults). */
  private async applyLinkAgain(): Promise<void> {
    if (!this.defaults || linkParameterText(location, this.figureId) === null) return;
    const shared = await this.restoreFromLink();
    this.clearFieldErrors();
    this.restart(shared ?? this.defaults, false);
    this.renderControls();
  }

  /** Fields, seed and slow-setting note from the experiment the figure runs. */
  private showRunningSettings(): void {
    if (!this.experiment || !this.widget) return;
    this.partOf<HTMLInputElement>('seed').value = String(this.experiment.seed);
    this.renderControls();
    this.updateSlowNote();
  }

  /** Set when the figure freed its sessions after a long time off screen. */
  private released = false;

  /** Get a worker and its backend ready before the figure is seen (no session yet: nothing trains). */
  private warm(): void {
    if (!this.widget || !this.experiment || this.runs.length || this.preferredBackend) return;
    sharedPool().warmAhead();
  }

  /** Off screen for long (and not wanted running): free the sessions; on screen again: keep them. */
  private scheduleRelease(): void {
    if (this.releaseTimer !== null) clearTimeout(this.releaseTimer);
    this.releaseTimer = null;
    if (this.onScreen || !this.runs.length) return;
    this.releaseTimer = setTimeout(() => {
      this.releaseTimer = null;
      if (this.onScreen || !this.runs.length) return;
      this.disposeRuns();
      this.released = true;
      this.updateBadge();
    }, releaseAfterMs);
  }

  // ── Wiring ────────────────────────────────────────────────────────────────────────────────────

  private wireButtons(): void {
    const on = (testId: string, handler: () => void) => this.partOf(testId).addEventListener('click', handler);
    on('run', () => this.run());
    on('pause', () => this.pause());
    on('step', () => this.step(1));
    on('reset', () => this.reset());
    on('share', () => void this.share());
    on('export-png', () => void this.export('png'));
    on('export-svg', () => void this.export('svg'));
    on('export-csv', () => void this.export('csv'));
    on('defaults', () => this.restoreDefaults());
    on('slow-webgpu', () => void this.trainOnWebGpu());
    on('export-json', () => {
      if (!this.experiment) return;
      download(new Blob([settingsJson(this.experiment, this.provenance())], { type: 'application/json' }), `${this.figureId}.json`);
      this.setStatus(`Saved ${this.figureId}.json.`);
    });

    const seed = this.partOf<HTMLInputElement>('seed');
    seed.addEventListener('change', () => {
      if (!this.experiment) return;
      const value = seed.value.trim() === '' ? Number.NaN : Number(seed.value);
      this.propose({ ...this.experiment, seed: value }, seed);
    });

    // Touching the figure before it scrolled into view still starts its worker.
    const wake = () => this.ensureStarted();
    this.addEventListener('pointerdown', wake);
    this.addEventListener('focusin', wake);
  }

  /** The page's HTML disables the controls until they are wired (see Figure.astro); an error panel's buttons too. */
  private enableControls(): void {
    this.querySelector(':scope > .sp-pending-controls')?.removeAttribute('disabled');
  }

  private wireKeyboard(): void {
    this.addEventListener('keydown', (event) => {
      if (event.defaultPrevented || event.ctrlKey || event.metaKey || event.altKey) return;
      const target = event.target as HTMLElement;
      // Never take keys from someone typing or choosing.
      if (target.closest('input, textarea, select, [contenteditable=""], [contenteditable="true"]')) return;
      const activates = target.closest('button, summary, a[href]') !== null;
      const key = event.key;
      if (key === ' ' || key === 'Spacebar') {
        if (activates) return; // Space already presses the focused button
        event.preventDefault();
        if (this.wantRunning) this.pause();
        else this.run();
      } else if (key === 'ArrowRight' || key === 's' || key === 'S') {
        event.preventDefault();
        this.step(event.shiftKey && key === 'ArrowRight' ? 10 : 1);
      } else if (key === 'r' || key === 'R') {
        event.preventDefault();
        this.reset();
      }
    });
  }

  /** Whether the figure starts training by itself the first time it is on screen. */
  private startsOnScreen(): boolean {
    return !this.reducedMotion && !this.setup?.waitForReader;
  }

  private wireVisibility(): void {
    if ('IntersectionObserver' in window) {
      this.observer = new IntersectionObserver(
        (entries) => {
          const entry = entries[entries.length - 1];
          this.onScreen = entry.isIntersecting;
          if (this.onScreen && !this.seenOnce) {
            this.seenOnce = true;
            this.ensureStarted();
            if (this.startsOnScreen() && !this.slow) this.wantRunning = true;
          }
          if (this.onScreen && this.released) {
            this.released = false;
            this.ensureStarted();
            this.showNote('Restarted from step 0: the figure freed its training worker while it was off screen for a long time.');
          }
          this.scheduleRelease();
          this.sync();
          this.updateButtons();
        },
        { threshold: 0 },
      );
      this.observer.observe(this);
      // Warm the worker (load the backend) before the figure scrolls into view.
      this.warmObserver = new IntersectionObserver(
        (entries) => {
          if (entries[entries.length - 1].isIntersecting) this.warm();
        },
        { rootMargin: warmMargin, threshold: 0 },
      );
      this.warmObserver.observe(this);
    } else {
      // No observer: treat as visible, but never start without the reader.
      this.onScreen = true;
    }
    const onVisibility = () => this.sync();
    document.addEventListener('visibilitychange', onVisibility);
    this.cleanups.push(() => document.removeEventListener('visibilitychange', onVisibility));
    // Back/forward: the fields must show what the figure runs, whatever the browser restored.
    const onPageShow = () => this.showRunningSettings();
    window.addEventListener('pageshow', onPageShow);
    this.cleanups.push(() => window.removeEventListener('pageshow', onPageShow));
    // A link pasted on this very page changes only the fragment: no reload, so apply it here.
    const onHashChange = () => void this.applyLinkAgain();
    window.addEventListener('hashchange', onHashChange);
    this.cleanups.push(() => window.removeEventListener('hashchange', onHashChange));
    // Colours painted into canvases (heat maps) follow the theme only when redrawn: redraw on a switch.
    const themeWatcher = new MutationObserver(() => this.scheduleDraw());
    themeWatcher.observe(document.documentElement, { attributes: true, attributeFilter: ['data-theme'] });
    this.cleanups.push(() => themeWatcher.disconnect());
  }
}

/** Append new metrics; beyond the cap, keep every other old entry (a chart needs no more). */
function appendMetrics(history: StepMetrics[], fresh: readonly StepMetrics[]): void {
  for (const entry of fresh) history.push(entry);
  if (history.length > maxMetrics) {
    const half = Math.floor(history.length / 2);
    const thinned = history.slice(0, half).filter((_, i) => i % 2 === 0);
    history.splice(0, half, ...thinned);
  }
}

/** A schema message for a reader: "optimizers.generator.learningRate must be …" → "G learning rate: must be …". */
function readable(message: string): string {
  const [field, ...rest] = message.split(' ');
  const names: Record<string, string> = {
    seed: 'Seed',
    'optimizers.discriminator.learningRate': 'D learning rate',
    'optimizers.generator.learningRate': 'G learning rate',
    'training.discriminatorSteps': 'k',
    'generator.hidden': 'Generator hidden layers',
    'discriminator.hidden': 'Discriminator hidden layers',
    'generator.init.shift': 'Gaussian mean',
    'generator.init.scale': 'Gaussian standard deviation',
    'training.batchSize': 'Batch size',
  };
  const name = names[field] ?? Object.entries(names).find(([key]) => field.startsWith(`${key}.`))?.[1];
  const sentence = name ? `${name} ${rest.join(' ')}` : message;
  return /[.!?]$/.test(sentence) ? sentence : `${sentence}.`;
}

if (!customElements.get('sp-figure')) customElements.define('sp-figure', FigureElement);
