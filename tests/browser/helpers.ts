import { readFileSync } from 'node:fs';
import path from 'node:path';
import { expect, type Locator, type Page, type ConsoleMessage, type Request } from '@playwright/test';

/** Every page of the book, in reading order (the browser tests visit each). */
export const pages = [
  '/',
  '/chapters/adversarial-game/',
  '/chapters/distances/',
  '/chapters/f-divergences/',
  '/chapters/f-gan/',
  '/notation/',
  '/reproductions/',
  '/chapters/wasserstein/',
  '/chapters/spectral-normalisation/',
  '/chapters/energy-based/',
  '/chapters/mutual-information/',
  '/chapters/training/',
  '/progress/',
  '/teachers/',
  '/teachers/assign/',
  '/teachers/check/',
  '/assignment/',
  '/teachers/answers/adversarial-game/',
  '/teachers/answers/distances/',
  '/teachers/answers/f-divergences/',
  '/teachers/answers/f-gan/',
  '/teachers/answers/wasserstein/',
  '/teachers/answers/spectral-normalisation/',
  '/teachers/answers/energy-based/',
  '/teachers/answers/mutual-information/',
  '/teachers/answers/training/',
  '/bench/',
];

/**
 * Collect console errors, uncaught page errors and failed requests while a test runs; call
 * `expectClean()` at the end. Returns the lists so a test can add its own checks.
 */
export function watchForErrors(page: Page) {
  const problems: string[] = [];
  page.on('console', (message: ConsoleMessage) => {
    if (message.type() === 'error') problems.push(`console error: ${message.text()}`);
  });
  page.on('pageerror', (error) => problems.push(`page error: ${error.message}`));
  // Which document each request belongs to: a new page, once it replaces the old one, aborts what the
  // old one was still fetching (a module it imports when idle, say, which it may ask for after the
  // new page was requested), which is the browser's doing, not a failure. Counted at each commit; an
  // abort is judged when the test checks, because Playwright may report it before the commit.
  let navigation = 0;
  const navigationOf = new WeakMap<Request, number>();
  const aborts: Array<{ navigation: number; problem: string }> = [];
  page.on('framenavigated', (frame) => {
    if (frame === page.mainFrame()) navigation += 1;
  });
  page.on('request', (request) => navigationOf.set(request, navigation));
  page.on('requestfailed', (request) => {
    const problem = `request failed: ${request.url()} (${request.failure()?.errorText})`;
    const aborted = request.failure()?.errorText === 'net::ERR_ABORTED';
    // A download started by an export button is "aborted" by design, too.
    if (aborted && request.url().startsWith('blob:')) return;
    if (aborted && !request.isNavigationRequest()) aborts.push({ navigation: navigationOf.get(request) ?? navigation, problem });
    else problems.push(problem);
  });
  // An abort is a failure only if its page is still the one shown.
  const abortsOfShownPage = () => aborts.filter((abort) => abort.navigation >= navigation).map((abort) => abort.problem);
  page.on('response', (response) => {
    if (response.status() >= 400) problems.push(`HTTP ${response.status()}: ${response.url()}`);
  });
  return {
    problems,
    expectClean: () => {
      const all = [...problems, ...abortsOfShownPage()];
      expect(all, all.join('\n')).toEqual([]);
    },
  };
}

/** The ids of a chapter's figures, in reading order, from its source (`<Figure id="…"`). */
export function figureIdsInChapter(slug: string): string[] {
  const source = readFileSync(path.join(process.cwd(), 'src/content/docs/chapters', `${slug}.mdx`), 'utf8');
  return [...source.matchAll(/<Figure\s+id="([^"]+)"/g)].map((match) => match[1]);
}

/** A figure shell on the page, found by its registry id. */
export function figure(page: Page, id: string) {
  return page.locator(`sp-figure[figure-id="${id}"]`);
}

/**
 * Open `path` and scroll the figure `id` into view, watching for errors from the start (call
 * `errors.expectClean()` at the end); `reducedMotion`: as a reader who asked for it.
 */
export async function openFigure(page: Page, path: string, id: string, options: { reducedMotion?: boolean } = {}) {
  const errors = watchForErrors(page);
  if (options.reducedMotion) await page.emulateMedia({ reducedMotion: 'reduce' });
  await page.goto(path);
  const shell = figure(page, id);
  await shell.scrollIntoViewIfNeeded();
  return { errors, shell };
}

/** An explorer (a figure that trains nothing) on `path`, scrolled into view and ready. */
export async function openExplorer(page: Page, path: string, id: string): Promise<Locator> {
  await page.goto(path);
  const shell = figure(page, id);
  await shell.scrollIntoViewIfNeeded();
  await expect(shell).toHaveAttribute('data-state', 'ready');
  return shell;
}

