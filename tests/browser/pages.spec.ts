import { test, expect } from '@playwright/test';
import AxeBuilder from '@axe-core/playwright';
import { afterFirstIdle, pages, watchForErrors, untilWideBlocksFocusable } from './helpers';

for (const path of pages) {
  test.describe(`page ${path}`, () => {
    test('loads with no console error or failed request, and its math is rendered', async ({ page }) => {
      const errors = watchForErrors(page);
      await page.goto(path);
      await page.waitForLoadState('networkidle');
      const html = await page.content();
      // Display math must be typeset, never left as source or a code block.
      expect(html).not.toContain('$$');
      await expect(page.locator('code.language-math')).toHaveCount(0);
      await expect(page.locator('.temml-error')).toHaveCount(0);
      if (path.startsWith('/chapters/')) {
        expect(await page.locator('.math-display').count()).toBeGreaterThan(5);
        // Laid out as math: the first subscript sits just below its base's baseline, the first
        // fraction's numerator above its denominator (the page's spacing rules once pushed them apart).
        await page.keyboard.press('Shift');
        const geometry = await page.evaluate(() => {
          const box = (element: Element | null | undefined) => element!.getBoundingClientRect();
          const sub = document.querySelector('.sl-markdown-content msub');
          const frac = document.querySelector('.sl-markdown-content mfrac');
          const em = parseFloat(getComputedStyle(sub!).fontSize);
          return {
            subDrop: (box(sub?.children[1]).bottom - box(sub?.children[0]).bottom) / em,
            fracGap: (box(frac?.children[1]).top - box(frac?.children[0]).bottom) / em,
          };
        });
        expect(geometry.subDrop).toBeGreaterThan(0);
        expect(geometry.subDrop).toBeLessThan(0.6);
        expect(geometry.fracGap).toBeGreaterThanOrEqual(0);
        expect(geometry.fracGap).toBeLessThan(1);
        // Numbered equations and the reference list are there.
        expect(await page.locator('.equation[id^="eq-"]').count()).toBeGreaterThan(5);
        await expect(page.getByRole('heading', { name: 'References', level: 2 })).toBeVisible();
        expect(await page.locator('saddle-exercise').count()).toBeGreaterThanOrEqual(5);
      }
      errors.expectClean();
    });

    test('axe finds no serious or critical violation', async ({ page }) => {
      await page.goto(path);
      await page.waitForLoadState('networkidle');
      await untilWideBlocksFocusable(page);
      const results = await new AxeBuilder({ page }).analyze();
      const serious = results.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical');
      expect(
        serious.map((v) => `${v.id}: ${v.help} (${v.nodes.map((n) => n.target.join(' ')).join(', ')})`),
      ).toEqual([]);
    });
  });
}

test('every formula reaches the accessibility tree as math, with its structure', async ({ page }) => {
  await page.goto('/chapters/distances/');
  await page.keyboard.press('Shift'); // shows the whole chapter at once
  // Those shown: closed solutions are out of the tree, as any hidden text.
  const shown = (selector: string) =>
    page.evaluate((s) => [...document.querySelectorAll(s)].filter((element) => element.checkVisibility()).length, selector);
  const formulas = await shown('.sl-markdown-content math');
  const fractions = await shown('.sl-markdown-content mfrac');
  const cdp = await page.context().newCDPSession(page);
  const { nodes } = (await cdp.send('Accessibility.getFullAXTree')) as { nodes: { ignored: boolean; role?: { value: string } }[] };
  const withRole = (role: string) => nodes.filter((node) => !node.ignored && node.role?.value === role).length;
  expect(formulas).toBeGreaterThan(300);
  expect(withRole('MathMLMath')).toBeGreaterThanOrEqual(formulas);
  expect(withRole('MathMLFraction')).toBeGreaterThanOrEqual(fractions);
});

test('on a laptop screen (1280 px) every display equation fits its column: long ones are set on several lines', async ({ page }) => {
  test.setTimeout(120_000);
  await page.setViewportSize({ width: 1280, height: 800 });
  const wide: string[] = [];
  for (const path of pages.filter((p) => p.startsWith('/chapters/'))) {
    await page.goto(path);
    await page.keyboard.press('Shift'); // shows the whole chapter at once
    await page.evaluate(() => document.fonts.ready);
    wide.push(
      ...(await page.locator('.sl-markdown-content .math-display').evaluateAll((displays, chapter) =>
        displays
          .filter((display) => display.scrollWidth > display.clientWidth + 1)
          .map((display) => `${chapter} ${display.parentElement?.id || display.textContent?.slice(0, 40)}: ${display.scrollWidth} px in ${display.clientWidth}`),
      path)),
    );
  }
  expect(wide).toEqual([]);
});

test('equation references link to their numbered equation', async ({ page }) => {
  await page.goto('/chapters/adversarial-game/');
  const reference = page.locator('a.equation-ref, a[href^="#eq-"]').first();
  const target = (await reference.getAttribute('href'))!;
  const label = (await reference.textContent())!.trim();
  expect(label).toMatch(/^\(?1\.\d+\)?$/);
  await expect(page.locator(target)).toHaveCount(1);
  // The number in the link is the number typeset beside the equation.
  await expect(page.locator(target)).toContainText(label.replace(/[()]/g, ''));
  await reference.click();
  await expect(page).toHaveURL(new RegExp(`${target}$`));
  await expect(page.locator(target)).toBeInViewport();
});

