import { test, expect } from '@playwright/test';
import AxeBuilder from '@axe-core/playwright';
import { figure, settledStepCount, stepCount, watchForErrors } from './helpers';

const chapter = '/chapters/energy-based/';
const ids = ['energy-landscape', 'optimal-energy-1d', 'pull-away', 'ebgan-grid-search'];

test.describe('Chapter 7 figures', () => {
  for (const id of ids) {
    test(`${id} trains in a worker when on screen; pause, step and reset work`, async ({ page }) => {
      const errors = watchForErrors(page);
      await page.goto(chapter);
      const shell = figure(page, id);
      await shell.scrollIntoViewIfNeeded();
      const plot = shell.getByTestId('plot');
      await expect(plot.locator('svg').first()).toBeVisible();
      const before = await plot.innerHTML();
      await expect.poll(() => stepCount(shell), { timeout: 60_000 }).toBeGreaterThan(5);
      expect(page.workers().length).toBeGreaterThan(0);
      // Pause at once: these small figures can finish their whole run within seconds on a fast machine.
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
    });
  }

  test('energy landscape: the margin is a quick control, and the level set E = m is drawn', async ({ page }) => {
    const errors = watchForErrors(page);
    await page.emulateMedia({ reducedMotion: 'reduce' });
    await page.goto(chapter);
    const shell = figure(page, 'energy-landscape');
    await shell.scrollIntoViewIfNeeded();
    const margin = shell.getByTestId('quick-controls').getByLabel(/Margin/);
    await expect(margin).toHaveValue('1');
    // Keyboard only: focus the figure and step with the arrow key.
    await shell.focus();
    await page.keyboard.press('ArrowRight');
    await expect.poll(() => stepCount(shell), { timeout: 30_000 }).toBe(1);
    await expect(shell.getByTestId('readout')).toContainText('Margin m = 1');
    await expect.poll(() => shell.locator('.sp-margin-level path').count(), { timeout: 30_000 }).toBeGreaterThan(0);
    await margin.fill('0.5');
    await margin.press('Enter');
    await shell.focus();
    await page.keyboard.press('ArrowRight');
    await expect(shell.getByTestId('readout')).toContainText('Margin m = 0.5', { timeout: 30_000 });
    errors.expectClean();
  });

  test('optimal energy: the readout reports the distance to D* as a fraction of m', async ({ page }) => {
    const errors = watchForErrors(page);
    await page.goto(chapter);
    const shell = figure(page, 'optimal-energy-1d');
    await shell.scrollIntoViewIfNeeded();
    await expect.poll(() => stepCount(shell), { timeout: 60_000 }).toBeGreaterThan(300);
    // A fast figure may finish its 800 steps before the test gets to pause it.
    if ((await shell.getAttribute('data-state')) !== 'finished') await shell.getByTestId('pause').click({ timeout: 5_000 }).catch(() => undefined);
    const readout = shell.getByTestId('readout');
    await expect(readout).toContainText(/Mean \|E − D\*\| where the densities differ: [\d.]+ \(([\d.]+) of m\)/, { timeout: 30_000 });
    const fraction = Number(/\(([\d.]+) of m\)/.exec((await readout.textContent()) ?? '')![1]);
    expect(fraction).toBeLessThan(0.4);
    errors.expectClean();
  });

  test('grid search: next configuration moves to the next cell of the grid', async ({ page }) => {
    const errors = watchForErrors(page);
    await page.emulateMedia({ reducedMotion: 'reduce' });
    await page.goto(chapter);
    const shell = figure(page, 'ebgan-grid-search');
    await shell.scrollIntoViewIfNeeded();
    const next = shell.getByTestId('quick-controls').getByRole('button', { name: /Next configuration \(1 of 8\)/ });
    await next.focus();
    await page.keyboard.press('Enter');
    await expect(shell.getByTestId('quick-controls').getByRole('button', { name: /Next configuration \(2 of 8\)/ })).toBeVisible();
    await expect(shell.getByTestId('quick-controls').getByLabel('Learning rate')).toHaveValue('0.004');
    errors.expectClean();
  });

  test('the chapter page is axe clean with its figures drawn', async ({ page }) => {
    await page.goto(chapter);
    for (const id of ids) {
      const shell = figure(page, id);
      await shell.scrollIntoViewIfNeeded();
      await expect(shell.getByTestId('plot').locator('svg').first()).toBeVisible();
    }
    const results = await new AxeBuilder({ page }).analyze();
    expect(results.violations, JSON.stringify(results.violations, null, 2)).toEqual([]);
  });
});
