import { readFileSync } from 'node:fs';
import { test, expect, type Page } from '@playwright/test';
import { pages, watchForErrors } from './helpers';

const chapter = '/chapters/adversarial-game/';
const storageKey = 'saddle-point:progress';

function exercise(page: Page, id: string) {
  return page.locator(`saddle-exercise#${id}`);
}

async function answer(page: Page, id: string, text: string) {
  const card = exercise(page, id);
  await card.locator('input.exercise-input').fill(text);
  await card.getByRole('button', { name: 'Check' }).click();
  await expect(card).toHaveAttribute('data-state', /correct|incorrect/);
}

async function choose(page: Page, id: string, index: number) {
  const card = exercise(page, id);
  await card.locator('input[type="radio"]').nth(index).check();
  await card.getByRole('button', { name: 'Check' }).click();
  await expect(card).toHaveAttribute('data-state', /correct|incorrect/);
}

async function storedProgress(page: Page) {
  return page.evaluate((key) => JSON.parse(localStorage.getItem(key) ?? 'null'), storageKey);
}

/**
 * Problems other than the simulated storage failure itself. Starlight's own theme script reads and
 * writes localStorage without a guard, so under these simulations it throws (and its theme provider
 * is then missing); that is not the book's code, whose behaviour the tests check directly.
 */
function unrelatedProblems(problems: string[], simulated: string): string[] {
  return problems.filter((problem) => !problem.includes(simulated) && !problem.includes('StarlightThemeProvider is not defined'));
}

function row(page: Page, key: string) {
  return page.locator(`tr[data-key="${key}"]`);
}

test('an answer survives a reload: the last answer and its verdict are shown again', async ({ page }) => {
  const errors = watchForErrors(page);
  await page.goto(chapter);
  await answer(page, 'ex-1-1', '0.5');
  await answer(page, 'ex-1-1', '0.6225');
  await choose(page, 'ex-1-5', 1);
  const saved = await storedProgress(page);
  expect(saved.version).toBe(1);
  expect(saved.attempts['chapters/adversarial-game#ex-1-1'].map((a: { verdict: string }) => a.verdict)).toEqual([
    'incorrect',
    'correct',
  ]);

  await page.reload();
  const first = exercise(page, 'ex-1-1');
  await expect(first.locator('input.exercise-input')).toHaveValue('0.6225');
  await expect(first.locator('.exercise-feedback')).toContainText(/correct/i);
  await expect(first.getByTestId('exercise-saved')).toContainText('Your last answer');
  const choice = exercise(page, 'ex-1-5');
  await expect(choice.locator('input[type="radio"]').nth(1)).toBeChecked();
  await expect(choice.locator('.exercise-feedback')).toContainText(/not quite/i);
  // An exercise never tried stays empty.
  await expect(exercise(page, 'ex-1-2').locator('input.exercise-input')).toHaveValue('');
  errors.expectClean();
});

test('a second tab of the book sees an answer given in the first', async ({ context }) => {
  const first = await context.newPage();
  const second = await context.newPage();
  await first.goto(chapter);
  await second.goto(chapter);
  const progressTab = await context.newPage();
  await progressTab.goto('/progress/');
  await expect(progressTab.locator('[data-progress-page]')).toHaveAttribute('data-ready', '');

  await answer(first, 'ex-1-3', '-1.3863');
  const mirrored = exercise(second, 'ex-1-3');
  await expect(mirrored.locator('input.exercise-input')).toHaveValue('-1.3863');
  await expect(mirrored.locator('.exercise-feedback')).toContainText(/correct/i);
  await expect(row(progressTab, 'chapters/adversarial-game#ex-1-3').locator('[data-cell="status"]')).toHaveText('Right');

  // An attempt in the second tab does not overwrite the first tab's.
  await answer(second, 'ex-1-4', '1');
  const saved = await storedProgress(first);
  expect(Object.keys(saved.attempts).sort()).toEqual(['chapters/adversarial-game#ex-1-3', 'chapters/adversarial-game#ex-1-4']);
});

