/**
 * The scripts a page's HTML runs: each `<script>` that is JavaScript (no type, `module` or
 * `text/javascript`), as its `src` or its inline code. Inert script text (the assignment pages'
 * templates, `type="text/html"`, or JSON) is left out: it is data, however many `<script>` tags
 * its text holds.
 */
export type PageScript = { src: string } | { inline: string };

const javaScriptTypes = new Set(['', 'module', 'text/javascript', 'application/javascript']);

export function pageScripts(html: string): PageScript[] {
  const scripts: PageScript[] = [];
  for (const [, attributes, inline] of html.matchAll(/<script\b([^>]*)>([\s\S]*?)<\/script>/gi)) {
    const type = /\btype=["']?([^"'\s>]*)/i.exec(attributes)?.[1] ?? '';
    if (!javaScriptTypes.has(type.toLowerCase())) continue;
    const src = /\bsrc=["']?([^"'\s>]+)/i.exec(attributes)?.[1];
    if (src) scripts.push({ src });
    else if (inline.trim()) scripts.push({ inline });
  }
  return scripts;
}
