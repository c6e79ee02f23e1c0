/**
 * Live workloads: figures training on their own chapter page, drawn, as a reader sees them. Where
 * the other rows time the engine alone, these time the whole page through Playwright:
 *
 * - steps/s of each figure, from its worker's 'progress' messages (step and arrival time);
 * - snapshot share: worker time spent taking snapshots ÷ worker time spent training, at the
 *   figure's own snapshot rate (both reported by the host with every progress message);
 * - main ms/frame: main-thread busy time (Chrome's TaskDuration, over the window) ÷ progress
 *   messages received (each asks for one redraw), and the main thread's busy share of the window;
 * - longest task: the longest main-thread task in the window (Long Tasks API: only tasks over
 *   50 ms are reported).
 *
 * Figures stop at their experiment's step count (ring-gan: 2,000), so each scenario opens a link (a
 * share link, or an assignment's) that only raises `training.steps`; the figure's settings are
 * otherwise its own. GAN Lab's
 * default workload is loaded into the ring figure the same way, with all of its settings.
 */
import { loadavg } from 'node:os';
import type { Browser, Page } from '@playwright/test';
import { encodeExperiment, figureParameter } from '../src/engine/experiments/url';
import { getFigure } from '../src/engine/experiments/figures';
import type { AnyExperiment } from '../src/engine/experiments/schema';
import { encodeAssignment } from '../src/teaching/assignment';
import { workloads } from './workloads';

/** SW_ALLOW=1: allow a first visit's service worker, which waits until no figure trains (src/offline/register.ts); blocked otherwise. */
export const serviceWorkersAllowed = Boolean(process.env.SW_ALLOW);

export type LiveId = 'ring-gan' | 'ring-gan-phone' | 'ring-ganlab' | 'three-figures';

interface LiveScenario {
  id: LiveId;
  /**
   * Where the figures are opened: Chapter 1 (where every scenario's figures live), through a share
   * link that names them (the first one's anchor is scrolled to), or an assignment with one task per
   * figure, as a class gets it (its figures wait for the reader's Run).
   */
  page: 'chapter' | 'assignment';
  /** Figures that train; any other figure on the page is paused. */
  figures: string[];
  /** The experiment each figure is given through its link. */
  experiments: (figureId: string) => AnyExperiment;
  /** Show the whole page at once (every figure on screen), instead of a 1280×900 window. */
  tall: boolean;
  /** A phone's screen instead: 412 × 823 px at 1.75 device pixels per px, touch. */
  phone?: boolean;
}

const longRun = 1_000_000;

function ownExperimentRunningLong(figureId: string): AnyExperiment {
  const spec = getFigure(figureId);
  if (!spec) throw new Error(`no figure ${figureId}`);
  return { ...spec.experiment, training: { ...spec.experiment.training, steps: longRun } } as AnyExperiment;
}

const chapter1 = '/chapters/adversarial-game/';

export const liveScenarios: Record<LiveId, LiveScenario> = {
  'ring-gan': { id: 'ring-gan', page: 'chapter', figures: ['ring-gan'], experiments: ownExperimentRunningLong, tall: false },
  // A phone rasters the same plot at 1.75 device pixels per px (the point clouds' canvas: 527 × 527 pixels).
  'ring-gan-phone': { id: 'ring-gan-phone', page: 'chapter', figures: ['ring-gan'], experiments: ownExperimentRunningLong, tall: false, phone: true },
  'ring-ganlab': {
    id: 'ring-ganlab',
    page: 'chapter',
    figures: ['ring-gan'],
    experiments: () => workloads['ganlab-default'].experiment,
    tall: false,
  },
  // Three figures train at once only where a screen shows all three (a figure off screen pauses).
  // Chapter 1's three are thousands of pixels apart: a window as tall as that chapter (30,000 px,
  // 38 megapixels) made Chromium's display compositor (at raised priority) take half a core on this
  // machine, a load no reader's screen makes. An assignment's tasks stand together: its whole page
  // is 1280 × 3,212 px, about the size of a large monitor.
  'three-figures': {
    id: 'three-figures',
    page: 'assignment',
    figures: ['gan-1d', 'ring-gan', 'saturation'],
    experiments: ownExperimentRunningLong,
    tall: true,
  },
};

/** The scenario's address on the site. */
function scenarioAddress(scenario: LiveScenario): string {
  if (scenario.page === 'assignment') {
    const tasks = scenario.figures.map((figure) => ({ type: 'figure' as const, figure, experiment: scenario.experiments(figure), lock: [], hide: [], note: '', require: '' }));
    return `/assignment/#${encodeAssignment({ title: 'Three figures', instructions: 'Train each figure.', tasks })}`;
  }
  const parameters = scenario.figures
    .map((figureId) => `${figureParameter(figureId)}=${encodeExperiment(scenario.experiments(figureId), getFigure(figureId)!.experiment)}`)
    .join('&');
  return `${chapter1}#fig-${scenario.figures[0]}&${parameters}`;
}