test('the progress page writes into its tables only what the saved progress changes', async ({ page }) => {
  // Rewriting every cell with the text it already had laid every table out again at load.
  const answered = 'chapters/adversarial-game#ex-1-1';
  await page.addInitScript(() => {
    const changed = new Set<string>();
    (window as unknown as { changedRows: Set<string> }).changedRows = changed;
    const observer = new MutationObserver((records) => {
      for (const record of records) {
        const key = (record.target instanceof Element ? record.target : record.target.parentElement)?.closest('tr[data-key]')?.getAttribute('data-key');
        if (key) changed.add(key);
      }
    });
    // From the end of parsing (the rows are all there), before the page's scripts run.
    document.addEventListener('readystatechange', () => {
      if (document.readyState === 'interactive') observer.observe(document, { subtree: true, childList: true, characterData: true, attributes: true });
    });
  });
  const changedRows = () => page.evaluate(() => [...(window as unknown as { changedRows: Set<string> }).changedRows]);
  await page.goto('/progress/');
  await expect(page.locator('[data-progress-page]')).toHaveAttribute('data-ready', '');
  expect(await changedRows()).toEqual([]);
  await expect(row(page, answered).locator('[data-cell="status"]')).toHaveText('Not tried');

  await page.evaluate(
    ([key, exercise]) =>
      localStorage.setItem(key, JSON.stringify({ version: 1, attempts: { [exercise]: [{ answer: '0.6225', verdict: 'correct', at: '2026-12-07T10:00:00.000Z' }] } })),
    [storageKey, answered],
  );
  await page.reload();
  await expect(page.locator('[data-progress-page]')).toHaveAttribute('data-ready', '');
  expect(await changedRows()).toEqual([answered]);
  await expect(row(page, answered).locator('[data-cell="status"]')).toHaveText('Right');
  await expect(row(page, answered)).toHaveAttribute('data-state', 'correct');
});

test('export, clear the storage, import: everything is restored', async ({ page }, testInfo) => {
  const errors = watchForErrors(page);
  await page.goto(chapter);
  await answer(page, 'ex-1-1', '0.7');
  await answer(page, 'ex-1-1', '0.6225');
  await choose(page, 'ex-1-7', 1);
  await page.goto('/chapters/f-gan/');
  await answer(page, 'ex-4-1', '0.0564');
  const before = await storedProgress(page);

  await page.goto('/progress/');
  const exerciseRow = row(page, 'chapters/adversarial-game#ex-1-1');
  await expect(exerciseRow.locator('[data-cell="attempts"]')).toHaveText('2');
  await expect(exerciseRow.locator('[data-cell="right"]')).toHaveText('1');
  await expect(exerciseRow.locator('[data-cell="wrong"]')).toHaveText('1');
  await expect(exerciseRow.locator('[data-cell="last"]')).toHaveText('0.6225');
  await expect(row(page, 'chapters/adversarial-game#ex-1-7').locator('[data-cell="last"]')).toContainText('B.');
  await expect(row(page, 'chapters/adversarial-game#ex-1-7').locator('[data-cell="last"] math')).not.toHaveCount(0);
  await expect(page.getByTestId('progress-summary')).toContainText('answered 3 of');

  const downloading = page.waitForEvent('download');
  await page.getByRole('button', { name: 'Export progress (JSON)' }).click();
  const download = await downloading;
  expect(download.suggestedFilename()).toMatch(/^saddle-point-progress-\d{4}-\d\d-\d\d\.json$/);
  const file = testInfo.outputPath('progress.json');
  await download.saveAs(file);
  expect(JSON.parse(readFileSync(file, 'utf8'))).toMatchObject({ format: 'saddle-point-progress', version: 1, attempts: before.attempts });

  await page.evaluate(() => localStorage.clear());
  await page.reload();
  await expect(exerciseRow.locator('[data-cell="status"]')).toHaveText('Not tried');

  await page.getByLabel('Import a progress file').setInputFiles(file);
  await expect(page.getByTestId('progress-message')).toContainText('4 new attempts added');
  await expect(exerciseRow.locator('[data-cell="attempts"]')).toHaveText('2');
  expect(await storedProgress(page)).toEqual(before);

  await page.goto(chapter);
  await expect(exercise(page, 'ex-1-1').locator('input.exercise-input')).toHaveValue('0.6225');
  errors.expectClean();
});

test('a bad import file gets a clear sentence and changes nothing', async ({ page }) => {
  await page.goto(chapter);
  await answer(page, 'ex-1-1', '0.6225');
  const before = await storedProgress(page);
  await page.goto('/progress/');
  const input = page.getByLabel('Import a progress file');
  const message = page.getByTestId('progress-message');

  await input.setInputFiles({ name: 'notes.json', mimeType: 'application/json', buffer: Buffer.from('not json at all') });
  await expect(message).toHaveText('This file was not imported, and nothing saved was changed. It is not a JSON file.');
  await input.setInputFiles({ name: 'package.json', mimeType: 'application/json', buffer: Buffer.from('{"name":"x"}') });
  await expect(message).toContainText('It is not a Saddle Point progress file');
  const broken = { format: 'saddle-point-progress', version: 1, attempts: { 'chapters/adversarial-game#ex-1-2': [{ answer: '1' }] } };
  await input.setInputFiles({ name: 'broken.json', mimeType: 'application/json', buffer: Buffer.from(JSON.stringify(broken)) });
  await expect(message).toContainText('Attempt 1 at chapters/adversarial-game#ex-1-2');
  expect(await storedProgress(page)).toEqual(before);
  await expect(row(page, 'chapters/adversarial-game#ex-1-2').locator('[data-cell="status"]')).toHaveText('Not tried');
});

