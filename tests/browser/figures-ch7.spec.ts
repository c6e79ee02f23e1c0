import { test, expect } from '@playwright/test';
import AxeBuilder from '@axe-core/playwright';
import { figure, stepCount, expectTrainsPausesStepsResets, openFigure, pauseUnlessFinished, untilWideBlocksFocusable } from './helpers';

const chapter = '/chapters/energy-based/';
const ids = ['energy-landscape', 'optimal-energy-1d', 'pull-away', 'ebgan-grid-search'];

test.describe('Chapter 7 figures', () => {
  for (const id of ids) {
    test(`${id} trains in a worker when on screen; pause, step and reset work`, ({ page }) => expectTrainsPausesStepsResets(page, chapter, id));
  }

  test('energy landscape: the margin is a quick control, and the level set E = m is drawn', async ({ page }) => {
    const { errors, shell } = await openFigure(page, chapter, 'energy-landscape', { reducedMotion: true });
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
    const { errors, shell } = await openFigure(page, chapter, 'optimal-energy-1d');
    await expect.poll(() => stepCount(shell), { timeout: 60_000 }).toBeGreaterThan(300);
    await pauseUnlessFinished(shell);
    const readout = shell.getByTestId('readout');
    await expect(readout).toContainText(/Mean \|E − D\*\| where the densities differ: [\d.]+ \(([\d.]+) of m\)/, { timeout: 30_000 });
    const fraction = Number(/\(([\d.]+) of m\)/.exec((await readout.textContent()) ?? '')![1]);
    expect(fraction).toBeLessThan(0.4);
    errors.expectClean();
  });

  test('grid search: next configuration moves to the next cell of the grid', async ({ page }) => {
    const { errors, shell } = await openFigure(page, chapter, 'ebgan-grid-search', { reducedMotion: true });
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
    await untilWideBlocksFocusable(page);
    const results = await new AxeBuilder({ page }).analyze();
    expect(results.violations, JSON.stringify(results.violations, null, 2)).toEqual([]);
  });
});
