import { test, expect, type Locator } from '@playwright/test';
import { readFile } from 'node:fs/promises';
import { divergenceTableRows } from '../../src/engine/divergences/registry';
import { getGanFigure } from '../../src/engine/experiments/figures';
import { figure, stepCount, watchForErrors, openExplorer, openFigure, expectExplorerShell, expectNoNaN, shareLink } from './helpers';

const distances = '/chapters/distances/';
const fDivergences = '/chapters/f-divergences/';
const fGan = '/chapters/f-gan/';
const LOG_2 = Math.log(2);

/** KL(N(μ₁, σ₁²) ‖ N(μ₂, σ₂²)) in closed form (Chapter 2, eq. kl-gauss). */
const gaussianKl = (mu1: number, s1: number, mu2: number, s2: number) =>
  Math.log(s2 / s1) + (s1 * s1 + (mu1 - mu2) ** 2) / (2 * s2 * s2) - 0.5;

/** The full-precision value an explorer lists for a quantity (data-value: a number or "Infinity"). */
async function listedValue(shell: Locator, id: string): Promise<number> {
  const cell = shell.locator(`tr[data-quantity="${id}"] td`);
  const raw = await cell.getAttribute('data-value');
  return raw === 'Infinity' ? Infinity : Number(raw);
}

/** Type a value into an explorer's number input and commit it (Enter). */
async function setNumber(shell: Locator, control: string, value: number | string): Promise<void> {
  const input = shell.locator(`[data-control="${control}"] input[type="number"], [data-control="${control}"] input[type="text"]`).first();
  await input.fill(String(value));
  await input.press('Enter');
}

