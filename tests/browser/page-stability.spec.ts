import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { test, expect, type Page } from '@playwright/test';
import { figure, figureIdsInChapter, layoutShifts, recordLayoutShifts, stepCount, watchForErrors } from './helpers';

/**
 * The page stays still under the reader (issue 16): figures and exercises set up after the page
 * has loaded, and web fonts arrive late; none of this may move what the reader looks at (a
 * figure that moves off screen as it is reached never starts).
 */

const chapter = '/chapters/wasserstein/';
/** Its figures in reading order, from its source. */
const ids = figureIdsInChapter('wasserstein');

/** The target's distance from the top of the screen, every 250 ms for `ms`. */
async function topsOver(page: Page, selector: string, ms: number): Promise<number[]> {
  const tops: number[] = [];
  for (let waited = 0; waited <= ms; waited += 250) {
    tops.push(await page.locator(selector).evaluate((element) => Math.round(element.getBoundingClientRect().top)));
    await page.waitForTimeout(250);
  }
  return tops;
}

for (const viewport of [
  { width: 375, height: 740 },
  { width: 1280, height: 800 },
]) {
  test.describe(`${viewport.width} px wide`, () => {
    test.use({ viewport });

    test('a link to an equation, an exercise or a figure far down a chapter lands on it within half a second and it stays there', async ({ page }) => {
      test.setTimeout(120_000);
      const errors = watchForErrors(page);
      // Targets past figures that grow when they set up.
      for (const id of ['eq-w-estimate', 'ex-5-3', 'ex-5-8', 'fig-wgan-gp-ring']) {
        await page.goto(`${chapter}#${id}`);
        await page.waitForLoadState('load');
        // Within half a second of the load it is where the link puts it, and there it stays.
        await page.waitForTimeout(500);
        const tops = await topsOver(page, `#${id}`, 3000);
        // Where the link puts it once everything near it is drawn: the browser's own scroll to it now.
        const landing = await page.locator(`#${id}`).evaluate((element) => {
          element.scrollIntoView({ block: 'start', behavior: 'instant' });
          return Math.round(element.getBoundingClientRect().top);
        });
        expect(landing, `${id}: the link scrolls it near the top`).toBeLessThan(viewport.height / 2);
        for (const top of tops) expect(Math.abs(top - landing), `${id}: tops over 3 s ${tops.join(' ')}, landing ${landing}`).toBeLessThanOrEqual(2);
      }
      errors.expectClean();
    });

    test('a figure scrolled to far down the page stays on screen and starts', async ({ page }) => {
      test.setTimeout(120_000);
      const errors = watchForErrors(page);
      // As on a busy machine: the figures' code arrives after the reader has scrolled, so the figures
      // near the screen above the last one grow while the reader looks at it.
      await page.route('**/_astro/figure-element*.js', async (route) => {
        await new Promise((resolve) => setTimeout(resolve, 1500));
        await route.continue();
      });
      await page.goto(chapter);
      await page.waitForLoadState('load');
      const last = ids[ids.length - 1];
      const shell = figure(page, last);
      await shell.scrollIntoViewIfNeeded();
      // Watched until the figures near the screen have set up, and a second more.
      const tops: number[] = [];
      let setUpAt = Infinity;
      for (let waited = 0; waited < Math.min(setUpAt + 1000, 30_000); waited += 250) {
        const { top, pending } = await shell.evaluate((element) => ({
          top: Math.round(element.getBoundingClientRect().top),
          pending: element.querySelectorAll(':scope > fieldset[disabled]').length,
        }));
        tops.push(top);
        if (pending === 0 && setUpAt === Infinity) setUpAt = waited;
        await page.waitForTimeout(250);
      }
      expect(setUpAt, 'the figure sets up').toBeLessThan(Infinity);
      for (const top of tops) expect(Math.abs(top - tops[0]), `${last}: tops every 250 ms ${tops.join(' ')}`).toBeLessThanOrEqual(2);
      await expect(shell).toBeInViewport();
      await expect.poll(() => stepCount(shell), { message: `${last}: trains once on screen`, timeout: 60_000 }).toBeGreaterThan(0);
      errors.expectClean();
    });
  });
}

/**
 * Serves the site as the preview server does, except that a page's HTML arrives in two parts, the second
 * (from the main pane on) `pause` ms after the first: a slow connection, or a busy machine whose parser
 * yields, draws the page before all of it is there (how a full test run under load first saw the right
 * sidebar jump 680 px).
 */
