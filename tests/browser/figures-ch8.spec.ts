import { test, expect } from '@playwright/test';
import AxeBuilder from '@axe-core/playwright';
import { figure, stepCount, watchForErrors, expectTrainsPausesStepsResets, openFigure, paintedPixels, untilWideBlocksFocusable } from './helpers';

const chapter = '/chapters/mutual-information/';
const ids = ['mine-bound-climb', 'mi-gaussians', 'mi-nonlinear', 'mine-gan'];

test.describe('Chapter 8 figures', () => {
  for (const id of ids) {
    test(`${id} trains in a worker when on screen; pause, step and reset work`, ({ page }) => expectTrainsPausesStepsResets(page, chapter, id));
  }

  test('mine-bound-climb: the three switches change the run, and the keyboard steps it', async ({ page }) => {
    const { errors, shell } = await openFigure(page, chapter, 'mine-bound-climb', { reducedMotion: true });
    await shell.focus();
    await page.keyboard.press('ArrowRight');
    await expect.poll(() => stepCount(shell), { timeout: 30_000 }).toBe(1);
    const readout = shell.getByTestId('readout');
    await expect(readout).toContainText('Donsker–Varadhan bound, moving-average correction, fresh marginal z');
    await expect(readout).toContainText('true I = 0.337');
    const quick = shell.getByTestId('quick-controls');
    const cases: Array<[RegExp, string, string]> = [
      [/Gradient/, 'plain', 'plain minibatch gradient'],
      [/Marginal batch/, 'shuffled', 'shuffled marginal z'],
      [/^Bound$/, 'f-divergence', 'MINE-f bound'],
    ];
    for (const [label, value, words] of cases) {
      await quick.getByLabel(label).selectOption(value);
      await shell.focus();
      await page.keyboard.press('ArrowRight');
      await expect(readout).toContainText(words, { timeout: 30_000 });
    }
    // The bottom panel draws T and T* along the three slices.
    await expect(shell.locator('[data-mark="optimal-1"]')).toHaveAttribute('d', /M.+L/);
    await expect(shell.locator('[data-mark="learned-1"]')).toHaveAttribute('d', /M.+L/);
    expect(await shell.innerText()).not.toMatch(/NaN/);
    errors.expectClean();
  });

  test('mi-gaussians: a finished point is drawn and the sweep moves on to the next ρ by itself', async ({ page }) => {
    const { errors, shell } = await openFigure(page, chapter, 'mi-gaussians');
    const point = shell.getByTestId('quick-controls').getByLabel(/Point being trained/);
    await expect(point).toHaveValue('-0.9');
    await expect.poll(() => stepCount(shell), { timeout: 60_000 }).toBeGreaterThan(0);
    await expect(point).toHaveValue('-0.7', { timeout: 120_000 });
    await expect(shell.locator('[data-mark="points-dv"]')).toHaveAttribute('d', /M/);
    await expect(shell.locator('[data-mark="points-f"]')).toHaveAttribute('d', /M/);
    await expect(shell.getByTestId('readout')).toContainText(/ρ = -0\.9: [\d.]+ \(true 0\.830\)/, { timeout: 30_000 });
    // Stopping the sweep: the button says what it will do next.
    const sweep = shell.getByTestId('sweep');
    await expect(sweep).toHaveAttribute('aria-pressed', 'true');
    await sweep.click();
    await expect(sweep).toHaveAttribute('aria-pressed', 'false');
    errors.expectClean();
  });

  test('mine-gan: both runs draw their samples and coverage, the keyboard steps them, and the weight control reruns', async ({ page }) => {
    const { errors, shell } = await openFigure(page, chapter, 'mine-gan', { reducedMotion: true });
    await shell.focus();
    for (let i = 0; i < 3; i++) await page.keyboard.press('ArrowRight');
    await expect.poll(() => stepCount(shell), { timeout: 60_000 }).toBe(3);
    const readout = shell.getByTestId('readout');
    await expect(readout).toContainText(/GAN \(β = 0\): \d+ of 25 modes captured, estimated information between code and sample -?[\d.]+ nats/, { timeout: 30_000 });
    await expect(readout).toContainText(/GAN \+ MINE: \d+ of 25 modes captured/);
    await expect(readout).toContainText('log 25 = 3.22 nats');
    // Each run's plane paints its generated samples (in their series' colour, on the one canvas of
    // its point layer, with the real samples) and draws the 25 mode markers.
    for (const key of ['plain', 'mine']) {
      const plane = shell.locator(`.sp-panel-plane-${key}`);
      const canvases = plane.locator('foreignObject.sp-canvas-mark canvas');
      await expect(canvases).toHaveCount(1);
      const generated = await plane.locator('[data-mark="generated"]').evaluate((mark) => getComputedStyle(mark).stroke);
      await expect.poll(() => paintedPixels(canvases.first(), generated)).toBeGreaterThan(50);
      await expect(plane.locator('.sp-mode-marker')).toHaveCount(25);
    }
    // Both runs' information estimates are drawn.
    await expect(shell.locator('.sp-panel-information [data-mark="plain"]')).toHaveAttribute('d', /M.+L/);
    await expect(shell.locator('.sp-panel-information [data-mark="mine"]')).toHaveAttribute('d', /M.+L/);
    // The weight control proposes a new experiment: the runs restart from step 0.
    const weight = shell.getByTestId('quick-controls').getByLabel(/MINE weight/);
    await weight.fill('0.5');
    await weight.press('Enter');
    await expect.poll(() => stepCount(shell), { timeout: 30_000 }).toBe(0);
    await shell.focus();
    await page.keyboard.press('ArrowRight');
    await expect.poll(() => stepCount(shell), { timeout: 60_000 }).toBe(1);
    expect(await shell.innerText()).not.toMatch(/NaN/);
    errors.expectClean();
  });

  test('the chapter page has no serious accessibility violations', async ({ page }) => {
    // Four figures train on this page while axe walks it; on a loaded two-core machine that took longer than the default 90 s.
    test.setTimeout(180_000);
    const errors = watchForErrors(page);
    await page.goto(chapter);
    for (const id of ids) await figure(page, id).scrollIntoViewIfNeeded();
    // The last figure scrolled to stays on screen, so it trains (the others pause off screen).
    await expect.poll(() => stepCount(figure(page, ids[ids.length - 1])), { timeout: 60_000 }).toBeGreaterThan(0);
    await untilWideBlocksFocusable(page);
    const results = await new AxeBuilder({ page }).analyze();
    const serious = results.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical');
    expect(serious.map((v) => `${v.id}: ${v.help} (${v.nodes.map((n) => n.target.join(' ')).join(', ')})`)).toEqual([]);
    errors.expectClean();
  });
});
