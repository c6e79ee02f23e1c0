import { test, expect, type Page } from '@playwright/test';
import { cp, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterFirstIdle, pages, figure, stepCount, waitForServiceWorker, watchForErrors, encodeLinkSettings } from './helpers';
import { serveStatic, distDir } from './static-server';
import { writeServiceWorker } from '../../src/integrations/offline';

// The other specs block service workers (playwright.config.ts): here they are the subject.
test.use({ serviceWorkers: 'allow' });

const chapters = pages.filter((path) => path.startsWith('/chapters/'));

/** One figure per chapter: a training figure, or for Chapter 2 (explorers only) the animated one. */
const figureOf: Record<string, string> = {
  '/chapters/adversarial-game/': 'gan-1d',
  '/chapters/distances/': 'sliding-apart',
  '/chapters/f-divergences/': 'variational-bound',
  '/chapters/f-gan/': 'fgan-gaussian-fit',
  '/chapters/wasserstein/': 'parallel-lines',
  '/chapters/spectral-normalisation/': 'sngan-ring',
  '/chapters/energy-based/': 'energy-landscape',
  '/chapters/mutual-information/': 'mine-bound-climb',
  '/chapters/training/': 'dirac-gan',
};

async function figureMoves(page: Page, id: string): Promise<void> {
  const shell = figure(page, id);
  await shell.scrollIntoViewIfNeeded();
  if (id === 'sliding-apart') {
    // An explorer: Play slides θ.
    await expect(shell).toHaveAttribute('data-state', 'ready');
    await shell.locator('button[data-control="play"]').click();
    const theta = shell.locator('[data-control="theta"] input[type="number"]');
    await expect.poll(async () => Number(await theta.inputValue()), { timeout: 30_000 }).toBeGreaterThan(1);
    await shell.locator('button[data-control="play"]').click();
    return;
  }
  await expect.poll(() => stepCount(shell), { timeout: 60_000 }).toBeGreaterThan(3);
  // The engine's WASM files came from the cache: no fallback to the CPU backend (a small dense GAN
  // trains on the fused fast path, 'wasm-fused', whose kernels come in a cached chunk too).
  await expect(shell.getByTestId('backend')).toHaveAttribute('data-backend', /^wasm(-fused)?$/);
  // …and a fused figure did not fall back for want of its kernels' chunk.
  await expect(shell.getByTestId('backend')).not.toContainText('could not start');
}

test('after one visit, every chapter, its math, a figure per chapter and search work with the server stopped', async ({ page, context }) => {
  test.setTimeout(600_000);
  const server = await serveStatic(distDir);
  try {
    await page.goto(`${server.url}/`);
    await waitForServiceWorker(page);
  } finally {
    await server.stop();
  }
  await context.setOffline(true);
  const errors = watchForErrors(page);

  for (const path of chapters) {
    // A share link's query must not matter to the cache.
    await page.goto(`${server.url}${path}?from=offline-test`);
    await expect(page.locator('main h1').first()).toBeVisible();
    expect(await page.locator('.math-display').count(), path).toBeGreaterThan(5);
    await expect(page.locator('.temml-error')).toHaveCount(0);
    await expect(page.getByRole('heading', { name: 'References', level: 2 })).toBeVisible();
    await figureMoves(page, figureOf[path]);
  }

  await page.goto(`${server.url}/`);
  await afterFirstIdle(page);
  await page.locator('button[data-open-modal]').click();
  const input = page.locator('dialog input.pagefind-ui__search-input');
  await expect(input).toBeVisible();
  await input.fill('optimal discriminator');
  await expect(page.locator('.pagefind-ui__result-link', { hasText: /adversarial game/i }).first()).toBeVisible();
  errors.expectClean();
});

test("a first visit's worker waits while a figure trains, and registers once the page is quiet", async ({ page }) => {
  test.setTimeout(180_000);
  const server = await serveStatic(distDir);
  try {
    const errors = watchForErrors(page);
    // A run far longer than the test, so that the figure is still training when the check is made.
    const settings = encodeLinkSettings({ training: { steps: 1_000_000 } });
    await page.goto(`${server.url}/chapters/adversarial-game/?fig.ring-gan=${settings}#fig-ring-gan`);
    const shell = figure(page, 'ring-gan');
    await expect(shell).toHaveAttribute('data-state', 'running', { timeout: 60_000 });
    await expect.poll(() => stepCount(shell), { timeout: 60_000 }).toBeGreaterThan(0);
    // Longer than register.ts's quiet time (5 s), which a training figure keeps from starting.
    await page.waitForTimeout(10_000);
    await expect(shell).toHaveAttribute('data-state', 'running');
    expect(await page.evaluate(async () => (await navigator.serviceWorker.getRegistration()) === undefined)).toBe(true);

    // Paused, the page is quiet: the worker registers, and precaches the book.
    await shell.getByTestId('pause').click();
    await waitForServiceWorker(page);
    errors.expectClean();
  } finally {
    await server.stop();
  }
});

test('a new deploy is offered quietly, loads on request, and replaces the old cache', async ({ page, context }) => {
  test.setTimeout(300_000);
  const site = await mkdtemp(join(tmpdir(), 'sp-deploy-'));
  await cp(distDir, site, { recursive: true });
  const server = await serveStatic(site);
  try {
    const chapter = `${server.url}/chapters/adversarial-game/`;
    await page.goto(chapter);
    // The first visit's worker is registered a few seconds after the load (register.ts), not with it.
    expect(await page.evaluate(async () => (await navigator.serviceWorker.getRegistration()) === undefined)).toBe(true);
    await waitForServiceWorker(page);
    const marker = page.getByTestId('second-deploy');
    await expect(marker).toHaveCount(0);

    // A second deploy: the chapter changes, and the build writes a new service worker.
    const pagePath = join(site, 'chapters/adversarial-game/index.html');
    const html = await readFile(pagePath, 'utf8');
    await writeFile(pagePath, html.replace('</h1>', '</h1><p data-testid="second-deploy">Second deploy</p>'));
    const before = await readFile(join(site, 'sw.js'), 'utf8');
    await writeServiceWorker(site);
    expect(await readFile(join(site, 'sw.js'), 'utf8')).not.toBe(before);

    // The open page finds it, keeps running its version, and says so without interrupting.
    await page.evaluate(async () => (await navigator.serviceWorker.getRegistration())!.update());
    const notice = page.locator('#sp-update-notice');
    await expect(notice).toBeVisible({ timeout: 60_000 });
    await expect(notice).toHaveAttribute('role', 'status');
    await expect(notice).toContainText('new version');
    await expect(marker).toHaveCount(0);

    // "Load it": the new worker takes over and the page reloads into the new version.
    await notice.getByRole('button', { name: 'Load it' }).click();
    await expect(marker).toBeVisible({ timeout: 30_000 });

    // Offline, the new version is what the cache holds, once, in one precache.
    await server.stop();
    await context.setOffline(true);
    await page.reload();
    await expect(marker).toBeVisible();
    const cached = await page.evaluate(async () => {
      const names = await caches.keys();
      const precaches = names.filter((name) => name.includes('precache'));
      const entries = await (await caches.open(precaches[0])).keys();
      return { precaches, chapterEntries: entries.filter((r) => new URL(r.url).pathname.startsWith('/chapters/adversarial-game/')).length };
    });
    expect(cached.precaches).toHaveLength(1);
    expect(cached.chapterEntries).toBe(1);
  } finally {
    await server.stop();
    await rm(site, { recursive: true, force: true });
  }
});