/** A figure's plot once its svg shows, and the plot's HTML then (to see that it changes). */
export async function drawnPlot(shell: Locator): Promise<{ plot: Locator; before: string }> {
  const plot = shell.getByTestId('plot');
  await expect(plot.locator('svg').first()).toBeVisible();
  return { plot, before: await plot.innerHTML() };
}

/** An explorer's shell: its plot drawn, no run / step / seed / backend / step counter, but share, export and defaults. */
export async function expectExplorerShell(shell: Locator): Promise<void> {
  await expect(shell.getByTestId('plot').locator('svg').first()).toBeVisible();
  for (const absent of ['run', 'step', 'seed', 'backend', 'step-count']) await expect(shell.getByTestId(absent)).toHaveCount(0);
  for (const present of ['share', 'export-png', 'export-svg', 'export-csv', 'defaults']) await expect(shell.getByTestId(present)).toBeVisible();
}

/** No NaN in a figure's text or in its plot's markup. */
export async function expectNoNaN(shell: Locator): Promise<void> {
  expect(await shell.innerText()).not.toMatch(/NaN/);
  expect(await shell.getByTestId('plot').innerHTML()).not.toContain('NaN');
}

/** Pause a training figure, unless it has finished already (a fast figure may finish its steps before the test gets to pause it). */
export async function pauseUnlessFinished(shell: Locator): Promise<void> {
  if ((await shell.getAttribute('data-state')) !== 'finished') await shell.getByTestId('pause').click({ timeout: 5_000 }).catch(() => undefined);
}

/**
 * A training figure starts in a worker once on screen; pause stops it (pressed at once: a small
 * figure can finish its whole run within seconds on a fast machine), step adds one, reset goes
 * back to 0; the readout says a number; no NaN, no error panel, no console error.
 */
export async function expectTrainsPausesStepsResets(page: Page, path: string, id: string): Promise<void> {
  const { errors, shell } = await openFigure(page, path, id);
  const { plot, before } = await drawnPlot(shell);
  await expect.poll(() => stepCount(shell), { timeout: 60_000 }).toBeGreaterThan(5);
  expect(page.workers().length).toBeGreaterThan(0);
  const errorPanel = shell.getByTestId('error');
  if (await errorPanel.isVisible()) throw new Error(`error panel: ${await errorPanel.innerText()}`);
  await shell.getByTestId('pause').click();
  await expect.poll(async () => (await plot.innerHTML()) !== before).toBe(true);
  await expect(shell).toHaveAttribute('data-state', 'paused');
  const paused = await settledStepCount(shell);
  await shell.getByTestId('step').click();
  await expect.poll(() => stepCount(shell), { timeout: 30_000 }).toBe(paused + 1);
  await shell.getByTestId('reset').click();
  await expect.poll(() => stepCount(shell)).toBe(0);
  await shell.getByTestId('step').click();
  await expect(shell.getByTestId('readout')).toContainText(/\d/, { timeout: 30_000 });
  expect(await shell.innerText()).not.toMatch(/NaN|Infinity/);
  expect(await plot.innerHTML()).not.toContain('NaN');
  errors.expectClean();
}

/**
 * How many of a canvas's pixels are painted in `colour` (a computed CSS colour, "rgb(r, g, b)"):
 * the mostly opaque pixels close to it. Point clouds draw on canvases, most of them painted by the
 * paint worker (the page holds only a placeholder), so the pixels are read from a copy.
 */
export async function paintedPixels(canvas: Locator, colour: string): Promise<number> {
  return canvas.evaluate((element: HTMLCanvasElement, colour) => {
    if (!element.width || !element.height) return 0;
    const copy = document.createElement('canvas');
    copy.width = element.width;
    copy.height = element.height;
    const context = copy.getContext('2d')!;
    context.drawImage(element, 0, 0);
    const { data } = context.getImageData(0, 0, copy.width, copy.height);
    const wanted = colour.match(/\d+/g)!.slice(0, 3).map(Number);
    let painted = 0;
    for (let i = 0; i < data.length; i += 4) {
      if (data[i + 3] > 128 && wanted.every((value, channel) => Math.abs(data[i + channel] - value) < 40)) painted++;
    }
    return painted;
  }, colour);
}

/** The step counter of a figure, as a number. */
export async function stepCount(shell: ReturnType<typeof figure>): Promise<number> {
  return Number((await shell.getByTestId('step-count').textContent())?.replace(/[^\d]/g, '') || '0');
}

/**
 * Press a figure's Share button and return the link it shows. The link is made asynchronously
 * (long states are compressed), so wait for the field to hold it rather than reading it at once.
 */
