import { test, expect, type Page, type ConsoleMessage } from '@playwright/test';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { pages, figure, stepCount, waitForServiceWorker } from './helpers';
import { serveStatic, distDir, headersFile } from './static-server';

// The offline service worker registers under the policy too (worker-src, script-src for sw.js).
test.use({ serviceWorkers: 'allow' });

/** The first figure of the page, run briefly under the policy: a training figure steps, an explorer draws. */
async function runFirstFigure(page: Page): Promise<void> {
  const shell = page.locator('main sp-figure').first();
  await shell.scrollIntoViewIfNeeded();
  const id = (await shell.getAttribute('figure-id'))!;
  if (await shell.getByTestId('step-count').isVisible()) {
    await expect.poll(() => stepCount(figure(page, id)), { timeout: 60_000, message: `${id} steps` }).toBeGreaterThan(2);
  } else {
    await expect(shell, id).toHaveAttribute('data-state', 'ready', { timeout: 30_000 });
  }
}

/** Records CSP violation events (page and, via console, workers) and console CSP errors. */
async function watchPolicy(page: Page) {
  await page.addInitScript(() => {
    const seen: string[] = [];
    (window as unknown as { __cspViolations: string[] }).__cspViolations = seen;
    document.addEventListener('securitypolicyviolation', (event) => {
      seen.push(`${event.effectiveDirective} blocked ${event.blockedURI || 'inline'} at ${event.sourceFile}:${event.lineNumber}`);
    });
  });
  const consoleProblems: string[] = [];
  const isPolicyMessage = (message: ConsoleMessage) =>
    /Content Security Policy|Refused to (load|execute|apply|evaluate|connect|create|compile|frame)/i.test(message.text());
  page.on('console', (message) => {
    if (isPolicyMessage(message)) consoleProblems.push(`page: ${message.text()}`);
  });
  page.on('worker', (worker) =>
    worker.on('console', (message) => {
      if (isPolicyMessage(message)) consoleProblems.push(`worker ${worker.url()}: ${message.text()}`);
    }),
  );
  return async () => {
    const events = await page.evaluate(() => (window as unknown as { __cspViolations: string[] }).__cspViolations ?? []);
    return [...events, ...consoleProblems];
  };
}

for (const path of pages) {
  test(`${path} loads under the policy with no violation, and asks no other host for anything`, async ({ page, context, baseURL }) => {
    const hosts = new Set<string>();
    const requests: string[] = [];
    // The context sees the requests of the page, its workers and the service worker.
    context.on('request', (request) => {
      const url = new URL(request.url());
      requests.push(request.url());
      if (url.protocol === 'http:' || url.protocol === 'https:' || url.protocol === 'ws:' || url.protocol === 'wss:') hosts.add(url.host);
    });
    const violations = await watchPolicy(page);
    await page.goto(path);
    await page.waitForLoadState('networkidle');
    const meta = page.locator('head meta[http-equiv="Content-Security-Policy"]');
    await expect(meta).toHaveCount(1);
    if (await page.locator('main sp-figure').count()) await runFirstFigure(page);
    if (path === '/') {
      // The offline worker installs and precaches the book under the policy.
      await waitForServiceWorker(page);
      // Search (Pagefind: WASM and a worker) under the policy.
      await page.locator('button[data-open-modal]').click();
      await page.locator('dialog input.pagefind-ui__search-input').fill('saddle');
      await expect(page.locator('.pagefind-ui__result-link').first()).toBeVisible();
    }
    expect(await violations(), 'policy violations').toEqual([]);
    expect(requests.length).toBeGreaterThan(0);
    // The list includes what the workers fetch (the engine's WASM is fetched in its worker).
    if (path === '/chapters/adversarial-game/') expect(requests.some((url) => url.endsWith('.wasm'))).toBe(true);
    expect([...hosts], `hosts asked:\n${requests.join('\n')}`).toEqual([new URL(baseURL!).host]);
  });
}

test('the meta policy comes first in <head>, allows no inline code beyond hashes and no other origin, and _headers sends the same', async () => {
  const headers = await headersFile(distDir);
  const headerPolicy = headers['Content-Security-Policy'];
  for (const path of pages) {
    const html = await readFile(join(distDir, path, 'index.html'), 'utf8');
    const head = /<head>([\s\S]*?)<\/head>/.exec(html)![1];
    const metas = [...head.matchAll(/<meta http-equiv="Content-Security-Policy" content="([^"]*)">/g)];
    expect(metas, path).toHaveLength(1);
    // Right after the charset, before any script or style it has to cover.
    expect(head.indexOf('<meta http-equiv="Content-Security-Policy"'), path).toBeLessThan(head.search(/<script|<style|<link rel="stylesheet"/));
    const policy = metas[0][1];
    const directives = Object.fromEntries(policy.split(/;\s*/).map((d) => [d.split(' ')[0], d.split(' ').slice(1)]));
    expect(directives['default-src']).toEqual(["'self'"]);
    expect(directives['script-src']).not.toContain("'unsafe-inline'");
    expect(directives['script-src']).not.toContain("'unsafe-eval'");
    expect(directives['style-src']).not.toContain("'unsafe-inline'");
    expect(directives['worker-src']).toEqual(["'self'"]);
    expect(directives['object-src']).toEqual(["'none'"]);
    // Nothing but 'self', keywords, hashes and the data:/blob: schemes for images.
    expect(policy.split(/[;\s]+/).filter((token) => /^(https?:|\*|\/\/)/.test(token) || /\.\w{2,}$/.test(token))).toEqual([]);
    // A meta policy cannot carry these; browsers would complain.
    expect(policy).not.toMatch(/frame-ancestors|report-uri|report-to|sandbox/);
    expect(headerPolicy.startsWith(policy), 'the header carries the meta policy').toBe(true);
  }
  expect(headerPolicy).toContain("frame-ancestors 'none'");
});

test('delivered as a header (as _headers asks), the policy also holds in the workers: a figure trains on WASM (its fused fast path), search works', async ({ page }) => {
  test.setTimeout(180_000);
  const server = await serveStatic(distDir, { headers: true });
  try {
    const violations = await watchPolicy(page);
    const response = await page.goto(`${server.url}/chapters/adversarial-game/`);
    expect(response!.headers()['content-security-policy']).toContain("frame-ancestors 'none'");
    const shell = figure(page, 'gan-1d');
    await shell.scrollIntoViewIfNeeded();
    await expect.poll(() => stepCount(shell), { timeout: 60_000 }).toBeGreaterThan(3);
    // Figure 1.1 is a small dense GAN: it trains on the fused fast path, whose module the worker compiles under the policy.
    await expect(shell.getByTestId('backend')).toHaveAttribute('data-backend', 'wasm-fused');
    await page.locator('button[data-open-modal]').click();
    await page.locator('dialog input.pagefind-ui__search-input').fill('optimal discriminator');
    await expect(page.locator('.pagefind-ui__result-link').first()).toBeVisible();
    expect(await violations()).toEqual([]);
  } finally {
    await server.stop();
  }
});
