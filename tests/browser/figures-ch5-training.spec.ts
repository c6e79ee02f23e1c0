import { test, expect } from '@playwright/test';
import AxeBuilder from '@axe-core/playwright';
import { figure, stepCount, watchForErrors, drawnPlot, openFigure, pauseUnlessFinished, untilWideBlocksFocusable } from './helpers';

const chapter = '/chapters/wasserstein/';
const ids = ['parallel-lines', 'saturated-vs-critic', 'value-surfaces', 'gradients-through-depth', 'wgan-gp-ring'];

test.describe('Chapter 5 training figures', () => {
  for (const id of ids) {
    test(`${id} trains when on screen and its plot changes, without console errors or NaN`, async ({ page }) => {
      const { errors, shell } = await openFigure(page, chapter, id);
      const { plot, before } = await drawnPlot(shell);
      await expect.poll(() => stepCount(shell), { timeout: 60_000 }).toBeGreaterThan(3);
      await expect.poll(async () => (await plot.innerHTML()) !== before).toBe(true);
      await expect(shell.getByTestId('readout')).toContainText(/\d/);
      await pauseUnlessFinished(shell);
      await expect(shell).toHaveAttribute('data-state', /^(paused|finished)$/);
      expect(await shell.innerText()).not.toMatch(/NaN|Infinity/);
      errors.expectClean();
    });
  }

  test('parallel lines: θ is set from the keyboard, the critic retrains, and each θ leaves a dot', async ({ page }) => {
    const { errors, shell } = await openFigure(page, chapter, 'parallel-lines');
    await expect.poll(() => stepCount(shell), { timeout: 60_000 }).toBeGreaterThan(3);
    // The first θ's dot is drawn with a snapshot, which can come a frame after the step counter moves.
    await expect(shell.getByTestId('readout')).toContainText(/for 1 value of θ/, { timeout: 30_000 });
    const theta = shell.getByTestId('quick-controls').getByLabel(/θ/);
    await theta.focus();
    await page.keyboard.press('ArrowUp');
    await expect(theta).toHaveValue('0.6');
    await theta.press('Enter');
    await theta.blur();
    await expect(shell.getByTestId('readout')).toContainText('θ = 0.6', { timeout: 30_000 });
    await expect.poll(() => stepCount(shell), { timeout: 60_000 }).toBeGreaterThan(3);
    await expect(shell.getByTestId('readout')).toContainText(/for 2 values of θ/, { timeout: 30_000 });
    errors.expectClean();
  });

  test('value surfaces: the data menu switches to the Swiss roll; WGAN-GP ring: trains on the fused fast path, and the objective menu switches to clipping', async ({ page }) => {
    const errors = watchForErrors(page);
    await page.goto(chapter);
    const surfaces = figure(page, 'value-surfaces');
    await surfaces.scrollIntoViewIfNeeded();
    await surfaces.getByTestId('quick-controls').getByLabel('Data').selectOption('swiss-roll');
    await expect(surfaces.getByTestId('readout')).toContainText('Swiss roll', { timeout: 60_000 });
    const ring = figure(page, 'wgan-gp-ring');
    await ring.scrollIntoViewIfNeeded();
    // WGAN-GP and WGAN on the ring are small dense GANs: both train on the fused fast path.
    await expect(ring.getByTestId('backend')).toHaveAttribute('data-backend', 'wasm-fused', { timeout: 60_000 });
    await ring.getByTestId('quick-controls').getByLabel('Objective').selectOption('clip');
    await expect.poll(() => stepCount(ring), { timeout: 60_000 }).toBeGreaterThan(2);
    await expect(ring.getByTestId('backend')).toHaveAttribute('data-backend', 'wasm-fused');
    errors.expectClean();
  });

  test('axe finds no serious or critical violation with every training figure drawn once', async ({ page }) => {
    test.setTimeout(180_000);
    // Reduced motion: figures wait for a step, so the page is quiet while axe reads it.
    await page.emulateMedia({ reducedMotion: 'reduce' });
    await page.goto(chapter);
    for (const id of ids) {
      const shell = figure(page, id);
      await shell.scrollIntoViewIfNeeded();
      await shell.getByTestId('step').click();
      await expect.poll(() => stepCount(shell), { timeout: 60_000 }).toBeGreaterThan(0);
    }
    await untilWideBlocksFocusable(page);
    const results = await new AxeBuilder({ page }).analyze();
    const serious = results.violations.filter((violation) => violation.impact === 'serious' || violation.impact === 'critical');
    expect(serious.map((violation) => `${violation.id}: ${violation.nodes.map((node) => node.target.join(' ')).join(', ')}`)).toEqual([]);
  });
});
