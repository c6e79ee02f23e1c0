/**
 * Styles for an svg drawn outside the browser. On the page, figure.css styles the plot marks by
 * class (with the reader's theme); a standalone file has no stylesheet, so the page's export writes
 * the computed styles inline. Node has no style engine, so this module does the same from
 * figure.css itself: it reads its top-level rules, resolves the custom properties with the light
 * theme's values (what Starlight prints, and what exports look like on a white page) and writes
 * each element's matching declarations inline, in cascade order (specificity, then source order).
 * Only the presentation properties that the page's export copies are written.
 */
import { readFileSync } from 'node:fs';
import { inlinedSvgProperties } from '../components/figure/svg-properties';

/** figure.css, read once. */
const css = readFileSync(new URL('../components/figure/figure.css', import.meta.url), 'utf8').replace(/\/\*[\s\S]*?\*\//g, '');

/** The font Starlight's interface uses (its --sl-font-system stack). */
export const systemFont = `-apple-system, BlinkMacSystemFont, 'Segoe UI', Roboto, 'Helvetica Neue', Arial, 'Noto Sans', sans-serif`;

/** Starlight's light-theme colours (its props.css, `:root[data-theme='light']`), which figure.css builds on. */
const starlightLight: Record<string, string> = {
  '--sl-color-white': 'hsl(224, 10%, 10%)',
  '--sl-color-gray-1': 'hsl(224, 14%, 16%)',
  '--sl-color-gray-2': 'hsl(224, 10%, 23%)',
  '--sl-color-gray-3': 'hsl(224, 7%, 36%)',
  '--sl-color-gray-4': 'hsl(224, 6%, 56%)',
  '--sl-color-gray-5': 'hsl(224, 6%, 77%)',
  '--sl-color-gray-6': 'hsl(224, 20%, 94%)',
  '--sl-color-gray-7': 'hsl(224, 19%, 97%)',
  '--sl-color-black': 'hsl(0, 0%, 100%)',
  '--sl-color-bg': 'hsl(0, 0%, 100%)',
  '--__sl-font': systemFont,
  '--sl-text-sm': '0.875rem',
  '--sl-text-xs': '0.8125rem',
};

interface Rule {
  selectors: string[];
  declarations: Array<[property: string, value: string]>;
}

/** Top-level rules (no @media or other at-rule blocks) as selector lists and declarations. */
function parseRules(text: string): Rule[] {
  const rules: Rule[] = [];
  let depth = 0;
  let start = 0;
  let prelude = '';
  let skipDepth = -1;
  for (let i = 0; i < text.length; i++) {
    const char = text[i];
    if (char === '{') {
      if (depth === 0) prelude = text.slice(start, i).trim();
      if (depth === 0 && prelude.startsWith('@')) skipDepth = 0;
      depth++;
      start = i + 1;
    } else if (char === '}') {
      depth--;
      if (depth === 0 && skipDepth === -1) {
        const body = text.slice(start, i);
        const declarations = body
          .split(';')
          .map((part) => part.trim())
          .filter((part) => part.includes(':'))
          .map((part) => {
            const colon = part.indexOf(':');
            return [part.slice(0, colon).trim(), part.slice(colon + 1).trim()] as [string, string];
          });
        rules.push({ selectors: prelude.split(',').map((selector) => selector.trim()), declarations });
      }
      if (depth === 0) skipDepth = -1;
      start = i + 1;
    }
  }
  return rules;
}

const rules = parseRules(css);

/** The custom properties a figure sees in the light theme, resolved (e.g. --sp-ink → an hsl colour). */
export const lightTheme: Record<string, string> = (() => {
  const raw: Record<string, string> = { ...starlightLight };
  const take = (selector: string) => {
    for (const rule of rules) {
      if (!rule.selectors.includes(selector)) continue;
      for (const [property, value] of rule.declarations) if (property.startsWith('--')) raw[property] = value;
    }
  };
  take('.sp-figure');
  take(":root[data-theme='light'] .sp-figure");
  const resolved: Record<string, string> = {};
  for (const name of Object.keys(raw)) resolved[name] = resolveVariables(raw[name], raw);
  return resolved;
})();

function resolveVariables(value: string, table: Record<string, string>, depth = 0): string {
  if (depth > 8) return value;
  return value.replace(/var\((--[\w-]+)(?:\s*,\s*([^()]*(?:\([^()]*\))?[^()]*))?\)/g, (_, name: string, fallback?: string) =>
    resolveVariables(table[name] ?? fallback ?? '', table, depth + 1),
  );
}

/** The presentation properties written inline (the same list the page's export copies). */
const inlined = new Set<string>(inlinedSvgProperties);

/** Specificity (ids, classes/attributes/pseudo-classes, types) of a simple selector chain. */
function specificity(selector: string): number {
  const ids = (selector.match(/#[\w-]+/g) ?? []).length;
  const classes = (selector.match(/\.[\w-]+|\[[^\]]*\]|:(?!:)[\w-]+/g) ?? []).length;
  const types = (selector.replace(/\[[^\]]*\]|\.[\w-]+|#[\w-]+|:+[\w-]+(\([^)]*\))?/g, ' ').match(/[a-z][\w-]*/gi) ?? []).length;
  return ids * 10_000 + classes * 100 + types;
}

/** Selectors that can never apply to a static svg (interaction states, pseudo-elements). */
const dynamic = /::|:hover|:focus|:active|:disabled|:checked|:root/;

interface Match {
  weight: number;
  order: number;
  declarations: Array<[string, string]>;
}

/** Write the matching figure.css declarations inline on `root` and every element below it. */
export function inlineFigureStyles(root: Element): void {
  const visit = (element: Element) => {
    const matches: Match[] = [];
    rules.forEach((rule, order) => {
      let best = -1;
      for (const selector of rule.selectors) {
        if (!selector || dynamic.test(selector)) continue;
        let hit = false;
        try {
          hit = element.matches(selector);
        } catch {
          hit = false;
        }
        if (hit) best = Math.max(best, specificity(selector));
      }
      if (best >= 0) matches.push({ weight: best, order, declarations: rule.declarations });
    });
    matches.sort((a, b) => a.weight - b.weight || a.order - b.order);
    const style = new Map<string, string>();
    for (const match of matches) {
      for (const [property, value] of match.declarations) {
        if (inlined.has(property)) style.set(property, resolveVariables(value, lightTheme).replace(/\s*!important$/, ''));
        if (property === 'display' && value.startsWith('none')) style.set('display', 'none');
      }
    }
    if (style.size) element.setAttribute('style', [...style].map(([property, value]) => `${property}:${value}`).join(';'));
    for (const child of Array.from(element.children)) visit(child);
  };
  visit(root);
}
