import { test, expect, type Locator, type Page } from '@playwright/test';
import { figure, pages, stepCount, untilWideBlocksFocusable, watchForErrors } from './helpers';

/**
 * Phones: every figure of every chapter at a 375 × 740 viewport. The page does not scroll
 * sideways, every label of a plot is drawn at a readable size (not a 640-px drawing scaled down
 * to half), the panels of a figure do not overlap, the buttons are big enough to tap, and the
 * figure's main control works (a training figure takes a step; an explorer redraws when its
 * first control changes).
 */

const chapters = pages.filter((path) => path.startsWith('/chapters/'));
const viewport = { width: 375, height: 740 };
/** The smallest on-screen font size (CSS px) a plot's text may have on a phone. */
const minimumFontPx = 10;
/** The smallest side (CSS px) of a button or menu on a phone (WCAG 2.2 target size, minimum). */
const minimumTargetPx = 24;

test.use({ viewport });


interface PlotReport {
  /** Texts drawn smaller than the minimum: "label (size px)". */
  small: string[];
  /** Texts that leave the screen sideways. */
  offScreen: string[];
  /** Pairs of panels whose drawing areas overlap. */
  overlaps: string[];
  panels: number;
  texts: number;
}

/** Measure a figure's live plot in the page: font sizes on screen, text positions, panel boxes. */
function measurePlot(shell: Locator, minimum: number, screenWidth: number): Promise<PlotReport> {
  return shell.getByTestId('plot').evaluate(
    (plot, { minimum, screenWidth }) => {
      const report: PlotReport = { small: [], offScreen: [], overlaps: [], panels: 0, texts: 0 };
      for (const text of Array.from(plot.querySelectorAll('svg text'))) {
        const label = (text.textContent ?? '').trim();
        const box = text.getBoundingClientRect();
        if (!label || box.width === 0 || box.height === 0) continue;
        report.texts++;
        // The size the reader sees: the computed size times the drawing's scale on screen.
        const matrix = (text as SVGTextElement).getScreenCTM();
        const scale = matrix ? Math.hypot(matrix.a, matrix.b) : 1;
        const size = parseFloat(getComputedStyle(text).fontSize) * scale;
        if (size < minimum) report.small.push(`"${label.slice(0, 40)}" (${size.toFixed(1)} px)`);
        if (box.left < -0.5 || box.right > screenWidth + 0.5) report.offScreen.push(`"${label.slice(0, 40)}" (${box.left.toFixed(0)}–${box.right.toFixed(0)})`);
      }
      // A panel's drawing area: its clip rectangle, mapped to the screen by the panel's transform.
      const boxes: Array<{ name: string; left: number; top: number; right: number; bottom: number }> = [];
      for (const panel of Array.from(plot.querySelectorAll<SVGGElement>('g.sp-panel'))) {
        const rect = panel.querySelector(':scope > clipPath > rect');
        const matrix = panel.getScreenCTM();
        if (!rect || !matrix) continue;
        const width = Number(rect.getAttribute('width'));
        const height = Number(rect.getAttribute('height'));
        if (!(width > 0 && height > 0)) continue;
        const corners = [
          [0, 0],
          [width, height],
        ].map(([x, y]) => ({ x: matrix.a * x + matrix.c * y + matrix.e, y: matrix.b * x + matrix.d * y + matrix.f }));
        boxes.push({
          name: Array.from(panel.classList).join(' '),
          left: Math.min(corners[0].x, corners[1].x),
          right: Math.max(corners[0].x, corners[1].x),
          top: Math.min(corners[0].y, corners[1].y),
          bottom: Math.max(corners[0].y, corners[1].y),
        });
      }
      report.panels = boxes.length;
      for (let i = 0; i < boxes.length; i++) {
        for (let j = i + 1; j < boxes.length; j++) {
          const a = boxes[i];
          const b = boxes[j];
          const overlapX = Math.min(a.right, b.right) - Math.max(a.left, b.left);
          const overlapY = Math.min(a.bottom, b.bottom) - Math.max(a.top, b.top);
          if (overlapX > 1 && overlapY > 1) report.overlaps.push(`${a.name} × ${b.name}`);
        }
      }
      return report;
    },
    { minimum, screenWidth },
  );
}

/** The page's width as laid out: wider than the viewport means the reader scrolls sideways. */
const pageWidth = (page: Page) => page.evaluate(() => document.scrollingElement!.scrollWidth);

/** Visible buttons and menus in the figure that are smaller than a fingertip target. */
function smallTargets(shell: Locator, minimum: number): Promise<string[]> {
  return shell.evaluate((element, minimum) => {
    const small: string[] = [];
    for (const control of Array.from(element.querySelectorAll<HTMLElement>('button, select, summary, input[type="number"], input[type="text"]'))) {
      const box = control.getBoundingClientRect();
      if (box.width === 0 && box.height === 0) continue; // hidden (closed settings, other mode)
      if (box.width < minimum - 0.5 || box.height < minimum - 0.5) {
        small.push(`${control.tagName.toLowerCase()} "${(control.textContent || control.getAttribute('aria-label') || '').trim().slice(0, 30)}" ${box.width.toFixed(0)}×${box.height.toFixed(0)}`);
      }
    }
    return small;
  }, minimum);
}

