/**
 * Reproducers (issue 13) in the browser: the gallery page and its filter, the static renders in the
 * Figure shell (before the first snapshot, without JavaScript, with reduced motion, in print), that
 * each static render has the same marks as the live figure it stands for, and that a reader's run
 * and the command line's give the same numbers.
 */
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { test, expect, type Page } from '@playwright/test';
import AxeBuilder from '@axe-core/playwright';
import { encodeLinkSettings, figure, pages, watchForErrors } from './helpers';
import { figures } from '../../src/engine/experiments/figures';

const gallery = '/reproductions/';

/** The structure of a plot's svg: for each data layer (not axes, grid or notes), its marks as "tag#key" with counts. */
function markSignature(svgText: string, excludeAxes: boolean): Record<string, Record<string, number>> {
  const doc = new DOMParser().parseFromString(svgText, 'image/svg+xml');
  const signature: Record<string, Record<string, number>> = {};
  const skipped = excludeAxes ? ['sp-layer-axes', 'sp-layer-grid', 'sp-layer-note'] : ['sp-layer-note'];
  const layers = Array.from(doc.querySelectorAll('g.sp-layer'));
  layers.forEach((layer, index) => {
    const name = Array.from(layer.classList).find((name) => name.startsWith('sp-layer-')) ?? `layer-${index}`;
    if (skipped.includes(name)) return;
    const panel = layer.closest('.sp-panel')?.getAttribute('class')?.split(' ').find((name) => name.startsWith('sp-panel-')) ?? 'svg';
    const marks: Record<string, number> = {};
    for (const element of Array.from(layer.querySelectorAll('*'))) {
      // Axis-like groups (ticks) follow the data's range: compare their presence, not their count.
      if (element.closest('.tick')) continue;
      // State classes (a mode "captured" or not) change as training goes: compare the first class only.
      const kind = (element.getAttribute('class') ?? '').split(' ')[0];
      const key = `${element.tagName}${element.getAttribute('data-mark') ? `#${element.getAttribute('data-mark')}` : ''}.${kind}`;
      marks[key] = (marks[key] ?? 0) + 1;
    }
    signature[`${panel}/${name}/${index}`] = marks;
  });
  return signature;
}

async function liveAndStaticSignatures(page: Page, id: string, explorer: boolean) {
  return page.evaluate(
    async ({ id, explorer, source }) => {
      // eslint-disable-next-line no-new-func -- the signature function is defined once, in Node, and shipped as text
      const signature = new Function(`return (${source})`)() as (text: string, excludeAxes: boolean) => Record<string, Record<string, number>>;
      const shell = document.querySelector(`sp-figure[figure-id="${id}"]`)!;
      const live = shell.querySelector('.sp-plot > svg')!;
      const staticText = await (await fetch(`/renders/${id}.svg`)).text();
      return { live: signature(new XMLSerializer().serializeToString(live), !explorer), rendered: signature(staticText, !explorer) };
    },
    { id, explorer, source: markSignature.toString() },
  );
}

