import { test, expect } from '@playwright/test';
import { readFile } from 'node:fs/promises';
import { getFigure } from '../../src/engine/experiments/figures';
import { encodeExperiment, figureParameter } from '../../src/engine/experiments/url';
import { figure, figureIdsInChapter, stepCount, settledStepCount, watchForErrors, encodeLinkSettings, drawnPlot, openFigure, shareLink } from './helpers';

const chapter = '/chapters/adversarial-game/';
const ids = figureIdsInChapter('adversarial-game'); // every figure of the chapter, from its source

/**
 * The chapter with a share link that only raises one figure's training steps, so that a figure on
 * the fused fast path (thousands of steps a second) is still training when the test pauses it or
 * scrolls it away; its other settings are its own.
 */
function longRun(id: string): string {
  const spec = getFigure(id)!;
  if (spec.experiment.kind !== 'gan') return chapter;
  const experiment = { ...spec.experiment, training: { ...spec.experiment.training, steps: 1_000_000 } };
  return `${chapter}#fig-${id}&${figureParameter(id)}=${encodeExperiment(experiment, spec.experiment)}`;
}

test.describe('Chapter 1 figures', () => {
  for (const id of ids) {
    test(`${id} trains in a worker when on screen, and pause, step and reset work`, async ({ page }) => {
      const { errors, shell } = await openFigure(page, longRun(id), id);
      const { plot, before } = await drawnPlot(shell);

      // It starts by itself once visible, in a worker, and the step counter rises.
      await expect.poll(() => stepCount(shell), { timeout: 45_000 }).toBeGreaterThan(5);
      expect(page.workers().length).toBeGreaterThan(0);
      await expect(shell.getByTestId('backend')).not.toContainText('not started');
      await expect.poll(async () => (await plot.innerHTML()) !== before).toBe(true);

      // Pause: the counter stops.
      await shell.getByTestId('pause').click();
      await expect(shell.getByTestId('run')).toBeVisible();
      await expect(shell).toHaveAttribute('data-state', 'paused');
      const paused = await settledStepCount(shell);
      await page.waitForTimeout(1000);
      expect(await stepCount(shell)).toBe(paused);

      // Single step: exactly one more.
      await shell.getByTestId('step').click();
      await expect.poll(() => stepCount(shell)).toBe(paused + 1);

      // Reset: back to zero, and it stays paused.
      await shell.getByTestId('reset').click();
      await expect.poll(() => stepCount(shell)).toBe(0);

      // The screen-reader readout says something numeric, and no NaN is ever shown.
      await shell.getByTestId('step').click();
      await expect(shell.getByTestId('readout')).toContainText(/\d/);
      expect(await shell.innerText()).not.toMatch(/NaN|Infinity/);
      errors.expectClean();
    });
  }

  test('the keyboard alone drives a figure', async ({ page }) => {
    await page.emulateMedia({ reducedMotion: 'reduce' });
    await page.goto(chapter);
    const shell = figure(page, 'ring-gan');
    await shell.scrollIntoViewIfNeeded();
    await shell.focus();
    await page.keyboard.press('ArrowRight');
    await expect.poll(() => stepCount(shell), { timeout: 30_000 }).toBe(1);
    await page.keyboard.press('s');
    await expect.poll(() => stepCount(shell)).toBe(2);
    await page.keyboard.press('Space');
    await expect.poll(() => stepCount(shell)).toBeGreaterThan(4);
    await page.keyboard.press('Space');
    await expect(shell).toHaveAttribute('data-state', 'paused');
    const paused = await settledStepCount(shell);
    await page.waitForTimeout(800);
    expect(await stepCount(shell)).toBe(paused);
    await page.keyboard.press('r');
    await expect.poll(() => stepCount(shell)).toBe(0);
    // Tab reaches the buttons, and Enter on the focused Step button steps.
    const stepButton = shell.getByTestId('step');
    await stepButton.focus();
    await page.keyboard.press('Enter');
    await expect.poll(() => stepCount(shell)).toBe(1);
  });

  test('with reduced motion a figure starts paused and steps on demand', async ({ page }) => {
    await page.emulateMedia({ reducedMotion: 'reduce' });
    await page.goto(chapter);
    const shell = figure(page, 'gan-1d');
    await shell.scrollIntoViewIfNeeded();
    await page.waitForTimeout(2000);
    expect(await stepCount(shell)).toBe(0);
    await shell.getByTestId('step').click();
    await expect.poll(() => stepCount(shell), { timeout: 30_000 }).toBe(1);
  });

  test('a figure scrolled off screen stops stepping', async ({ page }) => {
    await page.goto(longRun('gan-1d'));
    const shell = figure(page, 'gan-1d');
    await shell.scrollIntoViewIfNeeded();
    await expect.poll(() => stepCount(shell), { timeout: 45_000 }).toBeGreaterThan(5);
    // Scroll far away (to the exercises at the end).
    await page.locator('saddle-exercise').last().scrollIntoViewIfNeeded();
    // The shell says it is waiting off screen once the worker has confirmed the pause.
    await expect(shell).toHaveAttribute('data-state', 'waiting');
    const away = await settledStepCount(shell);
    await page.waitForTimeout(1500);
    expect(await stepCount(shell)).toBe(away);
    // Back on screen, it resumes.
    await shell.scrollIntoViewIfNeeded();
    await expect.poll(() => stepCount(shell), { timeout: 30_000 }).toBeGreaterThan(away);
  });

  test('a share link restores the figure’s settings and seed', async ({ page, context }) => {
    await page.emulateMedia({ reducedMotion: 'reduce' });
    await page.goto(chapter);
    const shell = figure(page, 'ring-gan');
    await shell.scrollIntoViewIfNeeded();
    await shell.getByTestId('seed').fill('4242');
    await shell.getByTestId('seed').press('Enter');
    const link = await shareLink(shell, 'ring-gan');

    const other = await context.newPage();
    await other.emulateMedia({ reducedMotion: 'reduce' });
    await other.goto(link);
    const restored = figure(other, 'ring-gan');
    await expect(restored.getByTestId('seed')).toHaveValue('4242');
    await expect(restored.getByTestId('link-message')).not.toContainText(/could not be read/i);
  });

  test('a hand-made link with a changed learning rate is honoured', async ({ page }) => {
    await page.emulateMedia({ reducedMotion: 'reduce' });
    const settings = encodeLinkSettings({ optimizers: { generator: { learningRate: 0.0123 } }, seed: 7 });
    await page.goto(`${chapter}?fig.ring-gan=${settings}#fig-ring-gan`);
    const shell = figure(page, 'ring-gan');
    await expect(shell.getByTestId('seed')).toHaveValue('7');
    await shell.locator('details.sp-settings summary').click();
    await expect(shell.getByLabel('G learning rate')).toHaveValue('0.0123');
  });

  test('a broken or tampered link shows a message and falls back to the defaults', async ({ page }) => {
    await page.emulateMedia({ reducedMotion: 'reduce' });
    const errors = watchForErrors(page);
    await page.goto(`${chapter}?fig.ring-gan=%%%not-base64`);
    const shell = figure(page, 'ring-gan');
    await expect(shell.getByTestId('link-message')).toBeVisible();
    await expect(shell.getByTestId('link-message')).toContainText(/defaults/i);
    await expect(shell.getByTestId('seed')).toHaveValue('1');

    const outOfRange = encodeLinkSettings({ training: { batchSize: 999999 }, seed: 3 });
    await page.goto(`${chapter}?fig.ring-gan=${outOfRange}`);
    await expect(shell.getByTestId('link-message')).toContainText(/batchSize/);
    // The figure still works.
    await shell.scrollIntoViewIfNeeded();
    await shell.getByTestId('step').click();
    await expect.poll(() => stepCount(shell), { timeout: 30_000 }).toBe(1);
    errors.expectClean();
  });

  test('a run that blows up shows a clear sentence and a way on, and draws no NaN', async ({ page }) => {
    const explosive = encodeLinkSettings({
      optimizers: {
        discriminator: { kind: 'sgd', learningRate: 10 },
        generator: { kind: 'sgd', learningRate: 10 },
      },
      seed: 1,
    });
    await page.goto(`${chapter}?fig.ring-gan=${explosive}#fig-ring-gan`);
    const shell = figure(page, 'ring-gan');
    await shell.scrollIntoViewIfNeeded();
    const error = shell.getByTestId('error');
    await expect(error).toBeVisible({ timeout: 60_000 });
    await expect(error).toContainText(/learning rate/i);
    expect(await shell.getByTestId('plot').innerHTML()).not.toContain('NaN');
    // The way on: restore the defaults, which trains again.
    await error.getByRole('button').first().click();
    await expect(error).toBeHidden();
  });

  test('export gives a non-empty PNG, SVG and CSV', async ({ page }) => {
    await page.emulateMedia({ reducedMotion: 'reduce' });
    await page.goto(chapter);
    const shell = figure(page, 'ring-gan');
    await shell.scrollIntoViewIfNeeded();
    await shell.getByTestId('step').click();
    await expect.poll(() => stepCount(shell), { timeout: 30_000 }).toBe(1);

    const download = async (testId: string) => {
      const [file] = await Promise.all([page.waitForEvent('download'), shell.getByTestId(testId).click()]);
      return { name: file.suggestedFilename(), bytes: await readFile((await file.path())!) };
    };
    const png = await download('export-png');
    expect(png.name).toBe('ring-gan.png');
    expect(png.bytes.subarray(0, 8)).toEqual(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]));
    expect(png.bytes.length).toBeGreaterThan(2000);

    const svg = await download('export-svg');
    expect(svg.name).toBe('ring-gan.svg');
    // After the XML declaration, the provenance comment (issue 13), then the drawing.
    expect(svg.bytes.toString('utf8')).toMatch(/^(<\?xml[^>]*>\s*)?<!-- Saddle Point [^>]*figure ring-gan, seed 1, step 1 -->\s*<svg[\s>]/);
    expect(svg.bytes.toString('utf8')).toContain('</svg>');
    // The points and the heat map are drawn live on canvases; the file has them as svg marks instead.
    const svgText = svg.bytes.toString('utf8');
    expect(svgText).toMatch(/<path[^>]*data-mark="generated"[^>]*\sd="M[^"]+"/);
    expect(svgText).toMatch(/<path[^>]*data-mark="real"[^>]*\sd="M[^"]+"/);
    expect(svgText).toMatch(/<image[^>]*data-mark="discriminator"[^>]*href="data:image\/png;base64,/);
    expect(svgText).not.toContain('foreignObject');

    const csv = await download('export-csv');
    expect(csv.name).toBe('ring-gan.csv');
    const [comment, ...lines] = csv.bytes.toString('utf8').trim().split('\n');
    expect(comment).toMatch(/^# Saddle Point .*TensorFlow\.js .*figure ring-gan, seed 1, step 1$/);
    expect(lines.length).toBeGreaterThan(10);
    expect(lines[0]).toMatch(/[a-z]/i); // a header row
    expect(lines[1].split(',').length).toBe(lines[0].split(',').length);
  });
});