test('a citation opens its details from the keyboard and links to the reference list', async ({ page }) => {
  await page.goto('/chapters/adversarial-game/');
  const opener = page.locator('main button.cite-ref').first();
  await opener.focus();
  await page.keyboard.press('Enter');
  const popoverId = (await opener.getAttribute('popovertarget'))!;
  const popover = page.locator(`[id="${popoverId}"]`);
  await expect(popover).toBeVisible();
  await expect(popover).toContainText('arXiv');
  await page.keyboard.press('Escape');
  await expect(popover).toBeHidden();
  await expect(page.locator('[id^="ref-goodfellow2014"]')).toContainText('Generative Adversarial');
});

test('search finds a chapter', async ({ page }) => {
  await page.goto('/');
  await afterFirstIdle(page);
  await page.locator('button[data-open-modal]').click();
  const input = page.locator('dialog input.pagefind-ui__search-input');
  await expect(input).toBeVisible();
  await input.fill('optimal discriminator');
  // Results arrive one by one: wait for the one that must be among them (a list read at the first
  // result may not hold it yet).
  await expect(page.locator('.pagefind-ui__result-link', { hasText: /adversarial game/i }).first()).toBeVisible();
});

test('search is built only when it first opens, then takes the keyboard at once (Ctrl+K)', async ({ page }) => {
  await page.goto('/chapters/distances/');
  // Past Starlight's idle-time set-up, which this book defers to the first opening.
  await afterFirstIdle(page);
  expect(await page.locator('#starlight__search').evaluate((el) => el.childElementCount)).toBe(0);
  await expect(page.locator('button[data-open-modal]')).toBeEnabled();
  await page.keyboard.press('Control+k');
  const input = page.locator('dialog input.pagefind-ui__search-input');
  await expect(input).toBeFocused();
  await page.keyboard.type('gradient penalty');
  await expect(page.locator('.pagefind-ui__result-link', { hasText: /Moving earth/i }).first()).toBeVisible();
});

test('search that cannot load says so in a sentence, and works after a reload', async ({ page }) => {
  // Its code is unreachable (offline before search was ever used, or a page older than the deploy).
  await page.route('**/_astro/ui-core.*.js', (route) => route.abort());
  await page.goto('/chapters/distances/');
  await afterFirstIdle(page);
  await page.keyboard.press('Control+k');
  const dialog = page.locator('dialog[aria-label="Search"]');
  await expect(dialog).toHaveJSProperty('open', true);
  await expect(dialog.locator('.sp-search-unavailable')).toContainText('Search could not be loaded');
  await expect(dialog.locator('.sp-search-unavailable')).toContainText('reload');
  await page.unroute('**/_astro/ui-core.*.js');
  await page.reload();
  await afterFirstIdle(page);
  await page.keyboard.press('Control+k');
  await expect(dialog.locator('input.pagefind-ui__search-input')).toBeFocused();
  await expect(dialog.locator('.sp-search-unavailable')).toHaveCount(0);
});

test('search whose code is slow to arrive says it is loading, then works', async ({ page }) => {
  let release = () => {};
  const held = new Promise<void>((resolve) => (release = resolve));
  await page.route('**/_astro/ui-core.*.js', async (route) => {
    await held;
    await route.continue();
  });
  await page.goto('/chapters/distances/');
  await afterFirstIdle(page);
  await page.keyboard.press('Control+k');
  const dialog = page.locator('dialog[aria-label="Search"]');
  await expect(dialog.locator('[role="status"]')).toHaveText('Loading search…');
  release();
  await expect(dialog.locator('input.pagefind-ui__search-input')).toBeFocused();
  await expect(dialog.getByText('Loading search…')).toHaveCount(0);
  await page.keyboard.type('gradient penalty');
  await expect(dialog.locator('.pagefind-ui__result-link').first()).toBeVisible();
});

test('the home page lists the chapters in reading order', async ({ page }) => {
  await page.goto('/');
  const main = page.locator('main');
  for (const href of ['/chapters/adversarial-game/', '/chapters/distances/', '/chapters/f-divergences/', '/chapters/f-gan/']) {
    await expect(main.locator(`a[href="${href}"]`).first()).toBeVisible();
  }
  // The sidebar (on a chapter page; the home page is a full-width splash) shows chapters in order.
  await page.goto('/chapters/distances/');
  const sidebar = await page.locator('nav[aria-label="Main"] a').allTextContents();
  const order = ['adversarial game', 'How far apart', 'f-divergences and Fenchel', 'f-GAN'].map((t) =>
    sidebar.findIndex((s) => s.toLowerCase().includes(t.toLowerCase())),
  );
  expect(order.every((i) => i >= 0)).toBe(true);
  expect([...order].sort((a, b) => a - b)).toEqual(order);
});

test('an unknown address shows the 404 page with a way back', async ({ page }) => {
  const response = await page.goto('/no-such-chapter/');
  expect(response?.status()).toBe(404);
  await expect(page.locator('h1')).toBeVisible();
  await expect(page.locator('main a[href="/"]').first()).toBeVisible();
});

test('previous/next links join the chapters', async ({ page }) => {
  await page.goto('/chapters/distances/');
  await expect(page.locator('.pagination-links a[rel="prev"]')).toHaveAttribute('href', '/chapters/adversarial-game/');
  await expect(page.locator('.pagination-links a[rel="next"]')).toHaveAttribute('href', '/chapters/f-divergences/');
});