export const liveIds = Object.keys(liveScenarios) as LiveId[];

export const liveDescriptions: Record<LiveId, string> = {
  'ring-gan': 'the ring figure (Chapter 1) on its page, drawn',
  'ring-gan-phone': "the same on a phone's screen (1.75 device pixels per px, touch)",
  'ring-ganlab': "GAN Lab's default workload in the ring figure (share link), drawn",
  'three-figures': 'gan-1d, ring-gan and saturation training at once, the three tasks of an assignment, all on screen',
};

export interface LiveRow {
  scenario: LiveId;
  /** Steps/s of each training figure, by figure id. */
  stepsPerSecond: Record<string, number>;
  /** Σ snapshot ms ÷ Σ training ms in the workers, over the window. */
  snapshotShare: number;
  /** Main-thread busy ms per progress message received (≈ per drawn frame). */
  mainMsPerFrame: number;
  /** Main-thread busy time ÷ the window. */
  mainBusyShare: number;
  /** Progress messages (frames) per second, all figures together. */
  framesPerSecond: number;
  /** Longest main-thread task in the window (0 = none over 50 ms). */
  longestTaskMs: number;
  /**
   * From a Chromium trace of the window (category toplevel): the main thread's longest task, wall
   * time and the CPU time the thread actually ran in it, and the most CPU time of any one task. A
   * task whose wall time far exceeds its CPU time was mostly waiting: for a core held by the
   * training worker or another process, or for the compositor.
   */
  tracedTasks: { longestMs: number; longestCpuMs: number; mostCpuMs: number };
  /** 1-minute load average at the window's start and end. */
  load: [number, number];
  /** The window's size in CSS pixels (device pixel ratio 1). */
  screen: [number, number];
}

export interface LiveTiming {
  warmupMs: number;
  windowMs: number;
}

export const liveTiming = { full: { warmupMs: 4000, windowMs: 10_000 }, quick: { warmupMs: 1500, windowMs: 3000 } };

/** Installed before any page script: records long tasks and every worker's progress messages. */
function instrument(): void {
  const record = { tasks: [] as Array<[number, number]>, progress: [] as Array<[number, string, number, number, number]> };
  (window as unknown as { __spLive: typeof record }).__spLive = record;
  new PerformanceObserver((list) => {
    for (const entry of list.getEntries()) record.tasks.push([entry.startTime, entry.duration]);
  }).observe({ type: 'longtask', buffered: true });
  const NativeWorker = window.Worker;
  window.Worker = class extends NativeWorker {
    constructor(url: string | URL, options?: WorkerOptions) {
      super(url, options);
      this.addEventListener('message', (event: MessageEvent) => {
        const data = event.data as { type?: string; runId?: string; step?: number; trainMs?: number; snapshotMs?: number };
        if (data?.type === 'progress') record.progress.push([performance.now(), String(data.runId), data.step ?? 0, data.trainMs ?? 0, data.snapshotMs ?? 0]);
      });
    }
  };
}

interface PageRecord {
  now: number;
  tasks: Array<[number, number]>;
  progress: Array<[number, string, number, number, number]>;
}

const readRecord = (page: Page) =>
  page.evaluate(() => {
    const record = (window as unknown as { __spLive: Omit<PageRecord, 'now'> }).__spLive;
    return { now: performance.now(), tasks: [...record.tasks], progress: [...record.progress] };
  });

async function taskDuration(session: import('@playwright/test').CDPSession): Promise<number> {
  const { metrics } = (await session.send('Performance.getMetrics')) as { metrics: Array<{ name: string; value: number }> };
  return metrics.find((metric) => metric.name === 'TaskDuration')?.value ?? NaN;
}

type TraceEvent = { name: string; ph: string; pid: number; tid: number; dur?: number; tdur?: number; args?: { name?: string } };

/** The tasks of the page's renderer main thread in a trace (µs): the main thread that ran the most tasks (the trace holds every renderer). */
function mainThreadTaskEvents(trace: Buffer): TraceEvent[] {
  const events = (JSON.parse(trace.toString('utf8')) as { traceEvents: TraceEvent[] }).traceEvents;
  const mains = new Set(events.filter((event) => event.name === 'thread_name' && event.args?.name === 'CrRendererMain').map((event) => `${event.pid}:${event.tid}`));
  const tasks = events.filter((event) => event.name === 'ThreadControllerImpl::RunTask' && event.ph === 'X' && mains.has(`${event.pid}:${event.tid}`));
  const counts = new Map<string, number>();
  for (const task of tasks) counts.set(`${task.pid}:${task.tid}`, (counts.get(`${task.pid}:${task.tid}`) ?? 0) + 1);
  const page = [...counts].sort((a, b) => b[1] - a[1])[0]?.[0];
  return tasks.filter((task) => `${task.pid}:${task.tid}` === page);
}

