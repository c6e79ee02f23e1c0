import { expect, test, type Page } from '@playwright/test';
import { figure, openFigure, paintedPixels, stepCount } from './helpers';

/**
 * Point clouds are painted by the paint worker on canvases whose control the page handed over
 * (src/components/plots/canvas-marks.ts), so the page's main thread never rasters them; where no
 * canvas can be handed over, or the worker cannot start, the page paints them itself.
 */
const chapter = '/chapters/adversarial-game/';

/** Each canvas of the ring figure: whether the page handed its control over, and its pixels in the generated samples' colour. */
async function ringCanvases(page: Page): Promise<Array<{ handedOver: boolean; generated: number }>> {
  const shell = figure(page, 'ring-gan');
  const colour = await shell.locator('path[data-mark="generated"]').first().evaluate((mark) => getComputedStyle(mark).stroke);
  const canvases = shell.locator('foreignObject.sp-canvas-mark canvas');
  const found: Array<{ handedOver: boolean; generated: number }> = [];
  for (const canvas of await canvases.all()) {
    // A canvas whose control went to a worker refuses a context here.
    const handedOver = await canvas.evaluate((element: HTMLCanvasElement) => {
      try {
        element.getContext('2d');
        return false;
      } catch {
        return true;
      }
    });
    found.push({ handedOver, generated: await paintedPixels(canvas, colour) });
  }
  return found;
}

/** Open the ring figure, take 40 steps, and wait until one of its canvases shows the generated samples. */
async function trainRing(page: Page) {
  const { errors, shell } = await openFigure(page, chapter, 'ring-gan', { reducedMotion: true });
  await expect(shell.getByTestId('run')).toBeEnabled({ timeout: 60_000 });
  await shell.focus();
  for (let i = 0; i < 4; i++) await page.keyboard.press('Shift+ArrowRight');
  await expect.poll(() => stepCount(shell), { timeout: 60_000 }).toBe(40);
  let canvases: Array<{ handedOver: boolean; generated: number }> = [];
  await expect
    .poll(async () => {
      canvases = await ringCanvases(page);
      return Math.max(0, ...canvases.map((canvas) => canvas.generated));
    }, { timeout: 30_000 })
    .toBeGreaterThan(50);
  return { errors, canvases };
}

test('the ring figure’s samples are painted by the paint worker, on a canvas the page handed over', async ({ page }) => {
  const { errors, canvases } = await trainRing(page);
  const points = canvases.find((canvas) => canvas.generated > 50)!;
  expect(points.handedOver).toBe(true);
  // The heat map's pixels are put by the page (one small image a frame): its canvas stays here.
  expect(canvases.some((canvas) => !canvas.handedOver)).toBe(true);
  errors.expectClean();
});

test('where a canvas cannot be handed to a worker, the page paints the samples itself', async ({ page }) => {
  await page.addInitScript(() => {
    delete (HTMLCanvasElement.prototype as Partial<HTMLCanvasElement>).transferControlToOffscreen;
  });
  const { errors, canvases } = await trainRing(page);
  expect(canvases.every((canvas) => !canvas.handedOver)).toBe(true);
  errors.expectClean();
});

test('when the paint worker cannot start, the page paints the samples itself', async ({ page }) => {
  // Its script never arrives (a flaky connection, a proxy that blocks it).
  await page.route(/paint\.worker[^/]*\.js/, (route) => route.abort());
  const { canvases } = await trainRing(page);
  expect(canvases.some((canvas) => canvas.generated > 50 && !canvas.handedOver)).toBe(true);
  expect(canvases.every((canvas) => !canvas.handedOver)).toBe(true);
});

test('when the paint worker gets no 2-D context for a canvas, the page paints the samples itself', async ({ page }) => {
  // A browser that hands canvases over but cannot draw on them off the page.
  await page.route(/paint\.worker[^/]*\.js$/, async (route) => {
    const response = await route.fetch();
    const body = `OffscreenCanvas.prototype.getContext = () => null;\n${await response.text()}`;
    await route.fulfill({ response, body });
  });
  const { errors, canvases } = await trainRing(page);
  expect(canvases.some((canvas) => canvas.generated > 50 && !canvas.handedOver)).toBe(true);
  expect(canvases.every((canvas) => !canvas.handedOver)).toBe(true);
  errors.expectClean();
});
