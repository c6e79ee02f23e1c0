import { test, expect } from '@playwright/test';
import AxeBuilder from '@axe-core/playwright';
import { figure, stepCount, watchForErrors } from './helpers';

const chapter = '/chapters/wasserstein/';
const ids = ['parallel-lines', 'saturated-vs-critic', 'value-surfaces', 'gradients-through-depth', 'wgan-gp-ring'];

test.describe('Chapter 5 training figures', () => {
  for (const id of ids) {
    test(`${id} trains when on screen and its plot changes, without console errors or NaN`, async ({ page }) => {
      const errors = watchForErrors(page);
      await page.goto(chapter);
      const shell = figure(page, id);
      await shell.scrollIntoViewIfNeeded();
      const plot = shell.getByTestId('plot');
      await expect(plot.locator('svg').first()).toBeVisible();
      const before = await plot.innerHTML();
      await expect.poll(() => stepCount(shell), { timeout: 60_000 }).toBeGreaterThan(3);
      await expect.poll(async () => (await plot.innerHTML()) !== before).toBe(true);
      await expect(shell.getByTestId('readout')).toContainText(/\d/);
      // A fast figure may finish its steps before the test gets to pause it.
      if ((await shell.getAttribute('data-state')) !== 'finished') await shell.getByTestId('pause').click({ timeout: 5_000 }).catch(() => undefined);
      await expect(shell).toHaveAttribute('data-state', /^(paused|finished)$/);
      expect(await shell.innerText()).not.toMatch(/NaN|Infinity/);
      errors.expectClean();
    });
  }

  test('parallel lines: θ is set from the keyboard, the critic retrains, and each θ leaves a dot', async ({ page }) => {
    const errors = watchForErrors(page);
    await page.goto(chapter);
    const shell = figure(page, 'parallel-lines');
    await shell.scrollIntoViewIfNeeded();
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

  test('value surfaces: the data menu switches to the Swiss roll; WGAN-GP ring: the objective menu switches to clipping', async ({ page }) => {
    const errors = watchForErrors(page);
    await page.goto(chapter);
    const surfaces = figure(page, 'value-surfaces');
    await surfaces.scrollIntoViewIfNeeded();
    await surfaces.getByTestId('quick-controls').getByLabel('Data').selectOption('swiss-roll');
    await expect(surfaces.getByTestId('readout')).toContainText('Swiss roll', { timeout: 60_000 });
    const ring = figure(page, 'wgan-gp-ring');
    await ring.scrollIntoViewIfNeeded();
    await ring.getByTestId('quick-controls').getByLabel('Objective').selectOption('clip');
    await expect.poll(() => stepCount(ring), { timeout: 60_000 }).toBeGreaterThan(2);
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
    const results = await new AxeBuilder({ page }).analyze();
    const serious = results.violations.filter((violation) => violation.impact === 'serious' || violation.impact === 'critical');
    expect(serious.map((violation) => `${violation.id}: ${violation.nodes.map((node) => node.target.join(' ')).join(', ')}`)).toEqual([]);
  });
});