/** The renderer main thread's longest task (wall and CPU ms) and the most CPU ms of any task, from a trace. */
function mainThreadTasks(trace: Buffer): LiveRow['tracedTasks'] {
  const onPage = mainThreadTaskEvents(trace);
  const longest = onPage.reduce<TraceEvent | undefined>((best, task) => ((task.dur ?? 0) > (best?.dur ?? -1) ? task : best), undefined);
  return {
    longestMs: (longest?.dur ?? NaN) / 1000,
    longestCpuMs: (longest?.tdur ?? NaN) / 1000,
    mostCpuMs: onPage.reduce((most, task) => Math.max(most, task.tdur ?? 0), 0) / 1000,
  };
}

/** What the machine alone makes of frames of a fixed cost (see measureBaseline). */
export interface BaselineRow {
  frameCpuMs: number;
  workers: number;
  tracedTasks: LiveRow['tracedTasks'];
  /** Tasks over 50 ms in the window, and all tasks of over 1 ms. */
  over50: number;
  tasks: number;
  load: [number, number];
}

/**
 * The machine alone: a blank page that spends a fixed CPU time on every animation frame beside
 * busy workers (one, as a training figure's). Its longest task says how far this machine stretches
 * a frame of that cost, so a live row's long tasks can be read against it.
 */
export async function measureBaseline(browser: Browser, timing: LiveTiming, frameCpuMs = 20, workers = 1): Promise<BaselineRow> {
  const context = await browser.newContext();
  const page = await context.newPage();
  try {
    // about:blank: no security policy, so the workers can come from a blob.
    await page.goto('about:blank');
    // A string, not a function: the bench runs through tsx, whose named helpers do not exist in the page.
    await page.evaluate(`(() => {
      const spin = (iterations) => { let x = 0; for (let i = 0; i < iterations; i++) x += Math.sqrt(x + i); return x; };
      // Iterations per ms, counted before the workers start: each frame is a fixed amount of work.
      const start = performance.now();
      spin(2e7);
      const perMs = 2e7 / (performance.now() - start);
      const source = URL.createObjectURL(new Blob(['let x = 0; for (;;) x += Math.sqrt(x + 1);'], { type: 'text/javascript' }));
      for (let i = 0; i < ${workers}; i++) new Worker(source);
      const frame = () => { spin(${frameCpuMs} * perMs); requestAnimationFrame(frame); };
      requestAnimationFrame(frame);
    })()`);
    await page.waitForTimeout(timing.warmupMs);
    const loadStart = loadavg()[0];
    await browser.startTracing(page, { categories: ['toplevel'] });
    await page.waitForTimeout(timing.windowMs);
    const trace = await browser.stopTracing();
    const tasks = mainThreadTaskEvents(trace).filter((task) => (task.dur ?? 0) > 1000);
    return {
      frameCpuMs,
      workers,
      tracedTasks: mainThreadTasks(trace),
      over50: tasks.filter((task) => (task.dur ?? 0) > 50_000).length,
      tasks: tasks.length,
      load: [loadStart, loadavg()[0]],
    };
  } finally {
    await context.close();
  }
}

