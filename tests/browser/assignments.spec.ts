/**
 * Assignment links, figure-state exercises, submissions and the teacher's checker (issue 12, 2–4).
 * The assignment uses a short variational-bound run (60 steps, CPU backend in the assignment), so
 * the checker's re-runs take seconds.
 */
import AxeBuilder from '@axe-core/playwright';
import { expect, test, type Page } from '@playwright/test';
import { getGanFigure, withChanges } from '../../src/engine/experiments/figures';
import { encodeLinkJson } from '../../src/engine/experiments/url';
import { encodeAssignment, type Assignment } from '../../src/teaching/assignment';
import { checksum } from '../../src/teaching/codes';
import { decodeSubmission, encodeSubmission } from '../../src/teaching/submission';
import { figure, layoutShifts, recordLayoutShifts, watchForErrors } from './helpers';

const bound = getGanFigure('variational-bound')!;
const setup = withChanges(bound.experiment, (draft) => {
  draft.training.steps = 60;
  draft.seed = 5;
});
const assignment: Assignment = {
  title: 'Week 3: climbing the bound',
  instructions: 'Answer the exercise, then train the figure.',
  tasks: [
    { type: 'exercise', key: 'chapters/adversarial-game#ex-1-1' },
    {
      type: 'figure',
      figure: 'variational-bound',
      experiment: setup,
      lock: ['seed', 'optimizers.discriminator.learningRate'],
      hide: ['training.batchSize'],
      note: 'Train the critic for its 60 steps.',
      require: 'step >= 60, boundGap <= 5',
    },
  ],
};
const code = encodeAssignment(assignment);

/** Requests our own navigations cut short (a figure's WASM, the favicon) are not failures. */
function expectCleanBesidesAborted(problems: string[]) {
  const real = problems.filter((problem) => !problem.includes('net::ERR_ABORTED'));
  expect(real, real.join('\n')).toEqual([]);
}

async function openAssignment(page: Page, hash: string) {
  await page.goto(`/assignment/#${hash}`);
}

test('an assignment link shows its tasks in order, locks and hides what it says, restores the figure, which waits for the student to start it', async ({ page }) => {
  const errors = watchForErrors(page);
  await openAssignment(page, code);
  await expect(page.getByTestId('assignment-title')).toHaveText('Week 3: climbing the bound');
  const tasks = page.locator('.assignment-task');
  await expect(tasks).toHaveCount(2);
  await expect(tasks.nth(0).locator('saddle-exercise')).toHaveAttribute('data-progress-key', 'chapters/adversarial-game#ex-1-1');
  const shell = figure(page, 'variational-bound');
  await expect(shell).toHaveCount(1);
  // The page carries every figure and exercise of the book, but parses only those the link names
  // (TemplateText.astro): no other one exists, in the page or in a template's content.
  const parsed = await page.evaluate(() => {
    const roots: ParentNode[] = [document, ...Array.from(document.querySelectorAll('template'), (template) => template.content)];
    const count = (selector: string) => roots.reduce((sum, root) => sum + root.querySelectorAll(selector).length, 0);
    return { figures: count('sp-figure'), exercises: count('saddle-exercise') };
  });
  expect(parsed).toEqual({ figures: 1, exercises: 1 });
  // The teacher's settings and seed: 60 steps, seed 5 (locked).
  await expect(shell.getByTestId('step-total')).toHaveText('60');
  await expect(shell.getByTestId('seed')).toHaveValue('5');
  await expect(shell.getByTestId('seed')).toBeDisabled();
  await expect(shell.locator('[data-path="optimizers.discriminator.learningRate"] input')).toBeDisabled();
  await expect(shell.locator('[data-path="optimizers.discriminator.learningRate"]')).toContainText('Set by your teacher');
  await expect(shell.locator('[data-path="training.batchSize"]')).toBeHidden();
  // An unlocked control still works.
  await expect(shell.locator('[data-path="discriminator.hidden"] input').first()).toBeEnabled();
  // On screen and ready, it waits for the student: no step until Run or Step.
  await shell.scrollIntoViewIfNeeded();
  await expect(shell).toHaveAttribute('data-state', 'paused', { timeout: 30_000 });
  await page.waitForTimeout(1500);
  await expect(shell).toHaveAttribute('data-state', 'paused');
  await expect(shell.getByTestId('step-count')).toHaveText('0');
  await shell.getByTestId('run').click();
  await expect.poll(async () => Number(await shell.getByTestId('step-count').textContent())).toBeGreaterThan(0);
  errors.expectClean();
});

