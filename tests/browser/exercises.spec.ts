import { test, expect, type Locator } from '@playwright/test';
import { pages, watchForErrors } from './helpers';

const chapters = pages.filter((path) => path.startsWith('/chapters/'));

async function answerNumeric(exercise: Locator, text: string) {
  await exercise.locator('input.exercise-input').fill(text);
  await exercise.getByRole('button', { name: 'Check' }).click();
  return exercise.locator('.exercise-feedback');
}

for (const path of chapters) {
  test(`every exercise in ${path} accepts the right answer and rejects a wrong one`, async ({ page }) => {
    const errors = watchForErrors(page);
    await page.goto(path);
    const exercises = page.locator('saddle-exercise');
    const count = await exercises.count();
    expect(count).toBeGreaterThanOrEqual(5);
    for (let i = 0; i < count; i++) {
      const exercise = exercises.nth(i);
      await exercise.scrollIntoViewIfNeeded();
      const kind = await exercise.getAttribute('data-kind');
      if (kind === 'numeric') {
        const answer = Number(await exercise.getAttribute('data-answer'));
        const tolerance = Number(await exercise.getAttribute('data-tolerance'));
        const wrong = answer + 10 * Math.max(tolerance, Math.abs(answer) * 0.1, 0.01);
        await expect(await answerNumeric(exercise, String(wrong))).toContainText(/not quite/i);
        await expect(await answerNumeric(exercise, String(answer))).toContainText(/correct/i);
        await expect(await answerNumeric(exercise, 'banana')).toContainText(/number/i);
      } else if (kind === 'choice') {
        const right = Number(await exercise.getAttribute('data-answer-index'));
        const radios = exercise.locator('input[type="radio"]');
        const wrong = right === 0 ? 1 : 0;
        await radios.nth(wrong).check();
        await exercise.getByRole('button', { name: 'Check' }).click();
        await expect(exercise.locator('.exercise-feedback')).toContainText(/not quite/i);
        // Enter on an option checks it, as it would submit a form.
        await radios.nth(right).check();
        await radios.nth(right).press('Enter');
        await expect(exercise.locator('.exercise-feedback')).toContainText(/correct/i);
      }
      // Hint and solution open from their toggles.
      const solution = exercise.locator('details.exercise-solution');
      if (await solution.count()) {
        await solution.locator('summary').click();
        await expect(solution.locator('.exercise-toggle-body')).toBeVisible();
      }
    }
    expect(page.url()).toContain(path); // checking never reloads or navigates
    errors.expectClean();
  });
}

test('the optimum of the game, −log 4, is accepted in its own forms and from the keyboard', async ({ page }) => {
  await page.goto('/chapters/adversarial-game/');
  // Find the exercise whose answer is −log 4 = −1.386294 (computed here, independently of the page).
  const target = -Math.log(4);
  const exercises = page.locator('saddle-exercise[data-kind="numeric"]');
  let found: Locator | undefined;
  for (let i = 0; i < (await exercises.count()); i++) {
    const answer = Number(await exercises.nth(i).getAttribute('data-answer'));
    if (Math.abs(answer - target) < 1e-4) found = exercises.nth(i);
  }
  expect(found, 'Chapter 1 has an exercise on the value −log 4').toBeDefined();
  const input = found!.locator('input.exercise-input');
  // As a reader, who scrolls to it (it may be in the text laid out after the load: unfold.ts).
  await input.scrollIntoViewIfNeeded();
  await input.focus();
  await page.keyboard.type('−1.3863');
  await page.keyboard.press('Enter');
  await expect(found!.locator('.exercise-feedback')).toContainText(/correct/i);
  await input.fill('1.3863');
  await page.keyboard.press('Enter');
  await expect(found!.locator('.exercise-feedback')).toContainText(/not quite/i);
});