test('reset asks first, and only the second button deletes', async ({ page }) => {
  await page.goto(chapter);
  await answer(page, 'ex-1-1', '0.6225');
  await page.goto('/progress/');
  const reset = page.getByRole('button', { name: 'Reset progress…' });
  const confirm = page.getByRole('button', { name: 'Yes, delete all my answers' });

  await reset.click();
  await expect(confirm).toBeVisible();
  await expect(reset).toHaveAttribute('aria-expanded', 'true');
  expect(await storedProgress(page)).not.toBeNull();
  await page.getByRole('button', { name: 'No, keep them' }).click();
  await expect(confirm).toBeHidden();
  expect(await storedProgress(page)).not.toBeNull();

  await reset.click();
  await confirm.click();
  await expect(page.getByTestId('progress-message')).toContainText('Your progress was reset');
  expect(await storedProgress(page)).toBeNull();
  await expect(row(page, 'chapters/adversarial-game#ex-1-1').locator('[data-cell="status"]')).toHaveText('Not tried');
});

test('storage that throws: a visible sentence, and the exercise still checks answers', async ({ page }) => {
  // As in some private modes: merely reading window.localStorage throws.
  await page.addInitScript(() => {
    Object.defineProperty(window, 'localStorage', {
      configurable: true,
      get() {
        throw new DOMException('The operation is insecure.', 'SecurityError');
      },
    });
  });
  const errors = watchForErrors(page);
  await page.goto(chapter);
  const card = exercise(page, 'ex-1-1');
  await expect(card.getByTestId('exercise-saved')).toContainText('This browser is not keeping your answers');
  await answer(page, 'ex-1-1', '0.6225');
  await expect(card.locator('.exercise-feedback')).toContainText(/correct/i);
  await expect(card.getByTestId('exercise-saved')).toBeVisible();

  await page.goto('/progress/');
  await expect(page.getByTestId('progress-problem')).toContainText('This browser is not keeping your answers');
  await expect(page.locator('tr[data-key]').first()).toBeVisible();
  expect(unrelatedProblems(errors.problems, 'The operation is insecure.')).toEqual([]);
});

test('full storage: the answer is checked and a sentence says it was not saved', async ({ page }) => {
  await page.addInitScript(() => {
    Storage.prototype.setItem = function () {
      throw new DOMException('The quota has been exceeded.', 'QuotaExceededError');
    };
  });
  const errors = watchForErrors(page);
  await page.goto(chapter);
  await answer(page, 'ex-1-2', '-1.1828');
  const card = exercise(page, 'ex-1-2');
  await expect(card.locator('.exercise-feedback')).toContainText(/correct/i);
  await expect(card.getByTestId('exercise-saved')).toContainText('checked but not saved');
  expect(unrelatedProblems(errors.problems, 'The quota has been exceeded.')).toEqual([]);
});

test('the QTI links on the teacher’s guide download zip packages', async ({ page }, testInfo) => {
  await page.goto('/teachers/');
  const links = page.locator('a[data-qti]');
  // Two packages (QTI 2.1 and 1.2) for every chapter in the book.
  const chapterCount = pages.filter((path) => path.startsWith('/chapters/')).length;
  expect(await links.count()).toBe(2 * chapterCount);
  const isPackage = (bytes: Buffer) => {
    expect(bytes.subarray(0, 4)).toEqual(Buffer.from([0x50, 0x4b, 0x03, 0x04])); // "PK\3\4"
    expect(bytes.includes(Buffer.from('imsmanifest.xml'))).toBe(true);
  };
  for (let i = 0; i < (await links.count()); i++) {
    const link = links.nth(i);
    const href = (await link.getAttribute('href'))!;
    if (i < 2) {
      // A click downloads the package (one of each QTI version; the browser may hold back a long
      // series of downloads from one page, so the others are fetched directly).
      const downloading = page.waitForEvent('download');
      await link.click();
      const download = await downloading;
      expect(download.suggestedFilename()).toBe(href.split('/').at(-1));
      const file = testInfo.outputPath(download.suggestedFilename());
      await download.saveAs(file);
      isPackage(readFileSync(file));
    } else {
      const response = await page.request.get(href);
      expect(response.status(), href).toBe(200);
      isPackage(await response.body());
    }
  }
  // The answer sheet links resolve too.
  const response = await page.request.get('/teachers/answers/adversarial-game/');
  expect(response.status()).toBe(200);
});
