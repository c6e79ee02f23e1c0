/**
 * `npm start` (Astro's dev server) serves a chapter as the build does: it is a newcomer's first
 * command. The other specs test the built site; this one starts `astro dev` on a port of its own,
 * opens a chapter and checks its text, math and figures, and that a figure sets up when scrolled
 * to. (A component that read the built page's markup once made every chapter an error in dev.)
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { test, expect } from '@playwright/test';
import { watchForErrors } from './helpers';

const port = Number(process.env.SP_TEST_PORT ?? 4329) + 7;
const origin = `http://127.0.0.1:${port}`;
let server: ChildProcess | undefined;

test.beforeAll(async () => {
  test.setTimeout(120_000);
  // Its own process group, so that the server and what it starts stop together.
  server = spawn('npx', ['astro', 'dev', '--host', '127.0.0.1', '--port', String(port)], { detached: true, stdio: 'ignore' });
  await expect
    .poll(async () => (await fetch(`${origin}/`).catch(() => null))?.status, { timeout: 100_000, intervals: [500] })
    .toBe(200);
});

test.afterAll(() => {
  try {
    if (server?.pid) process.kill(-server.pid);
  } catch {
    // Already gone.
  }
});

test('the dev server serves a chapter whose math renders and whose figures set up', async ({ page }) => {
  test.setTimeout(180_000);
  const path = '/chapters/adversarial-game/';
  // The first request compiles the page and may make Vite optimise dependencies and reload it;
  // asked once beforehand, the page the test opens is the settled one.
  expect((await fetch(`${origin}${path}`)).status).toBe(200);
  const errors = watchForErrors(page);
  await page.goto(`${origin}${path}`);
  await expect(page.locator('h1')).toContainText('adversarial game');
  await expect(page.locator('.sl-markdown-content math').first()).toBeVisible();
  // Scrolled to again if Vite reloads the page meanwhile (it may, on a fresh clone's first visit).
  const figure = page.locator('sp-figure').first();
  await expect(async () => {
    await figure.scrollIntoViewIfNeeded();
    await expect(figure.locator(':scope > .sp-pending-controls')).toBeEnabled({ timeout: 10_000 });
  }).toPass({ timeout: 90_000 });
  errors.expectClean();
});
