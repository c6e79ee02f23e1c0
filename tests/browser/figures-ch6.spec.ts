import { test, expect, type Locator } from '@playwright/test';
import { readFile } from 'node:fs/promises';
import AxeBuilder from '@axe-core/playwright';
import { figure, watchForErrors, openExplorer, expectExplorerShell, expectNoNaN, shareLink, untilWideBlocksFocusable } from './helpers';

const chapter = '/chapters/spectral-normalisation/';
const id = 'power-iteration';

/** σ₁ of a 2 × 2 matrix in closed form (independent of the engine's Jacobi SVD). */
function topSingularValue(a: number, b: number, c: number, d: number): number {
  const frobenius2 = a * a + b * b + c * c + d * d;
  const det = a * d - b * c;
  return Math.sqrt((frobenius2 + Math.sqrt(frobenius2 * frobenius2 - 4 * det * det)) / 2);
}

/** The full-precision value in the explorer's table (data-value). */
async function listed(shell: Locator, quantity: string): Promise<number> {
  return Number(await shell.locator(`tr[data-quantity="${quantity}"] td`).getAttribute('data-value'));
}

async function entry(shell: Locator, name: string): Promise<number> {
  return Number(await shell.locator(`[data-control="${name}"] input`).inputValue());
}

test.describe('Chapter 6: power iteration explorer', () => {
  test('renders as an explorer, without NaN or console errors', async ({ page }) => {
    const errors = watchForErrors(page);
    const shell = await openExplorer(page, chapter, id);
    await expectExplorerShell(shell);
    await expect(shell.getByTestId('readout')).toContainText('σ₁ =');
    await expectNoNaN(shell);
    errors.expectClean();
  });

  test('the presets show the σ̂ of gan-math §11.4 after 1, 2, 3 iterations', async ({ page }) => {
    const errors = watchForErrors(page);
    const shell = await openExplorer(page, chapter, id);
    const cases: Array<[string, number[], number]> = [
      ['preset-near', [1.0550675, 1.05913791, 1.0607606], 1.0618034],
      ['preset-slow', [0.956542, 0.966471, 0.97513], 1],
      ['preset-rotation', [2, 2, 2], 2],
    ];
    for (const [button, estimates, sigma] of cases) {
      await shell.locator(`button[data-control="${button}"]`).click();
      await expect.poll(() => listed(shell, 'estimate-1')).toBeCloseTo(estimates[0], 6);
      for (let k = 1; k <= 3; k++) expect(Math.abs((await listed(shell, `estimate-${k}`)) - estimates[k - 1]), `${button} k=${k}`).toBeLessThan(1e-6);
      expect(await listed(shell, 'sigma-1')).toBeCloseTo(sigma, 6);
    }
    await expect(shell.getByTestId('readout')).toContainText('1, 2, 3 iterations: 2, 2, 2');

    // The trapped start: σ̂ stays at σ₂ = 1 while σ₁ = 3; one degree off, it escapes.
    await shell.locator('button[data-control="preset-trapped"]').click();
    await expect.poll(() => listed(shell, 'sigma-1')).toBeCloseTo(3, 10);
    const last = await shell.locator('tr[data-quantity^="estimate-"]').last().locator('td').getAttribute('data-value');
    expect(Number(last)).toBeCloseTo(1, 10);
    await expect(shell.getByTestId('readout')).toContainText('orthogonal to u₁');
    const angle = shell.locator('[data-control="start-angle"] input[type="number"]');
    await angle.fill('46');
    await angle.press('Enter');
    await shell.locator('[data-control="iterations"] input[type="number"]').fill('20');
    await shell.locator('[data-control="iterations"] input[type="number"]').press('Enter');
    await expect.poll(() => listed(shell, 'estimate-20')).toBeCloseTo(3, 6);
    errors.expectClean();
  });

  test('the keyboard and a drag move a column; σ₁ follows the closed form', async ({ page }) => {
    const errors = watchForErrors(page);
    const shell = await openExplorer(page, chapter, id);
    await shell.locator('button[data-control="preset-slow"]').click();
    await expect.poll(() => entry(shell, 'w22')).toBeCloseTo(0.9, 10);

    // Keyboard on the handle of the first column: Right raises W₁₁, Up raises W₂₁.
    const first = shell.getByRole('slider', { name: 'W e₁, column 1 of W' });
    await first.focus();
    await page.keyboard.press('ArrowRight');
    await page.keyboard.press('ArrowUp');
    await expect.poll(() => entry(shell, 'w11')).toBeCloseTo(1.1, 10);
    expect(await entry(shell, 'w21')).toBeCloseTo(0.1, 10);
    await expect.poll(() => listed(shell, 'sigma-1')).toBeCloseTo(topSingularValue(1.1, 0, 0.1, 0.9), 10);
    await expect(first).toHaveAttribute('aria-valuetext', 'W e₁ = (1.1, 0.1)');

    // Drag the second column's handle up and to the left.
    const second = shell.getByRole('slider', { name: 'W e₂, column 2 of W' });
    const box = (await second.boundingBox())!;
    await page.mouse.move(box.x + box.width / 2, box.y + box.height / 2);
    await page.mouse.down();
    await page.mouse.move(box.x + box.width / 2 - 40, box.y + box.height / 2 - 50, { steps: 6 });
    await page.mouse.up();
    await expect.poll(() => entry(shell, 'w12')).toBeLessThan(-0.1);
    const [a, b, c, d] = await Promise.all(['w11', 'w12', 'w21', 'w22'].map((name) => entry(shell, name)));
    expect(d).toBeGreaterThan(0.95);
    await expect.poll(() => listed(shell, 'sigma-1')).toBeCloseTo(topSingularValue(a, b, c, d), 10);
    expect(await shell.innerText()).not.toMatch(/NaN/);
    errors.expectClean();
  });

  test('exports CSV of the iterates, and the share link restores the matrix', async ({ page, context }) => {
    const shell = await openExplorer(page, chapter, id);
    await shell.locator('button[data-control="preset-near"]').click();
    await expect.poll(() => listed(shell, 'estimate-1')).toBeCloseTo(1.0550675, 6);
    const [file] = await Promise.all([page.waitForEvent('download'), shell.getByTestId('export-csv').click()]);
    const [comment, ...lines] = (await readFile((await file.path())!, 'utf8')).trim().split('\n');
    expect(comment).toMatch(/^# Saddle Point /); // the provenance line (issue 13)
    expect(lines[0]).toBe('k,sigma_hat,sigma_1,sigma_2,relative_error,predicted_ratio,u_x,u_y,v_x,v_y,Wv_x,Wv_y');
    expect(Number(lines[1].split(',')[1])).toBeCloseTo(1.0550675, 6);

    const link = await shareLink(shell, id);
    const other = await context.newPage();
    const errors = watchForErrors(other);
    await other.goto(link);
    const restored = figure(other, id);
    await expect(restored).toHaveAttribute('data-state', 'ready');
    await expect.poll(() => entry(restored, 'w12')).toBeCloseTo(0.1, 10);
    await expect.poll(() => listed(restored, 'estimate-2')).toBeCloseTo(1.05913791, 6);
    errors.expectClean();
  });
});

test('Chapter 6 page: math typeset, 18 numbered equations, references, and no serious axe violation with the explorer in use', async ({ page }) => {
  const errors = watchForErrors(page);
  const shell = await openExplorer(page, chapter, id);
  await expect(page.locator('.temml-error')).toHaveCount(0);
  expect(await page.locator('.equation[id^="eq-"]').count()).toBe(18);
  await expect(page.getByRole('heading', { name: 'References', level: 2 })).toBeVisible();
  expect(await page.locator('saddle-exercise').count()).toBeGreaterThanOrEqual(8);
  // Focus a handle so the explorer's interactive parts are in their active state.
  await shell.getByRole('slider', { name: 'W e₂, column 2 of W' }).focus();
  await page.keyboard.press('ArrowLeft');
  await untilWideBlocksFocusable(page);
  const results = await new AxeBuilder({ page }).analyze();
  const serious = results.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical');
  expect(serious.map((v) => `${v.id}: ${v.help} (${v.nodes.map((n) => n.target.join(' ')).join(', ')})`)).toEqual([]);
  errors.expectClean();
});
