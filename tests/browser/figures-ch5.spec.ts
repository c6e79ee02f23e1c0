import { test, expect, type Locator } from '@playwright/test';
import AxeBuilder from '@axe-core/playwright';
import { readFile } from 'node:fs/promises';
import { figure, watchForErrors, openExplorer, expectExplorerShell, expectNoNaN, shareLink, untilWideBlocksFocusable } from './helpers';

const chapter = '/chapters/wasserstein/';
const id = 'transport-explorer';
const LOG_2 = Math.log(2);

/** Φ(x) by the Abramowitz–Stegun 7.1.26 erf approximation (|error| < 1.5e−7): independent of the engine. */
function normalCdf(x: number): number {
  const t = 1 / (1 + (0.3275911 * Math.abs(x)) / Math.SQRT2);
  const poly = t * (0.254829592 + t * (-0.284496736 + t * (1.421413741 + t * (-1.453152027 + t * 1.061405429))));
  const erf = 1 - poly * Math.exp(-(x * x) / 2);
  return x >= 0 ? 0.5 * (1 + erf) : 0.5 * (1 - erf);
}

/** W₁(N(μ₁, σ₁²), N(μ₂, σ₂²)) = E|m + s·z| (folded normal), m = μ₂ − μ₁, s = |σ₂ − σ₁| (Chapter 5, eq. w1-gauss). */
function w1Gaussians(mu1: number, s1: number, mu2: number, s2: number): number {
  const m = mu2 - mu1;
  const s = Math.abs(s2 - s1);
  if (s === 0) return Math.abs(m);
  return s * Math.sqrt(2 / Math.PI) * Math.exp(-(m * m) / (2 * s * s)) + m * (1 - 2 * normalCdf(-m / s));
}

async function listedValue(shell: Locator, quantity: string): Promise<number> {
  const raw = await shell.locator(`tr[data-quantity="${quantity}"] td`).getAttribute('data-value');
  return raw === 'Infinity' ? Infinity : Number(raw);
}

async function setNumber(shell: Locator, control: string, value: number | string): Promise<void> {
  const input = shell.locator(`[data-control="${control}"] input[type="number"], [data-control="${control}"] input[type="text"]`).first();
  await input.fill(String(value));
  await input.press('Enter');
}

/** Two single Gaussians P = N(μ₁, σ₁²), Q = N(μ₂, σ₂²), typed into the controls. */
async function setGaussians(shell: Locator, mu1: number, s1: number, mu2: number, s2: number): Promise<void> {
  await shell.locator('[data-control="mode"] select').selectOption('continuous');
  await shell.locator('[data-control="p-shape"] select').selectOption('1');
  await shell.locator('[data-control="q-shape"] select').selectOption('1');
  await setNumber(shell, 'p-mean-0', mu1);
  await setNumber(shell, 'p-std-0', s1);
  await setNumber(shell, 'q-mean-0', mu2);
  await setNumber(shell, 'q-std-0', s2);
}