test('on a phone, an assigned figure with a locked seed appears in place: nothing on screen shifts as the link is read and the figure sets up', async ({ page }) => {
  // Lighthouse's phone: the seed's note is what wraps the toolbar at this width.
  await page.setViewportSize({ width: 412, height: 823 });
  await recordLayoutShifts(page);
  // The link's code arrives late, as on a slow connection: the page is drawn before its tasks.
  await page.route('**/assignment-code*', async (route) => {
    await new Promise((resolve) => setTimeout(resolve, 1000));
    await route.continue();
  });
  const figureFirst = encodeAssignment({
    title: 'Week 1: the ring',
    instructions: 'Train the ring figure.',
    tasks: [{ type: 'figure', figure: 'ring-gan', experiment: getGanFigure('ring-gan')!.experiment, lock: ['seed'], hide: [], note: '', require: 'step >= 60' }],
  });
  await openAssignment(page, figureFirst);
  const shell = figure(page, 'ring-gan');
  await expect(shell.getByTestId('seed')).toBeInViewport();
  await expect(shell).toHaveAttribute('data-state', 'paused', { timeout: 30_000 });
  await page.waitForTimeout(500);
  // Without care, the tasks pushed the footer (on screen while the page was empty) down, the title's
  // margin moved the text, and the seed's "Set by your teacher" note moved the toolbar at set-up.
  const { total, described } = await layoutShifts(page);
  expect(total, described).toBeLessThan(0.001);
});

test('the title and instructions show before the code of the tasks arrives, and the tasks then come in below them', async ({ page }) => {
  let release: () => void = () => undefined;
  const held = new Promise<void>((resolve) => (release = resolve));
  await page.route('**/assignment-code*', async (route) => {
    await held;
    await route.continue();
  });
  await openAssignment(page, code);
  await expect(page.getByTestId('assignment-title')).toHaveText('Week 3: climbing the bound');
  await expect(page.getByTestId('assignment-instructions')).toHaveText('Answer the exercise, then train the figure.');
  await expect(page.getByTestId('assignment-id')).toHaveText(code.split('.')[2]);
  await expect(page.getByText('Loading the tasks…')).toBeVisible();
  // Below the tasks, it waits for them: shown first, it would be pushed down as they arrive.
  await expect(page.getByRole('heading', { name: 'Hand in' })).toBeHidden();
  release();
  await expect(page.locator('.assignment-task')).toHaveCount(2);
  await expect(page.getByText('Loading the tasks…')).toHaveCount(0);
  await expect(page.getByRole('heading', { name: 'Hand in' })).toBeVisible();
});

test('the link’s code is asked for after the page’s own scripts have run, in a task of its own', async ({ page }) => {
  // DOMContentLoaded is dispatched in the task that runs the page's module scripts: the link code's
  // <link rel="modulepreload"> announcements (26 of them) are not part of that task.
  await page.addInitScript(() => {
    document.addEventListener('DOMContentLoaded', () => {
      (window as unknown as { announcedWithScripts: number }).announcedWithScripts = document.querySelectorAll('link[rel="modulepreload"]').length;
    });
  });
  await openAssignment(page, code);
  await expect(page.getByTestId('assignment-title')).toHaveText('Week 3: climbing the bound');
  expect(await page.evaluate(() => document.querySelectorAll('link[rel="modulepreload"][href*="assignment-code"]').length)).toBe(1);
  expect(await page.evaluate(() => (window as unknown as { announcedWithScripts: number }).announcedWithScripts)).toBe(0);
});