/** Run one live scenario in a fresh browser context; resolves with its row. */
export async function measureLive(browser: Browser, baseUrl: string, id: LiveId, timing: LiveTiming, log: (text: string) => void): Promise<LiveRow> {
  const scenario = liveScenarios[id];
  // Service workers blocked: a first visit's worker, registered 5 s after the load, precaches the whole
  // book in the middle of the window; a reader reading on has it installed.
  const display = scenario.phone ? { viewport: { width: 412, height: 823 }, deviceScaleFactor: 1.75, isMobile: true, hasTouch: true } : { viewport: { width: 1280, height: 900 } };
  const context = await browser.newContext({ ...display, serviceWorkers: serviceWorkersAllowed ? 'allow' : 'block' });
  const page = await context.newPage();
  page.on('pageerror', (error) => log(`  page error: ${error.message}`));
  page.on('console', (message) => {
    if (message.type() === 'error') log(`  page: ${message.text()}`);
  });
  try {
    await page.addInitScript(instrument);
    await page.goto(`${baseUrl}${scenarioAddress(scenario)}`);
    if (scenario.tall) {
      // An assignment puts its tasks in place after the load: measure once the figures are there.
      for (const figureId of scenario.figures) await page.locator(`sp-figure[figure-id="${figureId}"] [data-testid="run"]:enabled`).waitFor();
      const height = await page.evaluate(() => document.documentElement.scrollHeight);
      await page.setViewportSize({ width: 1280, height: Math.min(height, 30_000) });
    }
    // Every named figure running; any other figure paused.
    for (const figureId of scenario.figures) {
      const shell = page.locator(`sp-figure[figure-id="${figureId}"]`);
      if (!scenario.tall) await shell.scrollIntoViewIfNeeded();
      // A chapter's figure on screen starts by itself; one that does not within 20 s, and an
      // assignment's, are started with Run.
      const started =
        scenario.page === 'chapter' &&
        (await page
          .waitForFunction((figure) => document.querySelector(`sp-figure[figure-id="${figure}"]`)?.getAttribute('data-state') === 'running', figureId, { timeout: 20_000 })
          .then(() => true, () => false));
      const notice = shell.getByTestId('link-message');
      if ((await notice.getAttribute('data-kind')) === 'error') throw new Error(`${figureId} refused its link: ${await notice.textContent()}`);
      if (!started) await shell.getByTestId('run').click({ force: scenario.tall });
    }
    // The plot on screen: a plot off screen is not painted, so its canvases cost nothing (on a phone
    // the ring figure is taller than the screen, and its controls alone may be showing).
    if (!scenario.tall) await page.locator(`sp-figure[figure-id="${scenario.figures[0]}"] [data-testid="plot"]`).scrollIntoViewIfNeeded();
    for (const figureId of scenario.figures) {
      await page.waitForFunction((figure) => document.querySelector(`sp-figure[figure-id="${figure}"]`)?.getAttribute('data-state') === 'running', figureId, { timeout: 60_000 });
    }
    const others = await page.$$eval('sp-figure[data-state="running"]', (shells) => shells.map((shell) => shell.getAttribute('figure-id') ?? ''));
    for (const other of others.filter((figureId) => !scenario.figures.includes(figureId))) {
      await page.locator(`sp-figure[figure-id="${other}"]`).getByTestId('pause').click({ force: scenario.tall });
    }

    await page.waitForTimeout(timing.warmupMs);
    const steps = () =>
      page.evaluate(
        (figures) => figures.map((figure) => Number(document.querySelector(`sp-figure[figure-id="${figure}"] [data-testid="step-count"]`)?.textContent?.replace(/[^\d]/g, '') || 'NaN')),
        scenario.figures,
      );
    const session = await context.newCDPSession(page);
    await session.send('Performance.enable');
    const loadStart = loadavg()[0];
    const busyStart = await taskDuration(session);
    await browser.startTracing(page, { categories: ['toplevel'] });
    const start = await readRecord(page);
    const stepsStart = await steps();
    await page.waitForTimeout(timing.windowMs);
    const tracedTasks = mainThreadTasks(await browser.stopTracing());
    const busyEnd = await taskDuration(session);
    const end = await readRecord(page);
    const stepsEnd = await steps();
    const loadEnd = loadavg()[0];
    const screen = page.viewportSize();
    const states = await page.$$eval('sp-figure', (shells) => shells.map((shell) => `${shell.getAttribute('figure-id')}:${shell.getAttribute('data-state')}`));
    for (const figureId of scenario.figures) {
      if (!states.includes(`${figureId}:running`)) throw new Error(`${figureId} stopped during the window (${states.join(', ')})`);
    }

    const inWindow = end.progress.filter(([at]) => at > start.now && at <= end.now);
    let snapshotMs = 0;
    let trainMs = 0;
    for (const [, , , train, snapshot] of inWindow) {
      trainMs += train;
      snapshotMs += snapshot;
    }
    const windowMs = end.now - start.now;
    const busyMs = (busyEnd - busyStart) * 1000;
    const longest = end.tasks.filter(([startTime, duration]) => startTime + duration > start.now && startTime < end.now).reduce((max, [, duration]) => Math.max(max, duration), 0);
    // A figure's step counter (a figure with runs side by side counts its first run's steps).
    const stepsPerSecond: Record<string, number> = {};
    scenario.figures.forEach((figureId, i) => (stepsPerSecond[figureId] = ((stepsEnd[i] - stepsStart[i]) * 1000) / windowMs));
    return {
      scenario: id,
      stepsPerSecond,
      snapshotShare: trainMs > 0 ? snapshotMs / trainMs : NaN,
      mainMsPerFrame: inWindow.length ? busyMs / inWindow.length : NaN,
      mainBusyShare: busyMs / windowMs,
      framesPerSecond: (inWindow.length * 1000) / windowMs,
      longestTaskMs: longest,
      tracedTasks,
      load: [loadStart, loadEnd],
      screen: [screen?.width ?? NaN, screen?.height ?? NaN],
    };
  } finally {
    await context.close();
  }
}