test.describe('Chapter 5: the transport explorer (Figure 5.1)', () => {
  test('renders as an explorer, with readout, values and arrows, and no console errors', async ({ page }) => {
    const errors = watchForErrors(page);
    const shell = await openExplorer(page, chapter, id);
    await expectExplorerShell(shell);
    for (const quantity of ['w1', 'js', 'tv', 'kl', 'reverse-kl']) await expect(shell.locator(`tr[data-quantity="${quantity}"]`)).toHaveCount(1);
    await expect(shell.getByTestId('readout')).toContainText(/W₁ \d/);
    // Twenty quantile arrows in the map panel; on the CDF panel the same twenty, drawn horizontally,
    // except those too short to draw (where the two quantile functions nearly cross).
    await expect(shell.locator('.sp-panel-transport-map .sp-fixed-arrows path')).toHaveCount(20);
    const levelArrows = await shell.locator('.sp-panel-cdfs .sp-fixed-arrows path').count();
    expect(levelArrows).toBeGreaterThan(10);
    expect(levelArrows).toBeLessThanOrEqual(20);
    await shell.getByTestId('plot').screenshot({ path: test.info().outputPath('transport-explorer-default.png') });
    await expectNoNaN(shell);
    errors.expectClean();
  });

  test('W₁ between Gaussians equals the closed form; JS and KL are listed beside it', async ({ page }) => {
    const errors = watchForErrors(page);
    const shell = await openExplorer(page, chapter, id);
    await setGaussians(shell, 0, 1, 1, 1);
    // N(0,1) vs N(1,1): W₁ = 1 (equal widths: the distance between the means), KL = ½.
    expect(w1Gaussians(0, 1, 1, 1)).toBe(1);
    await expect.poll(() => listedValue(shell, 'w1')).toBeCloseTo(1, 6);
    expect(await listedValue(shell, 'kl')).toBeCloseTo(0.5, 6);
    const js = await listedValue(shell, 'js');
    expect(js).toBeGreaterThan(0.1);
    expect(js).toBeLessThan(LOG_2);
    // The readout says the same number.
    await expect(shell.getByTestId('readout')).toContainText(/W₁ 1\b/);

    // N(0,1) vs N(0,2²): (σ − 1)√(2/π) = 0.797885; and N(0,1) vs N(1,2²) ≈ 1.16663.
    await setNumber(shell, 'q-mean-0', 0);
    await setNumber(shell, 'q-std-0', 2);
    await expect.poll(() => listedValue(shell, 'w1')).toBeCloseTo(Math.sqrt(2 / Math.PI), 5);
    await setNumber(shell, 'q-mean-0', 1);
    await expect.poll(() => listedValue(shell, 'w1')).toBeCloseTo(w1Gaussians(0, 1, 1, 2), 5);
    expect(w1Gaussians(0, 1, 1, 2)).toBeCloseTo(1.16663, 5);

    // The example buttons give the chapter's pairs.
    await shell.locator('button[data-control="example-shift"]').click();
    await expect.poll(() => listedValue(shell, 'w1')).toBeCloseTo(1, 6);
    await shell.locator('button[data-control="example-spread"]').click();
    await expect.poll(() => listedValue(shell, 'w1')).toBeCloseTo(0.797885, 5);
    errors.expectClean();
  });

  test('handles respond to the keyboard and to dragging; W₁ follows', async ({ page }) => {
    const errors = watchForErrors(page);
    const shell = await openExplorer(page, chapter, id);
    await setGaussians(shell, 0, 1, 1, 1);
    await expect.poll(() => listedValue(shell, 'w1')).toBeCloseTo(1, 6);

    // Keyboard: Q's mean one step right (0.1), then a large step (1).
    const handle = shell.getByRole('slider', { name: 'Q: mean' });
    const qMean = shell.locator('[data-control="q-mean-0"] input');
    await handle.focus();
    await page.keyboard.press('ArrowRight');
    await expect(qMean).toHaveValue('1.1');
    await expect(handle).toHaveAttribute('aria-valuenow', '1.1');
    await expect.poll(() => listedValue(shell, 'w1')).toBeCloseTo(1.1, 6);
    await page.keyboard.press('Shift+ArrowRight');
    await expect(qMean).toHaveValue('2.1');
    await expect.poll(() => listedValue(shell, 'w1')).toBeCloseTo(2.1, 6);
    await page.keyboard.press('Home');
    await expect(qMean).toHaveValue('-5');
    await expect.poll(() => listedValue(shell, 'w1')).toBeCloseTo(5, 6);

    // Pointer: drag P's mean to the right; its input and W₁ follow.
    const pMean = shell.locator('[data-control="p-mean-0"] input');
    const pHandle = shell.getByRole('slider', { name: 'P: mean' });
    const box = (await pHandle.boundingBox())!;
    await page.mouse.move(box.x + box.width / 2, box.y + box.height / 2);
    await page.mouse.down();
    await page.mouse.move(box.x + box.width / 2 + 80, box.y + box.height / 2, { steps: 8 });
    await page.mouse.up();
    await expect.poll(async () => Number(await pMean.inputValue())).toBeGreaterThan(0.5);
    const mean = Number(await pMean.inputValue());
    // Equal widths: W₁ is still the distance between the means.
    await expect.poll(() => listedValue(shell, 'w1')).toBeCloseTo(Math.abs(mean - -5), 5);

    // The width handle, from the keyboard: σ_Q from 1 to 1.05.
    const width = shell.getByRole('slider', { name: 'Q: standard deviation' });
    await width.focus();
    await page.keyboard.press('ArrowRight');
    await expect(shell.locator('[data-control="q-std-0"] input')).toHaveValue('1.05');
    errors.expectClean();
  });

  test('discrete bars: the greedy plan, W₁ of case (b) and its mirror, point masses, dragging a bar', async ({ page }) => {
    const errors = watchForErrors(page);
    const shell = await openExplorer(page, chapter, id);
    await shell.locator('[data-control="mode"] select').selectOption('discrete');
    // Default: case (b) against its mirror image, W₁ = 1 (Chapter 2, Exercise 2.4).
    await expect.poll(() => listedValue(shell, 'w1')).toBeCloseTo(1, 9);
    await setNumber(shell, 'q-probabilities', '1, 1, 1, 1');
    await expect.poll(() => listedValue(shell, 'w1')).toBeCloseTo(0.5, 9);
    // Exercise 5.4.
    await setNumber(shell, 'p-probabilities', '0.2, 0.5, 0.3');
    await setNumber(shell, 'q-probabilities', '0.6, 0.1, 0.3');
    await expect.poll(() => listedValue(shell, 'w1')).toBeCloseTo(0.4, 9);
    // The greedy plan has four lots (0→0, 1→0, 1→1, 2→2): four arrows between the rails, but only
    // 0.4 of mass moves sideways, so the CDF panel has one horizontal arrow.
    await expect(shell.locator('.sp-panel-transport-map .sp-fixed-arrows path')).toHaveCount(4);
    await expect(shell.locator('.sp-panel-cdfs .sp-fixed-arrows path')).toHaveCount(1);
    await expect(shell.getByTestId('readout')).toContainText('carries 0.4 from 1 to 0');
    await shell.getByTestId('plot').screenshot({ path: test.info().outputPath('transport-explorer-discrete.png') });

    await shell.locator('button[data-control="example-points"]').click();
    await expect.poll(() => listedValue(shell, 'w1')).toBeCloseTo(3, 9);
    expect(await listedValue(shell, 'js')).toBeCloseTo(LOG_2, 9);
    expect(await listedValue(shell, 'kl')).toBe(Infinity);
    await expect(shell.locator('tr[data-quantity="kl"] td')).toHaveText('∞');
    await expect(shell.getByTestId('readout')).toContainText('from 0 to 3');

    // A bar handle from the keyboard: Q(X = 0) from 0 to 0.5 in five large steps.
    const bar = shell.getByRole('slider', { name: 'Q(X = 0)' });
    await bar.focus();
    for (let i = 0; i < 5; i++) await page.keyboard.press('Shift+ArrowUp');
    // Half of the mass now stays at 0: W₁ = ½·3.
    await expect.poll(() => listedValue(shell, 'w1')).toBeCloseTo(1.5, 6);
    errors.expectClean();
  });

  test('share link round-trips the state; CSV export lists the flows and W₁', async ({ page, context }) => {
    const shell = await openExplorer(page, chapter, id);
    await setGaussians(shell, 0, 1, 0, 3);
    await expect.poll(() => listedValue(shell, 'w1')).toBeCloseTo(2 * Math.sqrt(2 / Math.PI), 5);
    const link = await shareLink(shell, id);
    const other = await context.newPage();
    const errors = watchForErrors(other);
    await other.goto(link);
    const restored = figure(other, id);
    await expect(restored).toHaveAttribute('data-state', 'ready');
    await expect.poll(() => listedValue(restored, 'w1')).toBeCloseTo(2 * Math.sqrt(2 / Math.PI), 5);
    errors.expectClean();

    const [file] = await Promise.all([page.waitForEvent('download'), shell.getByTestId('export-csv').click()]);
    const [comment, ...lines] = (await readFile((await file.path())!, 'utf8')).trim().split('\n');
    expect(comment).toMatch(/^# Saddle Point /); // the provenance line (issue 13)
    expect(lines[0]).toBe('x,p,q,cdf_p,cdf_q,level,from,to,mass,quantity,value');
    const w1Row = lines.find((line) => line.includes(',w1,'))!;
    expect(Number(w1Row.split(',').at(-1))).toBeCloseTo(1.595769, 5);
    expect(lines.length).toBeGreaterThan(500);
  });

  test('axe finds no serious or critical violation on the chapter page', async ({ page }) => {
    await openExplorer(page, chapter, id);
    await untilWideBlocksFocusable(page);
    const results = await new AxeBuilder({ page }).analyze();
    const serious = results.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical');
    expect(serious.map((v) => `${v.id}: ${v.help} (${v.nodes.map((n) => n.target.join(' ')).join(', ')})`)).toEqual([]);
  });
});