async function streamingSite(upstream: string, pause: number): Promise<{ url: string; close: () => void }> {
  const server = createServer(async (request, response) => {
    const upstreamResponse = await fetch(new URL(request.url ?? '/', upstream));
    const type = upstreamResponse.headers.get('content-type') ?? '';
    response.writeHead(upstreamResponse.status, { 'content-type': type });
    if (!type.includes('text/html')) return response.end(Buffer.from(await upstreamResponse.arrayBuffer()));
    const html = await upstreamResponse.text();
    const cut = html.indexOf('<div class="main-pane');
    response.write(html.slice(0, cut));
    setTimeout(() => response.end(html.slice(cut)), pause);
  });
  await new Promise<void>((listening) => server.listen(0, '127.0.0.1', listening));
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, close: () => server.close() };
}

test('a figure far down the page sets up only when the reader comes near it or focuses it', async ({ page }) => {
  const errors = watchForErrors(page);
  const shellCode: string[] = [];
  page.on('request', (request) => /\/figure-element[.\w-]*\.js$/.test(request.url()) && shellCode.push(request.url()));
  await page.goto(chapter);
  await page.waitForLoadState('load');
  // A shell's controls sit in a fieldset that stays disabled until the shell has set up.
  const controlsOf = (id: string) => figure(page, id).locator(':scope > fieldset');
  const [last, beforeLast] = [ids[ids.length - 1], ids[ids.length - 2]];
  // Two seconds after the load, with every figure far below, the shells' code has not even been
  // fetched (a chapter's load does without it), and the last two have not set up.
  await page.waitForTimeout(2000);
  expect(shellCode, 'no figure near the screen: the shells\' code is not fetched').toEqual([]);
  await expect(controlsOf(last)).toHaveAttribute('disabled');
  await expect(controlsOf(beforeLast)).toHaveAttribute('disabled');
  // Focused (from the keyboard, without scrolling): its code arrives and it sets up, though it took
  // the focus before the code was there. A key shows the text still folded (unfold.ts).
  await page.keyboard.press('Shift');
  await figure(page, last).evaluate((shell: HTMLElement) => shell.focus({ preventScroll: true }));
  await expect(controlsOf(last)).not.toHaveAttribute('disabled');
  expect(shellCode.length).toBeGreaterThan(0);
  // Scrolled to: it sets up.
  await expect(controlsOf(beforeLast)).toHaveAttribute('disabled');
  await figure(page, beforeLast).scrollIntoViewIfNeeded();
  await expect(controlsOf(beforeLast)).not.toHaveAttribute('disabled');
  errors.expectClean();
});

test('opening a chapter at its top, nothing on screen shifts while it loads, even when its HTML streams in slowly', async ({ page, baseURL }) => {
  const site = await streamingSite(baseURL!, 1500);
  await recordLayoutShifts(page);
  try {
    await page.goto(site.url + chapter);
    await page.waitForLoadState('networkidle');
    await page.waitForTimeout(1000);
  } finally {
    site.close();
  }
  const { total, described } = await layoutShifts(page);
  // Lighthouse calls under 0.1 good; the text's first blocks drawn at their real height give a few thousandths.
  expect(total, described).toBeLessThan(0.02);
});

test('the table of contents follows the section being read, in the sidebar and on a phone', async ({ page }) => {
  for (const viewport of [
    { width: 1400, height: 900, toc: 'book-toc' },
    { width: 375, height: 740, toc: 'book-mobile-toc' },
  ]) {
    await page.setViewportSize(viewport);
    await page.goto('/chapters/distances/');
    const current = page.locator(`${viewport.toc} a[aria-current="true"]`);
    await expect(current).toHaveAttribute('href', '#_top');
    const heading = page.locator('.sl-markdown-content h2[id]').nth(3);
    const id = (await heading.getAttribute('id'))!;
    await heading.scrollIntoViewIfNeeded(); // waits for it to be laid out (unfold.ts)
    // Scrolled to the top of the screen (the page's scroll padding under the header). On a busy
    // machine the text below the heading may not be shown yet (the unfolding shows it after the scroll
    // event), so the page is too short to bring the heading up: scroll again until it is there.
    await expect
      .poll(() =>
        heading.evaluate((element) => {
          element.scrollIntoView({ block: 'start', behavior: 'instant' });
          return Math.abs(element.getBoundingClientRect().top - parseFloat(getComputedStyle(document.documentElement).scrollPaddingTop));
        }),
      )
      .toBeLessThan(2);
    await expect(current).toHaveAttribute('href', `#${id}`);
    // Two small steps down: the heading's block stays in the band under the header while the next
    // block (a subsection's heading, 35 px below) enters it; the reader is still at the heading.
    for (const step of [10, 10]) {
      await page.mouse.wheel(0, step);
      await page.waitForTimeout(300);
    }
    await expect(current).toHaveAttribute('href', `#${id}`);
    if (viewport.toc === 'book-mobile-toc') {
      await expect(page.locator('book-mobile-toc .display-current')).toHaveText((await heading.textContent())!.trim());
    }
  }
});

