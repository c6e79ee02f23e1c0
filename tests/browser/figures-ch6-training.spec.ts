import { test, expect } from '@playwright/test';
import AxeBuilder from '@axe-core/playwright';
import { encodeLinkSettings, figure, stepCount, watchForErrors, openFigure, expectNoNaN } from './helpers';

const chapter = '/chapters/spectral-normalisation/';

test.describe('Chapter 6 training figures', () => {
  const cases = [
    { id: 'sngan-ring', readout: /Modes captured: \d+ of 8/ },
    { id: 'singular-value-spectra', readout: /Spectral norm at step \d+: stable rank Σσᵢ²\/σ₁² layer 2 \d/ },
    { id: 'sngan-robustness', readout: /Setting A at step \d+: weight clipping \d\/8 modes/ },
  ];
  for (const { id, readout } of cases) {
    test(`${id} trains in workers, draws and reports finite numbers`, async ({ page }) => {
      const { errors, shell } = await openFigure(page, chapter, id);
      const before = await shell.getByTestId('plot').innerHTML();
      await expect.poll(() => stepCount(shell), { timeout: 60_000 }).toBeGreaterThan(2);
      await expect(shell.getByTestId('readout')).toContainText(readout, { timeout: 30_000 });
      await shell.getByTestId('pause').click();
      await shell.getByTestId('plot').screenshot({ path: test.info().outputPath(`${id}.png`) });
      expect(await shell.getByTestId('plot').innerHTML()).not.toEqual(before);
      await expectNoNaN(shell);
      errors.expectClean();
    });
  }

  test('sngan-ring: the method switch trains clipping on the same seed; σ₁(W)/σ̂ in the readout; the keyboard steps it', async ({ page }) => {
    const { errors, shell } = await openFigure(page, chapter, 'sngan-ring', { reducedMotion: true });
    await shell.focus();
    await page.keyboard.press('ArrowRight');
    await expect.poll(() => stepCount(shell), { timeout: 45_000 }).toBe(1);
    const readout = shell.getByTestId('readout');
    await expect(readout).toContainText(/Spectral norm: .*σ₁\(W\)\/σ̂\): 1(\.\d+)?, 1(\.\d+)?, 1(\.\d+)?/, { timeout: 30_000 });
    const method = shell.getByTestId('quick-controls').getByLabel('Slope control');
    await method.selectOption('clip');
    await shell.getByTestId('step').click();
    await expect(readout).toContainText(/Weight clipping: .*\(σ₁\(W\)\): 0\.\d+/, { timeout: 30_000 });
    await expect(shell.getByTestId('seed')).toHaveValue('1');
    errors.expectClean();
  });

  test('sngan-robustness: "Run every setting" fills the whole table, one setting after another', async ({ page }) => {
    const errors = watchForErrors(page);
    await page.emulateMedia({ reducedMotion: 'reduce' });
    // Two generator steps per cell keep the sweep short; the figure's own runs are longer.
    await page.goto(`${chapter}?fig.sngan-robustness=${encodeLinkSettings({ training: { steps: 2 } })}#fig-sngan-robustness`);
    const shell = figure(page, 'sngan-robustness');
    await shell.scrollIntoViewIfNeeded();
    const sweep = shell.getByTestId('quick-controls').getByTestId('sweep');
    await sweep.focus();
    await page.keyboard.press('Enter');
    await expect(shell.getByTestId('readout')).toContainText('18 of 18 cells finished', { timeout: 120_000 });
    await expect(shell.getByTestId('quick-controls').getByLabel(/Setting/)).toHaveValue('F');
    await expect(shell.locator('.sp-cell-main', { hasText: 'modes' })).toHaveCount(18);
    errors.expectClean();
  });

  test('axe finds no serious or critical violation in the training figures, drawn after a step', async ({ page }) => {
    test.setTimeout(180_000);
    await page.emulateMedia({ reducedMotion: 'reduce' });
    await page.goto(chapter);
    const ids = ['sngan-ring', 'singular-value-spectra', 'sngan-robustness'];
    for (const id of ids) {
      const shell = figure(page, id);
      await shell.scrollIntoViewIfNeeded();
      await shell.getByTestId('step').click();
      await expect.poll(() => stepCount(shell), { timeout: 60_000 }).toBe(1);
    }
    // The whole page is checked by pages.spec.ts; here the three figures with their plots drawn.
    let builder = new AxeBuilder({ page });
    for (const id of ids) builder = builder.include(`sp-figure[figure-id="${id}"]`);
    const results = await builder.analyze();
    const serious = results.violations.filter((violation) => ['serious', 'critical'].includes(violation.impact ?? ''));
    expect(serious.map((violation) => `${violation.id}: ${violation.help}`)).toEqual([]);
  });
});