test.describe('Reproductions page', () => {
  test('lists the paper figures with every part, filters by paper and chapter, and is accessible', async ({ page }) => {
    const errors = watchForErrors(page);
    await page.goto(gallery);
    const entries = page.getByTestId('repro-entry');
    const total = await entries.count();
    expect(total).toBeGreaterThanOrEqual(2);
    for (const id of ['gan-1d', 'fgan-gaussian-fit']) await expect(page.locator(`[data-figure-id="${id}"]`)).toBeVisible();
    for (let i = 0; i < total; i++) {
      const entry = entries.nth(i);
      for (const field of ['paper', 'shows', 'render', 'live', 'paper-settings', 'our-settings', 'differences', 'downloads', 'command']) {
        await expect(entry.locator(`[data-field="${field}"]`)).toHaveCount(1);
      }
      await expect(entry.locator('[data-field="paper"] a')).toHaveAttribute('href', /^https:\/\/arxiv\.org\/abs\//);
      const image = entry.locator('[data-field="render"] img');
      await image.scrollIntoViewIfNeeded();
      await expect.poll(() => image.evaluate((img: HTMLImageElement) => img.complete && img.naturalWidth > 0)).toBe(true);
      // The live figure's link leads to its anchor in the chapter.
      const href = await entry.locator('[data-field="live"]').getAttribute('href');
      expect(href).toMatch(/^\/chapters\/[a-z0-9-]+\/#fig-[a-z0-9-]+$/);
    }
    await expect(page.getByTestId('backend-drift').locator('tbody tr')).not.toHaveCount(0);

    // Filter by paper: only f-GAN's entries stay.
    await page.getByLabel('Paper').selectOption('nowozin2016');
    await expect(page.locator('[data-figure-id="fgan-gaussian-fit"]')).toBeVisible();
    await expect(page.locator('[data-figure-id="gan-1d"]')).toBeHidden();
    await expect(page.getByTestId('filter-status')).toHaveText(new RegExp(`^Showing \\d+ of ${total} reproductions\\.$`));
    // And by chapter: Chapter 1 with f-GAN's paper matches nothing; with all papers, Figure 1.1.
    await page.getByLabel('Chapter').selectOption('/chapters/adversarial-game/');
    await expect(page.getByTestId('filter-empty')).toBeVisible();
    await page.getByLabel('Paper').selectOption('');
    await expect(page.locator('[data-figure-id="gan-1d"]')).toBeVisible();
    await expect(page.locator('[data-figure-id="fgan-gaussian-fit"]')).toBeHidden();
    await page.getByLabel('Chapter').selectOption('');
    await expect(page.getByTestId('filter-status')).toHaveText(`Showing all ${total} reproductions.`);

    const results = await new AxeBuilder({ page }).analyze();
    const serious = results.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical');
    expect(serious.map((v) => `${v.id}: ${v.help} (${v.nodes.map((n) => n.target.join(' ')).join(', ')})`)).toEqual([]);
    errors.expectClean();
  });
});

test.describe('Static renders in the Figure shell', () => {
  test('with reduced motion the reference render stays until the reader steps; then the live plot replaces it', async ({ page }) => {
    await page.emulateMedia({ reducedMotion: 'reduce' });
    const errors = watchForErrors(page);
    await page.goto('/chapters/adversarial-game/');
    const shell = figure(page, 'gan-1d');
    await shell.scrollIntoViewIfNeeded();
    const image = shell.getByTestId('static-render').locator('img');
    await expect(image).toBeVisible();
    await expect.poll(() => image.evaluate((img: HTMLImageElement) => img.complete && img.naturalWidth > 0)).toBe(true);
    await expect(shell.locator('.sp-plot > svg')).toBeHidden();
    // The worker starts on screen (step 0 arrives) but the picture stays: nothing moves by itself.
    await expect(shell.getByTestId('backend')).toHaveAttribute('data-backend', /.+/);
    await expect(image).toBeVisible();
    await shell.getByTestId('step').click();
    await expect(shell).toHaveAttribute('data-live', '');
    await expect(image).toBeHidden();
    await expect(shell.locator('.sp-plot > svg')).toBeVisible();
    errors.expectClean();
  });

  test('a figure gives up its render only once its live plot is there (an explorer loads its module first)', async ({ page }) => {
    // Record, at the moment each shell is marked live, whether its live plot already exists.
    await page.addInitScript(() => {
      const seen: Record<string, boolean> = {};
      (window as unknown as { liveSeen: Record<string, boolean> }).liveSeen = seen;
      new MutationObserver((records) => {
        for (const record of records) {
          const shell = record.target as HTMLElement;
          if (shell.localName !== 'sp-figure' || !shell.hasAttribute('data-live')) continue;
          seen[shell.getAttribute('figure-id') ?? '?'] ??= shell.querySelector('.sp-plot > svg') !== null;
        }
      }).observe(document, { subtree: true, attributes: true, attributeFilter: ['data-live'] });
    });
    const errors = watchForErrors(page);
    await page.goto('/chapters/f-divergences/');
    const ids = await page.locator('sp-figure').evaluateAll((shells) => shells.map((shell) => shell.getAttribute('figure-id')!));
    for (const id of ids) {
      await figure(page, id).scrollIntoViewIfNeeded();
      await expect(figure(page, id)).toHaveAttribute('data-live', '');
    }
    const seen = await page.evaluate(() => (window as unknown as { liveSeen: Record<string, boolean> }).liveSeen);
    expect(Object.keys(seen).sort()).toEqual([...ids].sort());
    for (const id of ids) expect(seen[id], `${id} was marked live before its plot existed`).toBe(true);
    errors.expectClean();
  });

  test('without JavaScript every figure of a chapter shows its render', async ({ browser }) => {
    const context = await browser.newContext({ javaScriptEnabled: false });
    const page = await context.newPage();
    await page.goto('/chapters/f-gan/');
    const shells = page.locator('sp-figure');
    const count = await shells.count();
    expect(count).toBeGreaterThan(0);
    for (let i = 0; i < count; i++) {
      const image = shells.nth(i).getByTestId('static-render').locator('img');
      await image.scrollIntoViewIfNeeded();
      await expect(image).toBeVisible();
      await expect.poll(() => image.evaluate((img: HTMLImageElement) => img.complete && img.naturalWidth > 0)).toBe(true);
    }
    await context.close();
  });

  // Every chapter: a figure added without a render fails here (its /renders/<id>.svg is a 404).
  for (const path of pages.filter((candidate) => candidate.startsWith('/chapters/'))) {
    test(`${path}: each render has the marks of the live figure after its first snapshot`, async ({ page }) => {
      const errors = watchForErrors(page);
      await page.goto(path);
      const ids = await page.locator('sp-figure').evaluateAll((shells) => shells.map((shell) => shell.getAttribute('figure-id')!));
      expect(ids.length).toBeGreaterThan(0);
      for (const id of ids) {
        const shell = figure(page, id);
        await shell.scrollIntoViewIfNeeded();
        const explorer = !(id in figures);
        if (!explorer) {
          // The first snapshot has arrived: the backend badge names the backend, and the live plot shows.
          await expect(shell.getByTestId('backend')).toHaveAttribute('data-backend', /.+/);
        }
        await expect(shell).toHaveAttribute('data-live', '');
        await page.evaluate(() => new Promise((resolve) => requestAnimationFrame(() => requestAnimationFrame(resolve))));
        const { live, rendered } = await liveAndStaticSignatures(page, id, explorer);
        expect(Object.keys(live).length, `${id}: no data layers`).toBeGreaterThan(0);
        expect(rendered, `${id}: the static render's marks differ from the live figure's`).toEqual(live);
        // Let the next figure have the machine.
        // (A short figure may finish between the check and the click: then there is nothing to pause.)
        const pause = shell.getByTestId('pause');
        if (!explorer && (await pause.isVisible())) await pause.click({ timeout: 5_000 }).catch(() => undefined);
      }
      errors.expectClean();
    });
  }

  test('a chapter printed to PDF shows every figure as its render, with its caption, and no controls', async ({ page }) => {
    await page.goto('/chapters/f-gan/');
    await page.emulateMedia({ media: 'print' });
    const shells = page.locator('.sp-figure');
    const count = await shells.count();
    expect(count).toBeGreaterThan(0);
    for (let i = 0; i < count; i++) {
      const shell = shells.nth(i);
      const image = shell.getByTestId('static-render').locator('img');
      await expect(image).toBeVisible();
      await expect.poll(() => image.evaluate((img: HTMLImageElement) => img.complete && img.naturalWidth > 0)).toBe(true);
      await expect(shell.locator('figcaption')).toBeVisible();
      await expect(shell.locator('figcaption')).toContainText(/^Figure \d+\.\d+\./);
      for (const part of ['run', 'seed', 'share', 'export-png']) await expect(shell.getByTestId(part)).toBeHidden();
      await expect(shell.locator('.sp-plot > svg')).toBeHidden();
    }
    const pdf = await page.pdf({ format: 'A4' });
    expect(pdf.subarray(0, 5).toString()).toBe('%PDF-');
    // One page per figure at least: the chapter's text and its figures are all there.
    const pageCount = (pdf.toString('latin1').match(/\/Type\s*\/Page[^s]/g) ?? []).length;
    expect(pageCount).toBeGreaterThanOrEqual(count);
  });

  test('a render is fetched only when its figure nears the screen, and every render for printing', async ({ page }) => {
    const errors = watchForErrors(page);
    const fetched: string[] = [];
    page.on('request', (request) => {
      const match = /\/renders\/([a-z0-9-]+)\.svg$/.exec(new URL(request.url()).pathname);
      if (match) fetched.push(match[1]);
    });
    await page.goto('/chapters/adversarial-game/');
    const ids = await page.locator('sp-figure').evaluateAll((shells) => shells.map((shell) => shell.getAttribute('figure-id')!));
    const last = ids[ids.length - 1];
    // The page settles (its text unfolded, the first screen's figures set up) without the last figure's render.
    await expect(page.locator('.sl-markdown-content > :last-child')).toBeVisible();
    await page.evaluate(() => new Promise((resolve) => setTimeout(resolve, 1_000)));
    expect(fetched).not.toContain(last);
    // Near the screen it loads (before the live plot replaces it).
    const shell = figure(page, last);
    await shell.scrollIntoViewIfNeeded();
    await expect.poll(() => fetched).toContain(last);
    // Print media asks for every render at once, also those of figures already live.
    await page.evaluate(() => window.scrollTo(0, 0));
    await page.emulateMedia({ media: 'print' });
    const images = page.getByTestId('static-render').locator('img');
    await expect.poll(() => images.evaluateAll((all: HTMLImageElement[]) => all.every((img) => img.complete && img.naturalWidth > 0))).toBe(true);
    expect(new Set(fetched)).toEqual(new Set(ids));
    errors.expectClean();
  });
});

test('a reader’s run of the ring figure and the command line’s, on the backend the figure names, plot the same numbers', async ({ page }) => {
  test.setTimeout(180_000);
  const errors = watchForErrors(page);
  const steps = 300;
  await page.goto(`/chapters/adversarial-game/#fig-ring-gan&fig.ring-gan=${encodeLinkSettings({ training: { steps } })}`);
  const shell = figure(page, 'ring-gan');
  await expect(shell).toHaveAttribute('data-state', 'finished', { timeout: 120_000 });
  const backend = await shell.getByTestId('backend').getAttribute('data-backend');
  // The fast path with WASM (Chromium has it); the command shown is the one run below.
  expect(backend).toBe('wasm-fused');
  await expect(shell.getByTestId('reproduce')).toHaveText('npm run experiment -- --config ring-gan.json --backend wasm-fused');
  const [download] = await Promise.all([page.waitForEvent('download'), shell.getByTestId('export-csv').click()]);
  const inBrowser = readFileSync((await download.path())!, 'utf8');
  const node = spawnSync('npx', ['tsx', 'tests/browser/support/plot-csv-in-node.ts', 'ring-gan', String(steps), backend!], { encoding: 'utf8' });
  expect(node.status, node.stderr).toBe(0);
  // Every plotted number (the samples, the critic's grid, the curves) is the same; the provenance
  // lines (with the time and the book's version) aside.
  const rows = (csv: string) => csv.split('\n').filter((line) => !line.startsWith('#'));
  expect(rows(inBrowser).length).toBeGreaterThan(1000);
  expect(rows(inBrowser)).toEqual(rows(node.stdout));
  errors.expectClean();
});