test.describe('Chapter 2–3 explorers', () => {
  for (const [path, id] of [
    [distances, 'divergence-explorer'],
    [distances, 'sliding-apart'],
    [fDivergences, 'conjugate-explorer'],
  ] as const) {
    test(`${id} renders without training controls and without console errors`, async ({ page }) => {
      const errors = watchForErrors(page);
      const shell = await openExplorer(page, path, id);
      await expectExplorerShell(shell);
      await expect(shell.getByTestId('readout')).toContainText(/\d/);
      await expectNoNaN(shell);
      errors.expectClean();
    });
  }

  test('divergence explorer: KL and W₁ between two Gaussians match their closed forms', async ({ page }) => {
    const errors = watchForErrors(page);
    const shell = await openExplorer(page, distances, 'divergence-explorer');
    await shell.locator('[data-control="p-shape"] select').selectOption('1');
    await setNumber(shell, 'p-mean-0', 0);
    await setNumber(shell, 'p-std-0', 1);
    await setNumber(shell, 'q-mean-0', 1);
    await setNumber(shell, 'q-std-0', 1);
    await expect.poll(() => listedValue(shell, 'kl')).toBeCloseTo(gaussianKl(0, 1, 1, 1), 6);
    expect(gaussianKl(0, 1, 1, 1)).toBeCloseTo(0.5, 12);
    // Equal widths: W₁ is the distance between the means.
    expect(await listedValue(shell, 'w1')).toBeCloseTo(1, 6);
    // A wider Q (Chapter 2's example): KL(N(0,1) ‖ N(1,2²)) = log 2 + 2/8 − 1/2.
    await setNumber(shell, 'q-std-0', 2);
    await expect.poll(() => listedValue(shell, 'kl')).toBeCloseTo(gaussianKl(0, 1, 1, 2), 6);
    // …and Neyman χ² between them is infinite (gan-math §9.1), shown as ∞ and read as "infinite".
    await expect.poll(() => listedValue(shell, 'neyman')).toBe(Infinity);
    const neyman = shell.locator('tr[data-quantity="neyman"] td');
    await expect(neyman).toHaveText('∞');
    await expect(neyman).toHaveAttribute('aria-label', 'infinite');
    expect(await shell.innerText()).not.toMatch(/NaN/);
    errors.expectClean();
  });

  test('divergence explorer: discrete bars give the numbers of case (b) and case (c)', async ({ page }) => {
    const shell = await openExplorer(page, distances, 'divergence-explorer');
    await shell.locator('[data-control="mode"] select').selectOption('discrete');
    // Start from case (c) so that typing case (b) is a real change.
    await shell.locator('button[data-control="case-c"]').click();
    await expect.poll(() => listedValue(shell, 'kl')).toBeCloseTo(0.334795, 6);
    await setNumber(shell, 'p-probabilities', '0.1, 0.2, 0.3, 0.4');
    await setNumber(shell, 'q-probabilities', '1, 1, 1, 1'); // rescaled to 0.25 each
    // gan-math §9.1, case (b).
    await expect.poll(() => listedValue(shell, 'kl')).toBeCloseTo(0.10644, 5);
    const expected: Record<string, number> = {
      'reverse-kl': 0.121777,
      js: 0.0278656,
      gan: -1.33056,
      tv: 0.2,
      hellinger: 0.0563805,
      pearson: 0.2,
      neyman: 29 / 96,
      jeffrey: 0.228217,
      w1: 0.5,
    };
    for (const [id, value] of Object.entries(expected)) expect(await listedValue(shell, id), id).toBeCloseTo(value, 5);
    // Mass where Q has none: KL(P‖Q) = ∞, reverse KL finite (Chapter 2: 1·log(1/0.8)).
    await setNumber(shell, 'p-probabilities', '0.8, 0.2');
    await setNumber(shell, 'q-probabilities', '1, 0');
    await expect.poll(() => listedValue(shell, 'kl')).toBe(Infinity);
    expect(await listedValue(shell, 'reverse-kl')).toBeCloseTo(Math.log(1 / 0.8), 6);
    await expect(shell.locator('tr[data-quantity="kl"] td')).toHaveText('∞');
  });

  test('divergence explorer: handles move with the keyboard and the pointer', async ({ page }) => {
    const shell = await openExplorer(page, distances, 'divergence-explorer');
    const meanInput = shell.locator('[data-control="p-mean-0"] input');
    await expect(meanInput).toHaveValue('-2');
    const before = await listedValue(shell, 'kl');
    const handle = shell.getByRole('slider', { name: 'P, component 1: mean' });
    await handle.focus();
    await page.keyboard.press('ArrowRight');
    await expect(meanInput).toHaveValue('-1.9');
    await expect(handle).toHaveAttribute('aria-valuenow', '-1.9');
    await expect.poll(() => listedValue(shell, 'kl')).not.toBeCloseTo(before, 6);
    await page.keyboard.press('Shift+ArrowLeft');
    await expect(meanInput).toHaveValue('-2.9');

    // Drag Q's mean to the right: the number input follows.
    const qMean = shell.locator('[data-control="q-mean-0"] input');
    const qHandle = shell.getByRole('slider', { name: 'Q: mean' });
    const box = (await qHandle.boundingBox())!;
    await page.mouse.move(box.x + box.width / 2, box.y + box.height / 2);
    await page.mouse.down();
    await page.mouse.move(box.x + box.width / 2 + 60, box.y + box.height / 2, { steps: 6 });
    await page.mouse.up();
    await expect.poll(async () => Number(await qMean.inputValue())).toBeGreaterThan(0.5);
  });

  test('sliding apart: JS saturates at log 2, KL is infinite for boxes, W₁ grows linearly', async ({ page }) => {
    const errors = watchForErrors(page);
    const shell = await openExplorer(page, distances, 'sliding-apart');
    // Boxes of width 1 (the default): JS = (θ/w) log 2 while they overlap.
    await setNumber(shell, 'theta', 0.25);
    await expect.poll(() => listedValue(shell, 'js')).toBeCloseTo(0.25 * LOG_2, 6);
    expect(await listedValue(shell, 'tv')).toBeCloseTo(0.25, 6);
    expect(await listedValue(shell, 'kl')).toBe(Infinity);
    await setNumber(shell, 'theta', 4);
    await expect.poll(async () => Math.abs((await listedValue(shell, 'js')) - LOG_2)).toBeLessThan(1e-3);
    expect(await listedValue(shell, 'w1')).toBeCloseTo(4, 6);
    await expect(shell.locator('tr[data-quantity="kl"] td')).toHaveText('∞');

    // Gaussians: KL = θ²/(2σ²) is finite; at θ/σ = 10 JS is within 10⁻³ of log 2.
    await shell.locator('[data-control="shape"] select').selectOption('gaussians');
    await setNumber(shell, 'width', 0.5);
    await setNumber(shell, 'theta', 5);
    await expect.poll(() => listedValue(shell, 'kl')).toBeCloseTo(25 / (2 * 0.25), 4);
    expect(Math.abs((await listedValue(shell, 'js')) - LOG_2)).toBeLessThan(1e-3);
    expect(await listedValue(shell, 'w1')).toBeCloseTo(5, 5);

    // The handle on Q works from the keyboard.
    const handle = shell.getByRole('slider', { name: 'Shift θ of Q' });
    await handle.focus();
    await page.keyboard.press('Home');
    await expect(shell.locator('[data-control="theta"] input[type="number"]')).toHaveValue('0');
    await page.keyboard.press('ArrowRight');
    await expect(shell.locator('[data-control="theta"] input[type="number"]')).toHaveValue('0.05');
    errors.expectClean();
  });

  test('sliding apart: Play animates θ; with reduced motion there is no animation', async ({ page }) => {
    const shell = await openExplorer(page, distances, 'sliding-apart');
    const theta = shell.locator('[data-control="theta"] input[type="number"]');
    const play = shell.locator('button[data-control="play"]');
    await play.click();
    await expect(play).toHaveAttribute('aria-pressed', 'true');
    await expect.poll(async () => Number(await theta.inputValue()), { timeout: 30_000 }).toBeGreaterThan(1);
    await play.click();
    await expect(play).toHaveAttribute('aria-pressed', 'false');

    await page.emulateMedia({ reducedMotion: 'reduce' });
    await page.reload();
    await expect(figure(page, 'sliding-apart')).toHaveAttribute('data-state', 'ready');
    await expect(figure(page, 'sliding-apart').locator('button[data-control="play"]')).toHaveCount(0);
  });

  test('conjugate explorer: f*(t) and the touching point follow the slope, TV is finite only on |t| ≤ ½', async ({ page }) => {
    const errors = watchForErrors(page);
    const shell = await openExplorer(page, fDivergences, 'conjugate-explorer');
    const readout = shell.getByTestId('readout');
    // KL: f*(t) = e^{t−1}, touching at u = e^{t−1} (where 1 + log u = t).
    await setNumber(shell, 't', 2);
    await expect(readout).toContainText('slope t = 2');
    const conjugate = Number(/f\*\(t\) = ([\d.]+)/.exec((await readout.textContent()) ?? '')?.[1]);
    expect(conjugate).toBeCloseTo(Math.exp(1), 3);
    const touching = Number(/touches f at u = ([\d.]+)/.exec((await readout.textContent()) ?? '')?.[1]);
    expect(touching).toBeCloseTo(Math.exp(1), 2);

    // Keyboard on the handle of f*: one step right.
    const handle = shell.getByRole('slider', { name: 'Slope t', exact: true });
    await handle.focus();
    await page.keyboard.press('ArrowRight');
    await expect(readout).toContainText('slope t = 2.05');

    // Total variation: inside |t| ≤ ½ the line touches the kink at u = 1 and f*(t) = t.
    await shell.locator('[data-control="divergence"] select').selectOption('tv');
    await setNumber(shell, 't', 0.3);
    await expect(readout).toContainText('f*(t) = 0.3');
    await expect(readout).toContainText('touches f at u = 1');
    await setNumber(shell, 't', 0.7);
    await expect(readout).toContainText(/outside dom f\*.*infinite/);
    expect(await shell.innerText()).not.toMatch(/NaN/);
    errors.expectClean();
  });

  test('an explorer’s share link round-trips its state; a bad link falls back to the defaults', async ({ page, context }) => {
    const shell = await openExplorer(page, distances, 'divergence-explorer');
    await shell.locator('[data-control="mode"] select').selectOption('discrete');
    await shell.locator('button[data-control="case-c"]').click();
    await shell.locator('[data-control="divergence"] select').selectOption('js');
    await expect.poll(() => listedValue(shell, 'js')).toBeCloseTo(0.0863046, 6);
    const link = await shareLink(shell, 'divergence-explorer');

    const other = await context.newPage();
    const errors = watchForErrors(other);
    await other.goto(link);
    const restored = figure(other, 'divergence-explorer');
    await expect(restored).toHaveAttribute('data-state', 'ready');
    await expect(restored.getByTestId('link-message')).toContainText('shared link');
    await expect(restored.locator('[data-control="mode"] select')).toHaveValue('discrete');
    await expect(restored.locator('[data-control="divergence"] select')).toHaveValue('js');
    await expect.poll(() => listedValue(restored, 'js')).toBeCloseTo(0.0863046, 6);
    await expect(restored.locator('tr.sp-selected')).toHaveAttribute('data-quantity', 'js');
    errors.expectClean();

    // A link whose state the explorer's schema rejects: a clear message, and the defaults.
    const tampered = Buffer.from(JSON.stringify({ mode: 'continuous', divergence: 'kl', alpha: 1, p: [], q: [] })).toString('base64url');
    await other.goto(`${distances}?fig.divergence-explorer=${tampered}`);
    await expect(restored.getByTestId('link-message')).toContainText(/could not be read.*defaults/);
    await expect(restored.locator('[data-control="mode"] select')).toHaveValue('continuous');
    await expect(restored.locator('[data-control="p-mean-0"] input')).toHaveValue('-2');
    await other.goto(`${distances}?fig.divergence-explorer=%%%`);
    await expect(restored.getByTestId('link-message')).toContainText(/could not be read/);
  });

  test('an explorer exports PNG, SVG and CSV', async ({ page }) => {
    const shell = await openExplorer(page, distances, 'sliding-apart');
    const download = async (testId: string) => {
      const [file] = await Promise.all([page.waitForEvent('download'), shell.getByTestId(testId).click()]);
      return { name: file.suggestedFilename(), bytes: await readFile((await file.path())!) };
    };
    const png = await download('export-png');
    expect(png.name).toBe('sliding-apart.png');
    expect(png.bytes.subarray(0, 4)).toEqual(Buffer.from([0x89, 0x50, 0x4e, 0x47]));
    const svg = await download('export-svg');
    expect(svg.bytes.toString('utf8')).toContain('</svg>');
    const csv = await download('export-csv');
    const [comment, ...lines] = csv.bytes.toString('utf8').trim().split('\n');
    expect(comment).toMatch(/^# Saddle Point .*figure sliding-apart/);
    expect(lines[0]).toBe('theta,js,tv,kl,w1');
    expect(lines.length).toBeGreaterThan(50);
  });
});

test.describe('divergence tables', () => {
  for (const path of [fDivergences, fGan]) {
    test(`every divergence table on ${path} lists the registry's rows in order`, async ({ page }) => {
      await page.goto(path);
      const tables = page.locator('table:has(tr[data-divergence-id])');
      const count = await tables.count();
      expect(count).toBeGreaterThan(0);
      const registryIds = divergenceTableRows.map((row) => row.id);
      for (let i = 0; i < count; i++) {
        const ids = await tables.nth(i).locator('tr[data-divergence-id]').evaluateAll((rows) => rows.map((row) => row.getAttribute('data-divergence-id')));
        expect(ids).toEqual(registryIds);
        // Each math cell shows the registry's LaTeX for its row and column.
        const cells = await tables
          .nth(i)
          .locator('td[data-latex]')
          .evaluateAll((elements) =>
            elements.map((element) => ({
              id: element.closest('tr')!.getAttribute('data-divergence-id')!,
              column: element.getAttribute('data-column')!,
              latex: element.getAttribute('data-latex')!,
            })),
          );
        for (const cell of cells) {
          const row = divergenceTableRows.find((candidate) => candidate.id === cell.id)!;
          expect(cell.latex, `${cell.id} ${cell.column}`).toBe(row.latex[cell.column as keyof typeof row.latex]);
        }
      }
    });
  }
});

/** A number from a readout sentence (the figures write minus as "−"). */
function readNumber(text: string | null, pattern: RegExp): number {
  const match = pattern.exec(text ?? '');
  return match ? Number(match[1].replace('−', '-')) : Number.NaN;
}

/** The 1-D mixture and Gaussian of a registry figure, as density functions (for independent integrals). */
function densities(id: string): { p: (x: number) => number; q: (x: number) => number } {
  const experiment = getGanFigure(id)!.experiment;
  if (experiment.data.kind !== 'mixture-1d' || !experiment.generator.init) throw new Error(`${id} is not a 1-D figure with a fixed Q`);
  const normal = (x: number, mean: number, std: number) => Math.exp(-0.5 * ((x - mean) / std) ** 2) / (std * Math.sqrt(2 * Math.PI));
  const components = experiment.data.components;
  const total = components.reduce((sum, component) => sum + component.weight, 0);
  const [shift] = experiment.generator.init.shift;
  const [scale] = experiment.generator.init.scale;
  return {
    p: (x) => components.reduce((sum, c) => sum + (c.weight / total) * normal(x, c.mean, c.std), 0),
    q: (x) => normal(x, shift, scale),
  };
}

/** ∫ g over [−20, 20] by the trapezoid rule on a fine grid (the integrands here are smooth and decay fast). */
function integrate(g: (x: number) => number): number {
  const n = 40_000;
  const h = 40 / n;
  let total = 0;
  for (let i = 0; i <= n; i++) {
    const x = -20 + i * h;
    const value = g(x);
    total += (i === 0 || i === n ? 0.5 : 1) * (Number.isFinite(value) ? value : 0);
  }
  return total * h;
}

test.describe('Chapter 3–4 training figures', () => {
  const cases = [
    { path: fDivergences, id: 'variational-bound', number: /Bound F\(T\) = (−?\d+(?:\.\d+)?)/ },
    { path: fGan, id: 'fgan-gaussian-fit', number: /standard deviation (−?\d+(?:\.\d+)?)/ },
    { path: fGan, id: 'fgan-mixture-2d', number: /Modes captured: (\d+) of 8/ },
  ];
  for (const { path, id, number } of cases) {
    test(`${id} trains in a worker and reports finite numbers`, async ({ page }) => {
      const { errors, shell } = await openFigure(page, path, id);
      await expect.poll(() => stepCount(shell), { timeout: 45_000 }).toBeGreaterThan(5);
      expect(page.workers().length).toBeGreaterThan(0);
      const readout = shell.getByTestId('readout');
      await expect.poll(async () => Number.isFinite(readNumber(await readout.textContent(), number)), { timeout: 30_000 }).toBe(true);
      // The divergence is chosen in view, above the plot.
      await expect(shell.getByTestId('quick-controls').getByLabel(/Divergence/)).toBeVisible();
      await shell.getByTestId('pause').click();
      await expectNoNaN(shell);
      errors.expectClean();
    });
  }

  test('variational bound: the target line is the true D_f, and the divergence menu switches it', async ({ page }) => {
    await page.emulateMedia({ reducedMotion: 'reduce' });
    await page.goto(fDivergences);
    const shell = figure(page, 'variational-bound');
    await shell.scrollIntoViewIfNeeded();
    const readout = shell.getByTestId('readout');
    await shell.getByTestId('step').click();
    await expect.poll(() => stepCount(shell), { timeout: 45_000 }).toBe(1);
    const { p, q } = densities('variational-bound');
    const kl = integrate((x) => (p(x) > 0 ? p(x) * Math.log(p(x) / q(x)) : 0));
    await expect.poll(async () => readNumber(await readout.textContent(), /True value (−?\d+(?:\.\d+)?)/), { timeout: 30_000 }).toBeCloseTo(kl, 3);

    await shell.getByTestId('quick-controls').getByLabel(/Divergence/).selectOption('tv');
    await shell.getByTestId('step').click();
    await expect(readout).toContainText('Total variation', { timeout: 30_000 });
    const tv = 0.5 * integrate((x) => Math.abs(p(x) - q(x)));
    await expect.poll(async () => readNumber(await readout.textContent(), /True value (−?\d+(?:\.\d+)?)/), { timeout: 30_000 }).toBeCloseTo(tv, 3);
    // A share link carries the chosen divergence.
    await page.goto(await shareLink(shell, 'variational-bound'));
    await expect(figure(page, 'variational-bound').getByTestId('quick-controls').getByLabel(/Divergence/)).toHaveValue('tv');
  });

  test('Gaussian fit: the generator loss is offered, and the keyboard steps the figure', async ({ page }) => {
    await page.emulateMedia({ reducedMotion: 'reduce' });
    await page.goto(fGan);
    const shell = figure(page, 'fgan-gaussian-fit');
    await shell.scrollIntoViewIfNeeded();
    const loss = shell.getByTestId('quick-controls').getByLabel('Generator loss');
    await expect(loss).toHaveValue('saddle');
    await loss.selectOption('non-saturating');
    await expect(shell.getByTestId('readout')).toContainText('non-saturating', { timeout: 30_000 });
    await shell.focus();
    await page.keyboard.press('ArrowRight');
    await expect.poll(() => stepCount(shell), { timeout: 45_000 }).toBe(1);
    await expect(shell.getByTestId('readout')).toContainText(/Fitted Gaussian: mean −?[\d.]+/);
  });
});
