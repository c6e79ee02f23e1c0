import { test, expect } from '@playwright/test';
import AxeBuilder from '@axe-core/playwright';
import { figure, stepCount, watchForErrors } from './helpers';

const chapter = '/chapters/training/';

test.describe('Chapter 9 figures', () => {
  test('dirac-gan trains to §11.7’s radii, and its start moves with the keyboard', async ({ page }) => {
    const errors = watchForErrors(page);
    await page.goto(chapter);
    const shell = figure(page, 'dirac-gan');
    await shell.scrollIntoViewIfNeeded();
    const plot = shell.getByTestId('plot');
    await expect(plot.locator('svg').first()).toBeVisible();
    // 1000 steps of a closed-form game take a moment: it runs to the end by itself.
    await expect.poll(() => stepCount(shell), { timeout: 45_000 }).toBe(1000);
    const readout = shell.getByTestId('readout');
    await expect(readout).toContainText('simultaneous steps: 2.650690');
    await expect(readout).toContainText('alternating steps: 1.414328');
    await expect(plot.locator('[data-mark="run-simultaneous"]')).toHaveAttribute('d', /M.+L.+L/);
    await expect(plot.locator('text.sp-game-radius').first()).toHaveText('simultaneous: r = 2.650690');
    await expect(plot.locator('.sp-arrows.sp-field')).toHaveAttribute('d', /M.+L/);

    // Keyboard: move the shared start one step right; every run restarts from (1.1, 1).
    const handle = shell.getByRole('slider', { name: 'Starting point (θ, ψ)' });
    await handle.focus();
    await page.keyboard.press('ArrowRight');
    await expect(handle).toHaveAttribute('aria-valuetext', 'start at (1.1, 1)');
    await expect(readout).toContainText('From (1.1, 1)', { timeout: 45_000 });
    await expect(readout).not.toContainText('simultaneous steps: 2.650690');
    expect(await shell.innerText()).not.toMatch(/NaN/);
    errors.expectClean();
  });

  test('ttur-saddle trains its four pairs side by side', async ({ page }) => {
    const errors = watchForErrors(page);
    await page.goto(chapter);
    const shell = figure(page, 'ttur-saddle');
    await shell.scrollIntoViewIfNeeded();
    await expect.poll(() => stepCount(shell), { timeout: 45_000 }).toBeGreaterThan(300);
    const plot = shell.getByTestId('plot');
    for (const className of ['sp-generated', 'sp-discriminator', 'sp-reference', 'sp-secondary']) {
      await expect(plot.locator(`[data-mark^="run-"].sp-line.${className}`)).toHaveAttribute('d', /M.+L.+L/);
    }
    await expect(shell.getByTestId('readout')).toContainText('lr_x = 0.0001, lr_y = 0.01: within 0.1 by step', { timeout: 45_000 });
    errors.expectClean();
  });

  test('playground trains, its presets load from the menu and from the text’s links', async ({ page }) => {
    const errors = watchForErrors(page);
    await page.goto(chapter);
    const shell = figure(page, 'playground');
    await shell.scrollIntoViewIfNeeded();
    const plot = shell.getByTestId('plot');
    const before = await plot.innerHTML();
    await expect.poll(() => stepCount(shell), { timeout: 60_000 }).toBeGreaterThan(5);
    await expect.poll(async () => (await plot.innerHTML()) !== before).toBe(true);
    await expect(shell.getByTestId('readout')).toContainText(/Modes captured: \d of 8/, { timeout: 30_000 });

    // The preset menu (keyboard: focus it and choose) switches the experiment.
    const presetMenu = shell.getByTestId('quick-controls').getByLabel('Preset');
    await presetMenu.focus();
    await presetMenu.selectOption('vanishing-gradients');
    await shell.locator('summary', { hasText: 'Settings' }).click();
    await expect(shell.getByTestId('settings').getByLabel('Objective')).toHaveValue('minimax');
    await expect(shell.getByTestId('settings').getByLabel('D learning rate')).toHaveValue('0.005');
    await expect(shell.getByTestId('readout')).toContainText('Preset: Failure: vanishing gradients', { timeout: 45_000 });

    // A link in the text opens the figure with that preset.
    const href = await page.locator('a[data-preset="winning-discriminator"]').first().getAttribute('href');
    // The fragment form of a share link (#fig-<id>&fig.<id>=…); opened here as a fresh page.
    expect(href).toMatch(/^#fig-playground&fig\.playground=[\w-]+$/);
    await page.goto('about:blank');
    await page.goto(`${chapter}${href}`);
    const linked = figure(page, 'playground');
    await linked.scrollIntoViewIfNeeded();
    await expect(linked.getByTestId('quick-controls').getByLabel('Preset')).toHaveValue('winning-discriminator');
    await expect(linked.getByTestId('link-message')).toBeVisible();
    errors.expectClean();
  });

  test('msg-toy trains both variants, draws samples at every scale, and its data menu works from the keyboard', async ({ page }) => {
    const errors = watchForErrors(page);
    await page.goto(chapter);
    const shell = figure(page, 'msg-toy');
    await shell.scrollIntoViewIfNeeded();
    const plot = shell.getByTestId('plot');
    await expect(plot.locator('svg').first()).toBeVisible();
    await expect.poll(() => stepCount(shell), { timeout: 60_000 }).toBeGreaterThan(5);
    // Real images, and each variant's samples at 4², 8² and 16²: one painted image grid each.
    await expect(plot.locator('image[data-mark="real"]')).toHaveAttribute('href', /^data:image\/png/);
    for (const variant of [0, 1]) {
      for (const scale of [0, 1, 2]) await expect(plot.locator(`image[data-mark="fake-${variant}-${scale}"]`)).toHaveAttribute('href', /^data:image\/png/);
    }
    await expect(plot.locator('[data-mark="msg"].sp-line').first()).toHaveAttribute('d', /M/, { timeout: 30_000 });
    await expect(plot.locator('[data-mark="plain"].sp-line').first()).toHaveAttribute('d', /M/);
    const readout = shell.getByTestId('readout');
    await expect(readout).toContainText(/MSG \(multi-scale connections\): step \d+, \d+% of samples are recognisable shapes, \d of 5 classes captured/, { timeout: 30_000 });
    await expect(readout).toContainText(/plain \(final image only\): step \d+/);

    // Keyboard: the data menu switches to three shapes; both runs restart on the new data.
    const menu = shell.getByTestId('quick-controls').getByLabel('Data');
    await menu.focus();
    await page.keyboard.press('ArrowDown');
    await expect(menu).toHaveValue('three');
    await expect(readout).toContainText(/of 3 classes captured/, { timeout: 60_000 });
    await expect(plot.locator('text.sp-panel-title', { hasText: 'Classes captured (of 3)' })).toBeVisible();
    expect(await shell.innerText()).not.toMatch(/NaN/);
    errors.expectClean();
  });

  test('the chapter page has no serious accessibility violations', async ({ page }) => {
    const errors = watchForErrors(page);
    await page.goto(chapter);
    for (const id of ['dirac-gan', 'ttur-saddle', 'msg-toy', 'playground']) await figure(page, id).scrollIntoViewIfNeeded();
    await expect.poll(() => stepCount(figure(page, 'playground')), { timeout: 60_000 }).toBeGreaterThan(0);
    const results = await new AxeBuilder({ page }).analyze();
    const serious = results.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical');
    expect(serious.map((v) => `${v.id}: ${v.help} (${v.nodes.map((n) => n.target.join(' ')).join(', ')})`)).toEqual([]);
    errors.expectClean();
  });
});
