import { test, expect, type Page } from '@playwright/test';
import AxeBuilder from '@axe-core/playwright';
import { encodeLinkSettings, figure, stepCount, watchForErrors, openFigure, shareLink, untilWideBlocksFocusable } from './helpers';

const chapter = '/chapters/training/';

/** The playground with 'draw your own' chosen (it starts from the 18-point starter drawing). */
async function openDrawing(page: Page) {
  await page.goto(chapter);
  const shell = figure(page, 'playground');
  await shell.scrollIntoViewIfNeeded();
  await shell.locator('summary', { hasText: 'Settings' }).click();
  await shell.getByTestId('settings').getByLabel('Data').selectOption('points');
  return shell;
}

test.describe('Chapter 9 figures', () => {
  test('dirac-gan trains to §11.7’s radii, and its start moves with the keyboard', async ({ page }) => {
    const { errors, shell } = await openFigure(page, chapter, 'dirac-gan');
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
    const { errors, shell } = await openFigure(page, chapter, 'ttur-saddle');
    await expect.poll(() => stepCount(shell), { timeout: 45_000 }).toBeGreaterThan(300);
    const plot = shell.getByTestId('plot');
    for (const className of ['sp-generated', 'sp-discriminator', 'sp-reference', 'sp-secondary']) {
      await expect(plot.locator(`[data-mark^="run-"].sp-line.${className}`)).toHaveAttribute('d', /M.+L.+L/);
    }
    await expect(shell.getByTestId('readout')).toContainText('lr_x = 0.0001, lr_y = 0.01: within 0.1 by step', { timeout: 45_000 });
    errors.expectClean();
  });

  test('playground trains, its presets load from the menu and from the text’s links', async ({ page }) => {
    const { errors, shell } = await openFigure(page, chapter, 'playground');
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
    // Ranges come from the schema's metadata (field-info.ts), not from the widget.
    await expect(shell.getByTestId('settings').getByLabel('D learning rate')).toHaveAttribute('max', '10');
    await expect(shell.getByTestId('settings').getByLabel('Batch size')).toHaveAttribute('max', '4096');
    await expect(shell.getByTestId('settings').getByLabel('Batch size')).toHaveAttribute('step', '1');
    await expect(shell.getByTestId('readout')).toContainText('Preset: Failure: vanishing gradients', { timeout: 45_000 });

    // The new presets: dropping is a drawing (31 points, 4 modes by the chapter's rule); oscillation changes the optimisers.
    await presetMenu.selectOption('dropping');
    await expect(shell.getByTestId('draw-count')).toHaveText(/^31 points drawn/);
    await expect(shell.getByTestId('settings').getByLabel('Data')).toHaveValue('points');
    await expect(shell.getByTestId('readout')).toContainText(/Modes captured: \d of 4/, { timeout: 45_000 });
    // Its fix adds the encoder: the reconstruction controls appear with the preset's weights.
    await presetMenu.selectOption('dropping-fix');
    await expect(shell.getByTestId('settings').getByLabel('Encoder and reconstruction (against dropping)')).toHaveValue('on');
    await expect(shell.getByTestId('settings').getByLabel('Reconstruction weight λ')).toHaveValue('30');
    await expect(shell.getByTestId('readout')).toContainText('Preset: Fix: an encoder and a reconstruction term', { timeout: 45_000 });
    await presetMenu.selectOption('oscillation-fix');
    await expect(shell.getByTestId('settings').getByLabel('R1 weight γ')).toHaveValue('1');
    await expect(shell.getByTestId('settings').getByLabel('Adam β₁ (G)')).toHaveValue('0.9');
    await expect(shell.getByTestId('draw-count')).toHaveCount(0);

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
    // The new presets' links, followed in place (a fragment link applies itself without a reload).
    for (const id of ['dropping', 'dropping-fix', 'dropping-contrast', 'oscillation']) {
      await page.locator(`a[data-preset="${id}"]`).first().click();
      await expect(linked.getByTestId('quick-controls').getByLabel('Preset')).toHaveValue(id);
    }
    errors.expectClean();
  });

  test('playground: a packed discriminator trains, and packing with R1 is refused next to the control with a sentence', async ({ page }) => {
    const { errors, shell } = await openFigure(page, chapter, 'playground');
    await shell.locator('summary', { hasText: 'Settings' }).click();
    const settings = shell.getByTestId('settings');
    const packing = settings.getByLabel('Packing m (PacGAN)');
    await expect(packing).toHaveValue('1');
    await expect(packing).toHaveAttribute('max', '8');
    await packing.fill('4');
    await packing.press('Enter');
    // The figure trains by itself once on screen, and its 2000 steps can end before the Settings open
    // (about a second on the fused WASM path); a change after the end waits at step 0 for Run.
    await expect(shell).toHaveAttribute('data-state', /^(running|paused)$/);
    if ((await shell.getAttribute('data-state')) === 'paused') await shell.getByTestId('run').click();
    await expect.poll(() => stepCount(shell), { timeout: 60_000 }).toBeGreaterThan(20);
    await expect(shell.getByTestId('readout')).toContainText(/Modes captured: \d of 8/, { timeout: 30_000 });
    const r1 = settings.getByLabel('R1 weight γ');
    await r1.fill('1');
    await r1.press('Enter');
    await expect(shell.locator('.sp-control-error:visible')).toContainText('cannot be combined with a gradient penalty or R1');
    await expect(packing).toHaveValue('4'); // what the reader set is kept
    errors.expectClean();
  });

  test('playground: the reader draws a distribution with the mouse and the keyboard, it trains, and Reset keeps it', async ({ page }) => {
    const errors = watchForErrors(page);
    const shell = await openDrawing(page);
    const count = shell.getByTestId('draw-count');
    const status = shell.getByTestId('draw-status');
    await expect(count).toHaveText(/^18 points drawn/);
    const area = shell.locator('.sp-draw-area');
    const box = (await area.boundingBox())!;
    const [cx, cy] = [box.x + box.width / 2, box.y + box.height / 2];

    // Mouse: a click adds one point; a drag paints a stroke (one point every 0.08, about 5 px).
    await page.mouse.click(cx + 30, cy + 30);
    await expect(count).toHaveText(/^19 points drawn/);
    await expect(status).toHaveText('Added a point. 19 points drawn (at most 2,000).');
    await page.mouse.move(cx - 90, cy + 80);
    await page.mouse.down();
    for (let i = 1; i <= 12; i++) await page.mouse.move(cx - 90 + 15 * i, cy + 80);
    await page.mouse.up();
    await expect.poll(async () => Number((await count.textContent())!.split(' ')[0])).toBeGreaterThan(19 + 20);

    // Keyboard: the drawing area takes focus; arrows move the crosshair, Enter adds, Backspace removes.
    const surface = shell.getByRole('application');
    await surface.focus();
    const before = Number((await count.textContent())!.split(' ')[0]);
    for (let i = 0; i < 3; i++) await page.keyboard.press('ArrowUp');
    await page.keyboard.press('ArrowLeft');
    await expect(surface).toHaveAttribute('aria-label', /crosshair at \(-0.1, 0.3\)/);
    await page.keyboard.press('Enter');
    await expect(count).toHaveText(new RegExp(`^${before + 1} points drawn`));
    await expect(status).toHaveText(`Added a point at (-0.1, 0.3). ${before + 1} points drawn (at most 2,000).`);
    await page.keyboard.press(' ');
    await expect(count).toHaveText(new RegExp(`^${before + 2} points drawn`));
    await page.keyboard.press('Backspace');
    await expect(count).toHaveText(new RegExp(`^${before + 1} points drawn`));
    await expect(status).toContainText('Removed the last point.');
    await expect(surface).toBeFocused();
    // The drawing area and its toolbar: no serious accessibility violation (axe, this figure only).
    const axe = await new AxeBuilder({ page }).include('sp-figure[figure-id="playground"]').analyze();
    expect(axe.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical').map((v) => `${v.id}: ${v.help}`)).toEqual([]);

    // The drawn points train: the steps advance and the readout counts the drawing's modes.
    await shell.getByTestId('run').click();
    const started = await stepCount(shell);
    await expect.poll(() => stepCount(shell), { timeout: 60_000 }).toBeGreaterThan(started + 5);
    await expect(shell.getByTestId('readout')).toContainText(/Modes captured: \d+ of \d+/, { timeout: 30_000 });

    // Reset keeps the drawing.
    await shell.getByTestId('reset').click();
    await expect(count).toHaveText(new RegExp(`^${before + 1} points drawn`));
    expect(await shell.innerText()).not.toMatch(/NaN/);
    errors.expectClean();
  });

  test('playground: a link carries a drawing, the share link keeps it, and Clear then a click starts a new one', async ({ page }) => {
    const errors = watchForErrors(page);
    const drawing = [[-1, -1], [-1, -1], [1, 1], [0.5, -0.25]];
    const settings = encodeLinkSettings({ data: { kind: 'points', points: drawing, spread: 0.1 }, seed: 2 });
    await page.goto(`${chapter}#fig-playground&fig.playground=${settings}`);
    const shell = figure(page, 'playground');
    await shell.scrollIntoViewIfNeeded();
    await expect(shell.getByTestId('draw-count')).toHaveText(/^4 points drawn/);
    // Three modes by the chapter's rule (points closer than 0.5 are one mode): the mode bars count them.
    await shell.getByTestId('run').click();
    await expect(shell.getByTestId('readout')).toContainText(/Modes captured: \d of 3/, { timeout: 60_000 });

    const link = await shareLink(shell, 'playground');
    await page.goto('about:blank');
    await page.goto(link);
    const restored = figure(page, 'playground');
    await restored.scrollIntoViewIfNeeded();
    await expect(restored.getByTestId('draw-count')).toHaveText(/^4 points drawn/);
    await restored.locator('summary', { hasText: 'Settings' }).click();
    await expect(restored.getByTestId('settings').getByLabel('Spread of each drawn point')).toHaveValue('0.1');

    await restored.getByRole('button', { name: 'Clear points' }).click();
    await expect(restored.getByTestId('draw-count')).toHaveText(/^No points/);
    await expect(restored.getByTestId('draw-status')).toHaveText(/Cleared the drawing\. No points/);
    // A locator click waits for the area to hold still and to be what the pointer hits (the page may
    // still settle: a late face, a figure growing above), where coordinates read earlier may miss.
    await restored.locator('.sp-draw-area').click();
    await expect(restored.getByTestId('draw-count')).toHaveText(/^1 point drawn/);
    errors.expectClean();
  });

  test('playground: drawing by touch (a tap adds a point)', async ({ browser }) => {
    const context = await browser.newContext({ hasTouch: true, viewport: { width: 375, height: 800 } });
    const page = await context.newPage();
    const errors = watchForErrors(page);
    const shell = await openDrawing(page);
    const count = shell.getByTestId('draw-count');
    await expect(count).toHaveText(/^18 points drawn/);
    const area = shell.locator('.sp-draw-area');
    await area.scrollIntoViewIfNeeded();
    const box = (await area.boundingBox())!;
    await page.touchscreen.tap(box.x + box.width * 0.3, box.y + box.height * 0.3);
    await expect(count).toHaveText(/^19 points drawn/);
    await page.touchscreen.tap(box.x + box.width * 0.7, box.y + box.height * 0.3);
    await expect(count).toHaveText(/^20 points drawn/);
    errors.expectClean();
    await context.close();
  });

  test('msg-toy trains both variants, draws samples at every scale, and its data menu works from the keyboard', async ({ page }) => {
    const { errors, shell } = await openFigure(page, chapter, 'msg-toy');
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
    await untilWideBlocksFocusable(page);
    const results = await new AxeBuilder({ page }).analyze();
    const serious = results.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical');
    expect(serious.map((v) => `${v.id}: ${v.help} (${v.nodes.map((n) => n.target.join(' ')).join(', ')})`)).toEqual([]);
    errors.expectClean();
  });
});