test('an assigned figure goes live without fetching its static render, keeps its place, and prints with it; with reduced motion the render shows until Run', async ({ browser }) => {
  const ring = encodeAssignment({
    title: 'The ring',
    instructions: 'Train the ring figure.',
    tasks: [{ type: 'figure', figure: 'ring-gan', experiment: getGanFigure('ring-gan')!.experiment, lock: [], hide: [], note: '', require: '' }],
  });
  for (const reducedMotion of ['no-preference', 'reduce'] as const) {
    const context = await browser.newContext({ reducedMotion, viewport: { width: 1280, height: 900 } });
    const page = await context.newPage();
    const errors = watchForErrors(page);
    const fetched: string[] = [];
    page.on('request', (request) => {
      if (new URL(request.url()).pathname.startsWith('/renders/')) fetched.push(request.url());
    });
    await openAssignment(page, ring);
    const shell = figure(page, 'ring-gan');
    const render = shell.getByTestId('static-render');
    const image = render.locator('img');
    // The figure's first state is there (its worker is ready) ...
    await expect(shell).toHaveAttribute('data-state', 'paused', { timeout: 30_000 });
    if (reducedMotion === 'reduce') {
      // ... behind its reference render until the student runs it.
      await expect(image).toBeVisible();
      await expect.poll(() => image.evaluate((img: HTMLImageElement) => img.complete && img.naturalWidth > 0)).toBe(true);
      await expect(shell.locator('.sp-plot > svg')).toBeHidden();
      await shell.getByTestId('step').click();
      await expect(shell).toHaveAttribute('data-live', '');
      await expect(image).toBeHidden();
    } else {
      // ... drawn live at once: the render was never fetched, and its box (before the live plot
      // replaced it) had the render's shape.
      await expect(shell).toHaveAttribute('data-live', '');
      await expect(shell.locator('.sp-plot > svg')).toBeVisible();
      expect(fetched).toEqual([]);
      await expect(image).toHaveCount(0);
      const shape = await render.evaluate((place: HTMLElement) => place.style.aspectRatio);
      expect(shape).toMatch(/^\d+ \/ \d+$/);
      // Printed, the task shows the render, as every printed figure does.
      await page.emulateMedia({ media: 'print' });
      await expect(image).toBeVisible();
      await expect.poll(() => image.evaluate((img: HTMLImageElement) => img.complete && img.naturalWidth > 0)).toBe(true);
      await expect(shell.locator('.sp-plot > svg')).toBeHidden();
    }
    errors.expectClean();
    await context.close();
  }
});

