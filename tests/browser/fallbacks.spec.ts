/**
 * Fallbacks (issue 16, item 3): a browser without WebAssembly trains the figures on WebGL, one
 * without WebAssembly and WebGL on the CPU, and the backend badge says why; a browser without
 * JavaScript shows each figure's static render with its caption and every exercise's question.
 *
 * WebAssembly is removed as a browser without it would look: the WebAssembly global is deleted in
 * the page (an init script) and in the training worker, whose script is served with the same line
 * prepended (an init script does not reach workers, where the engine runs; V8's
 * `--js-flags=--noexpose_wasm` no longer hides WebAssembly in Chromium 156, tried). WebGL is refused
 * as on a machine without a usable GPU: `--disable-gpu --disable-software-rasterizer`, in a browser
 * launched for that test (`--disable-webgl` alone still lets a worker's OffscreenCanvas make a
 * WebGL context in Chromium 156, tried). Each test first checks inside the worker that the feature is really gone.
 */
import { test, expect, chromium, type Browser, type BrowserContext, type Page } from '@playwright/test';
import config from '../../playwright.config';
import { figure, pages, stepCount, watchForErrors } from './helpers';

const chapter = '/chapters/adversarial-game/';
const id = 'gan-1d';
const baseURL = config.use!.baseURL!;
const launchOptions = config.use!.launchOptions!;

async function launchWith(flags: string[]): Promise<Browser> {
  return chromium.launch({ ...launchOptions, args: [...(launchOptions.args ?? []), ...flags] });
}

/** A context in which the page and the training workers have no WebAssembly global. */
async function contextWithoutWasm(browser: Browser): Promise<BrowserContext> {
  const context = await browser.newContext();
  await context.addInitScript(() => Reflect.deleteProperty(globalThis, 'WebAssembly'));
  await context.route(/\/_astro\/training\.worker-[^/]*\.js$/, async (route) => {
    const response = await route.fetch();
    const body = `Reflect.deleteProperty(globalThis, 'WebAssembly');\n${await response.text()}`;
    await route.fulfill({ response, body });
  });
  return context;
}

/** Run Figure 1.1 until it has trained a few steps; return the page's first training worker. */
async function trainFigure(page: Page) {
  await page.goto(new URL(chapter, baseURL).href);
  const shell = figure(page, id);
  await shell.scrollIntoViewIfNeeded();
  await expect.poll(() => stepCount(shell), { timeout: 60_000 }).toBeGreaterThan(5);
  const worker = page.workers().find((candidate) => /training\.worker/.test(candidate.url()));
  expect(worker).toBeDefined();
  await expect(shell.getByTestId('plot').locator('svg').first()).toBeVisible();
  expect(await shell.innerText()).not.toMatch(/NaN|Infinity/);
  return { shell, worker: worker! };
}

test.describe('The fused fast path (wasm-fused)', () => {
  test('with WebAssembly SIMD, Figure 1.1 (a small dense GAN) trains on wasm-fused and the badge says why; a figure it cannot fuse stays on wasm', async ({ page }) => {
    const errors = watchForErrors(page);
    const { shell } = await trainFigure(page);
    const badge = shell.getByTestId('backend');
    await expect(badge).toHaveAttribute('data-backend', 'wasm-fused');
    await expect(badge).toContainText('Using the fused WASM SIMD fast path');
    // Figure 1.2 has an affine generator: TensorFlow.js on WASM trains it.
    const other = figure(page, 'optimal-discriminator');
    await other.scrollIntoViewIfNeeded();
    await expect.poll(() => stepCount(other), { timeout: 60_000 }).toBeGreaterThan(2);
    await expect(other.getByTestId('backend')).toHaveAttribute('data-backend', 'wasm');
    expect(await shell.innerText()).not.toMatch(/NaN|Infinity/);
    errors.expectClean();
  });
});