export async function shareLink(shell: Locator, figureId: string): Promise<string> {
  await shell.getByTestId('share').click();
  const field = shell.getByTestId('share-link');
  await expect(field).toHaveValue(new RegExp(`fig\\.${figureId}=`));
  return field.inputValue();
}

/** A share-link parameter value made by hand: URL-safe base64 of the JSON difference (the documented format). */
export function encodeLinkSettings(settings: object): string {
  return Buffer.from(JSON.stringify(settings)).toString('base64url');
}

/**
 * The step count once it has stopped changing (a pause reaches the worker asynchronously, and the
 * worker's last progress message may still be on its way). Fails if it never settles.
 */
export async function settledStepCount(shell: ReturnType<typeof figure>): Promise<number> {
  let previous = -1;
  await expect
    .poll(
      async () => {
        const now = await stepCount(shell);
        const settled = now === previous;
        previous = now;
        return settled;
      },
      { intervals: [700], timeout: 20_000 },
    )
    .toBe(true);
  return previous;
}

/**
 * Wait until every display equation and code block wider than its column has a tab stop, so a
 * keyboard can scroll it. wide-equations.ts measures them in idle time after the load, a few at a
 * time; an axe run before it reached one reported `scrollable-region-focusable` (CI, Chapter 5).
 */
export async function untilWideBlocksFocusable(page: Page): Promise<void> {
  const unreachable = () =>
    page.evaluate(() =>
      [...document.querySelectorAll<HTMLElement>('.sl-markdown-content :is(.math-display, .expressive-code pre)')]
        .filter((block) => block.scrollWidth > block.clientWidth + 1 && block.getAttribute('tabindex') !== '0')
        .map((block) => block.parentElement?.id || (block.textContent ?? '').slice(0, 40)),
    );
  await expect.poll(unreachable, { message: 'blocks wider than the column without a tab stop' }).toEqual([]);
}

/**
 * Starlight hands the search its options when the page first goes idle (requestIdleCallback, without
 * a timeout); opened earlier, the dialog stays empty until then. Tests that opened it without waiting
 * found it still empty after 20 s, three times in one session on a loaded machine; the search tests
 * open it after that moment.
 */
export async function afterFirstIdle(page: Page) {
  await page.waitForLoadState('load');
  await page.evaluate(() => new Promise((resolve) => requestIdleCallback(() => setTimeout(resolve, 500))));
}

/**
 * Waits until the offline service worker controls the page (it registers a few seconds after the
 * load): with clientsClaim that means it is installed, i.e. everything is precached.
 */
export async function waitForServiceWorker(page: Page): Promise<void> {
  await page.waitForFunction(() => navigator.serviceWorker.controller !== null, undefined, { timeout: 120_000 });
}

/** Starts recording the page's layout shifts not caused by input; call before `goto`. */
export async function recordLayoutShifts(page: Page): Promise<void> {
  await page.addInitScript(() => {
    const shifts: Array<{ value: number; moved: string }> = [];
    (window as unknown as { shifts: typeof shifts }).shifts = shifts;
    const describe = (node: Node | null) =>
      node instanceof Element ? `${node.tagName.toLowerCase()}${node.id ? `#${node.id}` : ''}${node.getAttribute('figure-id') ? `[${node.getAttribute('figure-id')}]` : ''}.${node.className}`.slice(0, 80) : String(node?.nodeName);
    type Source = { node: Node | null; previousRect: DOMRectReadOnly; currentRect: DOMRectReadOnly };
    type Shift = PerformanceEntry & { value: number; hadRecentInput: boolean; sources?: Source[] };
    const rect = (r: DOMRectReadOnly) => `${Math.round(r.x)},${Math.round(r.y)} ${Math.round(r.width)}×${Math.round(r.height)}`;
    new PerformanceObserver((list) => {
      for (const entry of list.getEntries() as Shift[]) {
        const moved = (entry.sources ?? []).map((source) => `${describe(source.node)} from ${rect(source.previousRect)} to ${rect(source.currentRect)}`);
        if (!entry.hadRecentInput) shifts.push({ value: entry.value, moved: `${moved.join(' + ')} at ${Math.round(entry.startTime)} ms` });
      }
    }).observe({ type: 'layout-shift', buffered: true });
  });
}

/** The layout shifts recorded so far (recordLayoutShifts): their sum, and a sentence naming each. */
export async function layoutShifts(page: Page): Promise<{ total: number; described: string }> {
  const shifts = await page.evaluate(() => (window as unknown as { shifts: Array<{ value: number; moved: string }> }).shifts);
  return {
    total: shifts.reduce((sum, shift) => sum + shift.value, 0),
    described: `layout shifts: ${shifts.map((shift) => `${shift.value.toFixed(4)} (${shift.moved})`).join(', ') || 'none'}`,
  };
}