test.describe('Phones (375 px)', () => {
  for (const chapter of chapters) {
    test(`${chapter}: every figure fits the screen, reads at its size, and responds to a tap`, async ({ page }) => {
      test.setTimeout(240_000);
      const errors = watchForErrors(page);
      // Reduced motion: nothing trains by itself, so a step is the reader's tap and nothing else.
      await page.emulateMedia({ reducedMotion: 'reduce' });
      await page.goto(chapter);
      expect(await pageWidth(page), 'the page scrolls sideways').toBeLessThanOrEqual(viewport.width);

      const ids = await page.locator('sp-figure').evaluateAll((shells) => shells.map((shell) => shell.getAttribute('figure-id') ?? ''));
      expect(ids.length, 'a chapter with figures').toBeGreaterThan(0);
      for (const id of ids) {
        const shell = figure(page, id);
        await shell.scrollIntoViewIfNeeded();
        const plot = shell.getByTestId('plot');
        await expect(shell, `${id}: ready`).toHaveAttribute('data-state', /^(idle|ready|starting|paused)$/);

        const isExplorer = (await shell.getByTestId('step').count()) === 0;
        if (!isExplorer) {
          // The main control: one step, from a tap on Step.
          const step = shell.getByTestId('step');
          const before = await plot.innerHTML();
          await step.click();
          await expect.poll(() => stepCount(shell), { message: `${id}: a tap on Step trains one step`, timeout: 60_000 }).toBeGreaterThanOrEqual(1);
          await expect.poll(async () => (await plot.innerHTML()) !== before, { message: `${id}: the plot redraws after a step` }).toBe(true);
        } else {
          await expect(plot.locator('svg.sp-plot-svg').first(), `${id}: the live plot`).toBeVisible();
          // The main control: the first slider, number or menu of the explorer; the plot redraws.
          const control = shell.getByTestId('controls').locator('input[type="range"], input[type="number"], select').first();
          await expect(control, `${id}: an explorer has a control`).toBeVisible();
          const before = await plot.innerHTML();
          const tag = await control.evaluate((element) => `${element.tagName}:${element.getAttribute('type') ?? ''}`);
          if (tag === 'SELECT:') {
            const values = await control.locator('option').evaluateAll((options) => options.map((option) => (option as HTMLOptionElement).value));
            const current = await control.inputValue();
            await control.selectOption(values.find((value) => value !== current)!);
          } else {
            await control.click();
            await control.press('ArrowUp');
            if (tag === 'INPUT:number') await control.press('Enter');
          }
          await expect.poll(async () => (await plot.innerHTML()) !== before, { message: `${id}: the plot redraws after its control changes` }).toBe(true);
        }

        await expect(plot.locator('svg.sp-plot-svg').first(), `${id}: the live plot`).toBeVisible();
        const report = await measurePlot(shell, minimumFontPx, viewport.width);
        expect(report.texts, `${id}: the plot has labels`).toBeGreaterThan(0);
        expect.soft(report.small, `${id}: labels smaller than ${minimumFontPx} px on screen`).toEqual([]);
        expect.soft(report.offScreen, `${id}: labels off the screen`).toEqual([]);
        expect.soft(report.overlaps, `${id}: overlapping panels`).toEqual([]);
        expect.soft(await smallTargets(shell, minimumTargetPx), `${id}: controls smaller than ${minimumTargetPx} px`).toEqual([]);
        expect(await pageWidth(page), `${id}: the page scrolls sideways`).toBeLessThanOrEqual(viewport.width);
      }
      expect(await page.locator('body').innerText()).not.toMatch(/NaN/);
      errors.expectClean();
    });
  }

  test('a figure laid out for a phone lays out again when the screen widens, and keeps its state', async ({ page }) => {
    const errors = watchForErrors(page);
    await page.emulateMedia({ reducedMotion: 'reduce' });
    await page.goto('/chapters/distances/');
    const viewBoxWidth = (shell: Locator) =>
      shell.getByTestId('plot').locator('svg.sp-plot-svg').first().evaluate((svg) => (svg as SVGSVGElement).viewBox.baseVal.width);

    // An explorer: narrow at 375 px; widened, the design width, with the state it had.
    const explorer = figure(page, 'divergence-explorer');
    await explorer.scrollIntoViewIfNeeded();
    await expect(explorer).toHaveAttribute('data-state', 'ready');
    expect(await viewBoxWidth(explorer)).toBeLessThan(560);
    const mean = explorer.getByTestId('controls').locator('input[type="number"]').first();
    await mean.fill('1.5');
    await mean.press('Enter');
    const readout = await explorer.getByTestId('readout').innerText();
    await page.setViewportSize({ width: 1280, height: 800 });
    await expect.poll(() => viewBoxWidth(explorer)).toBe(640);
    await expect(explorer.getByTestId('controls').locator('input[type="number"]').first()).toHaveValue('1.5');
    await expect(explorer.getByTestId('readout')).toHaveText(readout);

    // Back to a phone: narrow again.
    await page.setViewportSize(viewport);
    await expect.poll(() => viewBoxWidth(explorer)).toBeLessThan(560);
    errors.expectClean();
  });

  test('a training figure rebuilt for a wider screen keeps its runs and its controls', async ({ page }) => {
    const errors = watchForErrors(page);
    await page.emulateMedia({ reducedMotion: 'reduce' });
    await page.goto('/chapters/adversarial-game/');
    const shell = figure(page, 'gan-1d');
    await shell.scrollIntoViewIfNeeded();
    await shell.getByTestId('step').click();
    await expect.poll(() => stepCount(shell)).toBe(1);
    const svg = shell.getByTestId('plot').locator('svg.sp-plot-svg');
    expect(await svg.evaluate((element) => (element as SVGSVGElement).viewBox.baseVal.width)).toBeLessThan(560);
    await page.setViewportSize({ width: 1280, height: 800 });
    await expect.poll(() => svg.evaluate((element) => (element as SVGSVGElement).viewBox.baseVal.width)).toBe(640);
    // One drawing, not two; the run goes on from where it was; the settings are still there.
    await expect(svg).toHaveCount(1);
    await shell.getByTestId('step').click();
    await expect.poll(() => stepCount(shell)).toBe(2);
    await expect(shell.getByTestId('settings').locator('select, input').first()).toBeAttached();
    errors.expectClean();
  });
  test('an equation wider than the screen scrolls sideways from the keyboard; one that fits is no tab stop', async ({ page }) => {
    const errors = watchForErrors(page);
    await page.goto('/chapters/wasserstein/');
    await page.keyboard.press('Shift'); // shows the whole chapter at once
    await untilWideBlocksFocusable(page);
    const displays = page.locator('.sl-markdown-content .math-display');
    const wide = await displays.evaluateAll((all) => all.map((display, i) => [i, display.scrollWidth > display.clientWidth + 1] as const));
    const wideIndex = wide.find(([, isWide]) => isWide)?.[0];
    const fitIndex = wide.find(([, isWide]) => !isWide)?.[0];
    expect(wideIndex, 'an equation wider than 375 px').toBeDefined();
    expect(fitIndex, 'an equation that fits').toBeDefined();
    await expect(displays.nth(fitIndex!)).not.toHaveAttribute('tabindex');

    const display = displays.nth(wideIndex!);
    await display.focus();
    await expect(display).toBeFocused();
    for (let i = 0; i < 5; i++) await page.keyboard.press('ArrowRight');
    await expect.poll(() => display.evaluate((element) => element.scrollLeft)).toBeGreaterThan(0);
    errors.expectClean();
  });

  test('the menu button opens the book’s menu, the page behind it stays still, and it closes again; no style rule asks about the whole page', async ({ page }) => {
    const errors = watchForErrors(page);
    await page.goto('/chapters/distances/');
    const button = page.getByRole('button', { name: 'Menu', exact: true });
    const menu = page.locator('#starlight__sidebar');
    const overflow = () => page.evaluate(() => getComputedStyle(document.body).overflow);
    await expect(menu).toBeHidden();
    expect(await overflow()).not.toBe('hidden');
    await button.click();
    await expect(menu).toBeVisible();
    await expect(menu.getByRole('link', { name: 'Notation' })).toBeVisible();
    await expect(button.locator('.sp-menu-close-icon')).toBeVisible();
    expect(await overflow(), 'the page behind the open menu scrolls').toBe('hidden');
    await button.click();
    await expect(menu).toBeHidden();
    await expect(button.locator('.sp-menu-open-icon')).toBeVisible();
    expect(await overflow()).not.toBe('hidden');
    // A `body:has(…)` or `html:has(…)` rule (Starlight's menu had one) makes Chromium restyle the page's
    // body after any change anywhere in it: a training figure's every frame.
    const wholePageHas = await page.evaluate(() => {
      const found: string[] = [];
      const visit = (rules: CSSRuleList) => {
        for (const rule of Array.from(rules)) {
          if (rule instanceof CSSStyleRule && /(^|[\s,>+~(])(html|body|:root)[^\s,]*:has\(/.test(rule.selectorText)) found.push(rule.selectorText);
          if ('cssRules' in rule) visit((rule as CSSGroupingRule).cssRules);
        }
      };
      for (const sheet of Array.from(document.styleSheets)) visit(sheet.cssRules);
      return found;
    });
    expect(wholePageHas).toEqual([]);
    errors.expectClean();
  });
});