test.describe('a long chapter unfolds after its load', () => {
  /** Every unit the unfolding shows: the idle callback (slice) that showed it, whether it is costly, when. */
  type UnfoldLog = Array<{ slice: number; costly: boolean; at: number }>;
  const path = '/chapters/distances/';
  /** How many of the text's blocks (scripts aside) have a box, out of how many. */
  const laidOut = (page: Page) =>
    page.evaluate(() => {
      const blocks = [...document.querySelectorAll('.sl-markdown-content > :not(script)')];
      return { shown: blocks.filter((block) => block.getClientRects().length > 0).length, total: blocks.length };
    });
  /**
   * Elements of the text (figures aside) with no box. Parts of a block are shown one at a time after
   * it; once unfolded, the text must hide exactly what it hides when it was never folded.
   */
  const hiddenInText = (page: Page) =>
    page.evaluate(
      () =>
        [...document.querySelectorAll('.sl-markdown-content *:not(script, style, .not-content, .not-content *)')].filter(
          (element) => element.getClientRects().length === 0,
        ).length,
    );
  /** `hiddenInText` on the page opened at a place in it: then nothing is folded. */
  const hiddenWhenNeverFolded = async (page: Page) => {
    await page.goto(`${path}#_`);
    expect(await page.evaluate(() => document.documentElement.classList.contains('sp-unfolding'))).toBe(false);
    return hiddenInText(page);
  };
  /** As on a machine too busy to give idle time: only the reader's actions unfold the text. */
  const withoutIdleTime = (page: Page) => page.addInitScript(() => (window.requestIdleCallback = () => 0));

  test('the first blocks are laid out when the text has been read, the rest in idle time', async ({ page }) => {
    const errors = watchForErrors(page);
    const expectedHidden = await hiddenWhenNeverFolded(page);
    await page.addInitScript(() =>
      document.addEventListener('DOMContentLoaded', () => {
        const blocks = [...document.querySelectorAll('.sl-markdown-content > :not(script)')];
        (window as unknown as { atParse: number }).atParse = blocks.filter((block) => block.getClientRects().length > 0).length;
      }),
    );
    await page.goto(path);
    const { total } = await laidOut(page);
    expect(total).toBeGreaterThan(100);
    const atParse = await page.evaluate(() => (window as unknown as { atParse: number }).atParse);
    expect(atParse).toBeGreaterThan(0);
    expect(atParse).toBeLessThanOrEqual(6);
    await expect.poll(async () => (await laidOut(page)).shown, { timeout: 30_000 }).toBe(total);
    await expect.poll(() => hiddenInText(page)).toBe(expectedHidden);
    errors.expectClean();
  });

  test('a figure, an exercise or a code block is laid out at the start of an idle slice, never after other units; slices pause between them', async ({ page }) => {
    // Each idle callback is a slice; every unit shown is logged with the slice that showed it, or 0
    // when no idle callback was running (the first screen, laid out with the page: an idle callback
    // of another script may come before it, so the count alone cannot tell).
    await page.addInitScript(() => {
      const log: UnfoldLog = [];
      (window as unknown as { unfoldLog: typeof log }).unfoldLog = log;
      let slices = 0;
      let slice = 0;
      const request = window.requestIdleCallback.bind(window);
      window.requestIdleCallback = (callback, options) =>
        request((deadline) => {
          slice = ++slices;
          try {
            callback(deadline);
          } finally {
            slice = 0;
          }
        }, options);
      const add = DOMTokenList.prototype.add;
      const owners = new WeakMap<DOMTokenList, Element>();
      const classList = Object.getOwnPropertyDescriptor(Element.prototype, 'classList')!;
      Object.defineProperty(Element.prototype, 'classList', {
        configurable: true,
        get() {
          const list = classList.get!.call(this) as DOMTokenList;
          owners.set(list, this);
          return list;
        },
      });
      DOMTokenList.prototype.add = function (...names: string[]) {
        const owner = owners.get(this);
        if (names.includes('sp-unfolded') && owner) log.push({ slice, costly: owner.matches('figure, saddle-exercise, .sp-figure-exercise, .expressive-code'), at: performance.now() });
        return add.apply(this, names);
      };
    });
    await page.goto('/chapters/spectral-normalisation/');
    await expect.poll(() => page.evaluate(() => document.querySelectorAll('.sl-markdown-content > :last-child.sp-unfolded').length), { timeout: 30_000 }).toBe(1);
    const log = await page.evaluate(() => (window as unknown as { unfoldLog: UnfoldLog }).unfoldLog);
    const inSlices = log.filter((unit) => unit.slice > 0);
    expect(inSlices.filter((unit) => unit.costly).length, 'costly units shown in idle time').toBeGreaterThan(5);
    const afterOthers = inSlices.filter((unit, i) => unit.costly && i > 0 && inSlices[i - 1].slice === unit.slice);
    expect(afterOthers.length, 'costly units shown after another unit in the same slice').toBe(0);
    // Each slice starts at least unfold.ts's pause (40 ms) after the one before it ended.
    const gaps = inSlices.flatMap((unit, i) => (i > 0 && inSlices[i - 1].slice !== unit.slice ? [unit.at - inSlices[i - 1].at] : []));
    expect(gaps.length).toBeGreaterThan(20);
    expect(Math.min(...gaps)).toBeGreaterThanOrEqual(39);
  });

  test('a key shows the whole text at once: End reaches its last block', async ({ page }) => {
    await withoutIdleTime(page);
    const expectedHidden = await hiddenWhenNeverFolded(page);
    await page.goto(path);
    const { shown, total } = await laidOut(page);
    expect(shown).toBeLessThan(total / 2);
    expect(await hiddenInText(page)).toBeGreaterThan(expectedHidden);
    await page.keyboard.press('End');
    expect((await laidOut(page)).shown).toBe(total);
    expect(await hiddenInText(page)).toBe(expectedHidden);
    await expect(page.locator('.sl-markdown-content > :not(script)').last()).toBeInViewport();
  });

  test('a code block wider than the column, shown by a key, can be scrolled from the keyboard', async ({ page }) => {
    await withoutIdleTime(page);
    await page.goto('/chapters/spectral-normalisation/');
    await page.keyboard.press('Shift');
    const code = page.locator('.sl-markdown-content .expressive-code pre').first();
    expect(await code.evaluate((pre) => pre.scrollWidth > pre.clientWidth)).toBe(true);
    await expect(code).toHaveAttribute('tabindex', '0');
  });

  test("the folded text's math face for primes is fetched before it is shown", async ({ page }) => {
    // A face that arrives while the text unfolds restyles every element using it, in one long task.
    await withoutIdleTime(page);
    await page.goto(path);
    const faces = ['Temml'];
    await expect
      .poll(() =>
        page.evaluate((families) => families.filter((family) => ![...document.fonts].some((face) => face.family === family && face.status === 'loaded')), faces),
      )
      .toEqual([]);
    expect((await laidOut(page)).shown).toBeLessThanOrEqual(6);
  });

  test('a link in the table of contents reaches a folded section', async ({ page }) => {
    await page.setViewportSize({ width: 1400, height: 900 });
    await withoutIdleTime(page);
    await page.goto(path);
    await page.locator('book-toc a[href="#references"]').click();
    await expect(page).toHaveURL(/#references$/);
    await expect(page.locator('#references')).toBeInViewport();
  });

  test('nothing is folded for a link to a place in the page, a reload or a printed page', async ({ page }) => {
    await withoutIdleTime(page);
    await page.goto(`${path}#references`);
    let { shown, total } = await laidOut(page);
    expect(shown).toBe(total);
    await expect(page.locator('#references')).toBeInViewport();
    await page.goto(path);
    expect((await laidOut(page)).shown).toBeLessThan(total / 2);
    await page.reload();
    expect((await laidOut(page)).shown).toBe(total);
    await page.goto(path);
    await page.emulateMedia({ media: 'print' });
    ({ shown, total } = await laidOut(page));
    expect(shown).toBe(total);
  });
});