test.describe('Fallbacks without WebAssembly', () => {
  test('WebAssembly disabled: the figure trains on WebGL and the badge says WebAssembly is disabled', async ({ browser }) => {
    const context = await contextWithoutWasm(browser);
    try {
      const page = await context.newPage();
      const errors = watchForErrors(page);
      const { shell, worker } = await trainFigure(page);
      expect(await page.evaluate(() => typeof WebAssembly)).toBe('undefined');
      expect(await worker.evaluate(() => typeof WebAssembly)).toBe('undefined');
      const badge = shell.getByTestId('backend');
      await expect(badge).toHaveAttribute('data-backend', 'webgl');
      await expect(badge).toContainText('WebAssembly is disabled in this browser');
      errors.expectClean();
    } finally {
      await context.close();
    }
  });

  test('WebAssembly and WebGL disabled: the figure trains on the CPU and the badge says why', async () => {
    const browser = await launchWith(['--disable-gpu', '--disable-software-rasterizer']);
    try {
      const page = await (await contextWithoutWasm(browser)).newPage();
      const errors = watchForErrors(page);
      const { shell, worker } = await trainFigure(page);
      expect(await worker.evaluate(() => typeof WebAssembly)).toBe('undefined');
      expect(
        await worker.evaluate(() => {
          const canvas = new OffscreenCanvas(4, 4);
          return canvas.getContext('webgl2') === null && canvas.getContext('webgl') === null;
        }),
      ).toBe(true);
      const badge = shell.getByTestId('backend');
      await expect(badge).toHaveAttribute('data-backend', 'cpu');
      await expect(badge).toContainText('WebAssembly is disabled in this browser');
      await expect(badge).toContainText('WebGL failed to start');
      errors.expectClean();
    } finally {
      await browser.close();
    }
  });
});

test('the bench page marks WebGL unavailable where no context can be made, and keeps WASM and the CPU', async () => {
  const browser = await launchWith(['--disable-gpu', '--disable-software-rasterizer']);
  try {
    const page = await browser.newPage();
    const errors = watchForErrors(page);
    await page.goto(new URL('/bench/', baseURL).href);
    const box = (backend: string) => page.locator(`input[name="backend"][value="${backend}"]`);
    await expect(page.locator('[data-backend-note="webgl"]')).toHaveText(': no WebGL context');
    await expect(box('webgl')).toBeDisabled();
    await expect(box('wasm')).toBeEnabled();
    await expect(box('cpu')).toBeEnabled();
    errors.expectClean();
  } finally {
    await browser.close();
  }
});

test.describe('Without JavaScript', () => {
  for (const path of pages.filter((candidate) => candidate.startsWith('/chapters/'))) {
    test(`${path}: every figure shows its static render and caption, every exercise its question`, async ({ browser }) => {
      const context = await browser.newContext({ javaScriptEnabled: false });
      const page = await context.newPage();
      const errors = watchForErrors(page);
      await page.goto(path);

      const figures = page.locator('figure.sp-figure');
      const count = await figures.count();
      expect(count, 'figures on the page').toBeGreaterThan(0);
      for (let i = 0; i < count; i++) {
        const item = figures.nth(i);
        const image = item.getByTestId('static-render').locator('img');
        await image.scrollIntoViewIfNeeded();
        await expect(image, `render of ${await item.getAttribute('data-figure-id')}`).toBeVisible();
        await expect.poll(() => image.evaluate((img: HTMLImageElement) => img.complete && img.naturalWidth > 0)).toBe(true);
        const caption = item.locator('figcaption');
        await expect(caption).toBeVisible();
        await expect(caption).toContainText(/^Figure \d+\.\d+\.\s*\S/);
      }

      const questions = page.locator('saddle-exercise .exercise-question, .sp-figure-exercise-question');
      const exercises = await page.locator('saddle-exercise, .sp-figure-exercise').count();
      expect(exercises, 'exercises on the page').toBeGreaterThan(0);
      await expect(questions).toHaveCount(exercises);
      for (let i = 0; i < exercises; i++) {
        const question = questions.nth(i);
        await question.scrollIntoViewIfNeeded();
        await expect(question).toBeVisible();
        // Rendered text (off-screen blocks are drawn once near the screen: content-visibility).
        await expect.poll(async () => (await question.innerText()).trim().length).toBeGreaterThan(10);
      }
      errors.expectClean();
      await context.close();
    });
  }
});