test('a figure-state exercise is accepted only when the figure meets it; the checker confirms the honest submission and refutes a doctored one', async ({ page }) => {
  test.setTimeout(180_000);
  const errors = watchForErrors(page);
  await openAssignment(page, code);
  // The exercise task: a right answer, saved under the chapter's key.
  const exercise = page.locator('.assignment-task').nth(0).locator('saddle-exercise');
  await exercise.locator('input.exercise-input').fill('0.6225');
  await exercise.getByRole('button', { name: 'Check' }).click();
  await expect(exercise).toHaveAttribute('data-state', 'correct');

  const shell = figure(page, 'variational-bound');
  const check = page.locator('sp-figure-check');
  await shell.getByTestId('reset').click();
  await check.getByTestId('figure-check').click();
  await expect(check).not.toHaveAttribute('data-state', 'correct');
  // Five steps: the figure has trained, but not to step 60.
  await shell.getByTestId('step').click();
  await expect.poll(async () => Number(await shell.getByTestId('step-count').textContent())).toBeGreaterThan(0);
  await check.getByTestId('figure-check').click();
  await expect(check).toHaveAttribute('data-state', 'incorrect');
  await expect(check.getByTestId('figure-check-feedback')).toContainText('steps trained is');
  await shell.getByTestId('run').click();
  await expect(shell).toHaveAttribute('data-state', 'finished', { timeout: 90_000 });
  await expect(shell.getByTestId('backend')).toHaveAttribute('data-backend', 'cpu');
  await check.getByTestId('figure-check').click();
  await expect(check).toHaveAttribute('data-state', 'correct');

  // Hand in.
  await page.getByTestId('submission-form').getByRole('button').click();
  await expect(page.getByTestId('submission-status')).toContainText('Type your name');
  await page.getByTestId('submission-name').fill('Ada Lovelace');
  await page.getByTestId('submission-form').getByRole('button').click();
  const honest = await page.getByTestId('submission-code').inputValue();
  const decoded = decodeSubmission(honest);
  expect(decoded.ok).toBe(true);
  if (!decoded.ok) return;
  expect(decoded.submission.answers.map((answer) => answer.task)).toEqual([0, 1]);
  const claim = decoded.submission.answers[1].claim!;
  expect(claim).toMatchObject({ figure: 'variational-bound', step: 60, backend: 'cpu' });
  // Same settings and step, a better gap than the run gave.
  const doctored = encodeSubmission({
    ...decoded.submission,
    name: 'Bob Doctored',
    answers: [decoded.submission.answers[0], { task: 1, claim: { ...claim, measures: { ...claim.measures, boundGap: claim.measures.boundGap / 10 } } }],
  });

  await page.goto(`/teachers/check/#${code}`);
  await page.getByTestId('checker-codes').fill(`Name,Code\nAda,"${honest}"\n`);
  // The other two arrive as a file (a form's CSV export): the codes are found inside it (a broken one too).
  await page.getByTestId('checker-files').setInputFiles({ name: 'form.csv', mimeType: 'text/csv', buffer: Buffer.from(`Bob,${doctored}\nEve,SP1.garbage.0000000000a\n`) });
  await expect(page.getByTestId('checker-status')).toContainText('Read 1 file(s): 3 submission code(s) found so far.');
  await page.getByTestId('checker-run').click();
  await expect(page.getByTestId('checker-status')).toContainText('Done', { timeout: 90_000 });
  const rows = page.getByTestId('checker-row');
  await expect(rows).toHaveCount(2);
  await expect(rows.nth(0)).toContainText('Ada Lovelace');
  await expect(rows.nth(0)).toContainText('2 / 2');
  await expect(rows.nth(0).locator('td[data-status="confirmed"]')).toHaveCount(1);
  await expect(rows.nth(1)).toContainText('Bob Doctored');
  await expect(rows.nth(1).locator('td[data-status="refuted"]')).toHaveCount(1);
  await expect(page.getByTestId('checker-problems')).toContainText('cannot be read');
  const download = page.waitForEvent('download');
  await page.getByTestId('checker-export').click();
  expect((await download).suggestedFilename()).toBe('grades.csv');
  errors.expectClean();
});

test('malformed or tampered links and codes get a clear message, and saved progress is untouched', async ({ page }) => {
  const errors = watchForErrors(page);
  await page.goto('/chapters/adversarial-game/');
  await page.evaluate(() => localStorage.setItem('saddle-point:progress', JSON.stringify({ version: 1, attempts: { 'chapters/adversarial-game#ex-1-1': [{ answer: '0.6', verdict: 'incorrect', at: '2026-11-30T10:00:00.000Z' }] } })));
  const before = await page.evaluate(() => localStorage.getItem('saddle-point:progress'));
  // Whole and summed, but naming a figure the book does not have: refused once the tasks' code has read it.
  const payload = encodeLinkJson({ title: 'Unknown figure', instructions: '', tasks: [{ figure: 'no-such-figure', settings: '' }] });
  const unknownFigure = `A1.${payload}.${checksum(payload)}`;
  for (const hash of [code.slice(0, -4), code.replace('.', '.x'), 'hello', 'A1.%E0%A4%A.x', unknownFigure]) {
    await page.goto('about:blank');
    await openAssignment(page, hash);
    await expect(page.getByTestId('assignment-message')).toContainText('This assignment link cannot be used');
    await expect(page.getByTestId('assignment-title')).toBeHidden();
    await expect(page.locator('.assignment-task')).toHaveCount(0);
    await expect(page.locator('sp-figure')).toHaveCount(0);
  }
  expect(await page.evaluate(() => localStorage.getItem('saddle-point:progress'))).toBe(before);
  await page.goto('/teachers/check/');
  await page.getByTestId('checker-assignment').fill('https://example.org/assignment/#A1.nope.x');
  await page.getByTestId('checker-run').click();
  await expect(page.getByTestId('checker-status')).toContainText('cannot be used');
  await page.getByTestId('checker-assignment').fill(`/assignment/#${code}`);
  await page.getByTestId('checker-codes').fill('SP1.abc.def');
  await page.getByTestId('checker-run').click();
  await expect(page.getByTestId('checker-status')).toContainText('No submission code could be read');
  await expect(page.getByTestId('checker-problems')).toContainText('cannot be read');
  expectCleanBesidesAborted(errors.problems);
});

