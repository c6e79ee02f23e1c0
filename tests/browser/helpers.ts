import { readFileSync } from 'node:fs';
import path from 'node:path';
import { expect, type Page, type ConsoleMessage } from '@playwright/test';

/** Every page of the book, in reading order (the browser tests visit each). */
export const pages = [
  '/',
  '/chapters/adversarial-game/',
  '/chapters/distances/',
  '/chapters/f-divergences/',
  '/chapters/f-gan/',
  '/notation/',
  '/reproductions/',
  '/chapters/wasserstein/',
  '/chapters/spectral-normalisation/',
  '/chapters/energy-based/',
  '/chapters/mutual-information/',
  '/chapters/training/',
  '/progress/',
  '/teachers/',
  '/teachers/assign/',
  '/teachers/check/',
  '/assignment/',
  '/teachers/answers/adversarial-game/',
  '/teachers/answers/distances/',
  '/teachers/answers/f-divergences/',
  '/teachers/answers/f-gan/',
  '/teachers/answers/wasserstein/',
  '/teachers/answers/spectral-normalisation/',
  '/teachers/answers/energy-based/',
  '/teachers/answers/mutual-information/',
  '/teachers/answers/training/',
  '/bench/',
];

/**
 * Collect console errors, uncaught page errors and failed requests while a test runs; call
 * `expectClean()` at the end. Returns the lists so a test can add its own checks.
 */
export function watchForErrors(page: Page) {
  const problems: string[] = [];
  page.on('console', (message: ConsoleMessage) => {
    if (message.type() === 'error') problems.push(`console error: ${message.text()}`);
  });
  page.on('pageerror', (error) => problems.push(`page error: ${error.message}`));
  page.on('requestfailed', (request) => {
    // A download started by an export button is "aborted" by design; anything else is a failure.
    if (request.failure()?.errorText === 'net::ERR_ABORTED' && request.url().startsWith('blob:')) return;
    problems.push(`request failed: ${request.url()} (${request.failure()?.errorText})`);
  });
  page.on('response', (response) => {
    if (response.status() >= 400) problems.push(`HTTP ${response.status()}: ${response.url()}`);
  });
  return {
    problems,
    expectClean: () => expect(problems, problems.join('\n')).toEqual([]),
  };
}

/** The ids of a chapter's figures, in reading order, from its source (`<Figure id="…"`). */
export function figureIdsInChapter(slug: string): string[] {
  const source = readFileSync(path.join(process.cwd(), 'src/content/docs/chapters', `${slug}.mdx`), 'utf8');
  return [...source.matchAll(/<Figure\s+id="([^"]+)"/g)].map((match) => match[1]);
}

/** A figure shell on the page, found by its registry id. */
export function figure(page: Page, id: string) {
  return page.locator(`sp-figure[figure-id="${id}"]`);
}

/** The step counter of a figure, as a number. */
export async function stepCount(shell: ReturnType<typeof figure>): Promise<number> {
  return Number((await shell.getByTestId('step-count').textContent())?.replace(/[^\d]/g, '') || '0');
}

/** A share-link parameter value made by hand: URL-safe base64 of the JSON difference (the documented format). */
export function encodeLinkSettings(settings: object): string {
  return Buffer.from(JSON.stringify(settings)).toString('base64url');
}

/**
 * The step count once it has stopped changing (a pause reaches the worker asynchronously, and the
 * worker's last progress message may still be on its way). Fails if it never settles.
 */
export async function settledStepCount(shell: ReturnType<typeof figure>): Promise<number> {
  let previous = -1;
  await expect
    .poll(
      async () => {
        const now = await stepCount(shell);
        const settled = now === previous;
        previous = now;
        return settled;
      },
      { intervals: [700], timeout: 20_000 },
    )
    .toBe(true);
  return previous;
}