test('the builder makes a link from exercises and a set-up figure, with the controls it locks and hides', async ({ page }) => {
  const errors = watchForErrors(page);
  await page.goto('/teachers/assign/');
  await page.getByTestId('builder-title').fill('Rings');
  await page.getByTestId('builder-instructions').fill('Two tasks.');
  await page.getByTestId('pick-exercise').selectOption('chapters/f-gan#ex-4-1');
  await page.getByTestId('add-exercise').click();
  await page.getByTestId('pick-figure').selectOption('preset:chapters/adversarial-game#ex-1-11');
  await page.getByTestId('add-figure').click();
  const shell = figure(page, 'ring-gan');
  await shell.getByTestId('seed').fill('9');
  await shell.getByTestId('seed').press('Tab');
  await expect(page.getByTestId('builder-require')).toHaveValue('modesCaptured >= 8, step <= 2000');
  await page.locator('[data-testid="builder-lock"][data-path="seed"]').selectOption('locked');
  await page.locator('[data-testid="builder-lock"][data-path="training.discriminatorSteps"]').selectOption('hidden');
  await page.getByTestId('builder-make').click();
  const link = await page.getByTestId('builder-link').inputValue();
  expect(link).toMatch(/\/assignment\/#A1\./);
  await page.goto(link);
  await expect(page.getByTestId('assignment-title')).toHaveText('Rings');
  await expect(page.locator('.assignment-task')).toHaveCount(2);
  const assigned = figure(page, 'ring-gan');
  await expect(assigned.getByTestId('seed')).toHaveValue('9');
  await expect(assigned.getByTestId('seed')).toBeDisabled();
  await expect(assigned.locator('[data-path="training.discriminatorSteps"]')).toBeHidden();
  await expect(page.locator('sp-figure-check')).toContainText('modes captured ≥ 8');
  expectCleanBesidesAborted(errors.problems);
});

test('a chapter figure-state exercise refuses an untrained figure', async ({ page }) => {
  const errors = watchForErrors(page);
  await page.emulateMedia({ reducedMotion: 'reduce' });
  await page.goto('/chapters/f-divergences/#ex-3-11');
  const check = page.locator('#ex-3-11 sp-figure-check');
  await expect(check).toContainText('the gap between the true divergence and the critic');
  await check.getByTestId('figure-check').click();
  await expect(check.getByTestId('figure-check-feedback')).toContainText(/not trained yet|Not yet/);
  await expect(check).not.toHaveAttribute('data-state', 'correct');
  errors.expectClean();
});

test('the assignment, builder and checker pages pass axe', async ({ page }) => {
  for (const path of [`/assignment/#${code}`, '/teachers/assign/', '/teachers/check/']) {
    await page.goto(path);
    await page.waitForLoadState('networkidle');
    const results = await new AxeBuilder({ page }).analyze();
    const serious = results.violations.filter((violation) => violation.impact === 'serious' || violation.impact === 'critical');
    expect(serious.map((violation) => `${path}: ${violation.id} ${violation.nodes.map((node) => node.target).join(' ')}`)).toEqual([]);
  }
});
