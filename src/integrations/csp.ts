/**
 * Content security policy, computed after the build from the pages themselves.
 *
 * Astro's own `security.csp` hashes the scripts it bundles but not Starlight's `is:inline` scripts
 * (theme, sidebar state, search shortcut), and places its `<meta>` after them. So this step reads
 * every built page instead: it hashes every inline `<script>` and `<style>` (SHA-256), builds ONE
 * policy for the whole site, writes it as the first element of every page's `<head>` (a meta policy
 * only covers what follows it) and into `_headers` for hosts that read that file (Netlify,
 * Cloudflare Pages). A meta policy cannot carry `frame-ancestors`, `report-uri`/`report-to` or
 * `sandbox` (browsers ignore them there); the header adds `frame-ancestors`: 'none' unless the
 * deployment names the hosts allowed to embed the book (SP_FRAME_ANCESTORS, e.g. a school's learning
 * management system; see frameAncestors).
 */
import { createHash } from 'node:crypto';
import { readFile, writeFile, readdir } from 'node:fs/promises';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { AstroIntegration } from 'astro';
import { decodeTemplateText } from '../components/assignment/template-text';

/** The directives every page gets; inline script and style hashes are appended at build. */
export const baseDirectives: Record<string, string[]> = {
  'default-src': ["'self'"],
  // 'wasm-unsafe-eval' lets the engine (TensorFlow.js WASM backend) and Pagefind compile
  // WebAssembly; it does not allow eval() or new Function().
  'script-src': ["'self'", "'wasm-unsafe-eval'"],
  'style-src': ["'self'"],
  // Temml's MathML carries a few style attributes (display, math-depth, widths); they cannot run code.
  'style-src-attr': ["'unsafe-inline'"],
  // data: for the small SVG icons in stylesheets; blob: for figure exports drawn to a canvas.
  'img-src': ["'self'", 'data:', 'blob:'],
  'font-src': ["'self'"],
  'connect-src': ["'self'"],
  // The engine's worker pool, Pagefind's search worker and the offline service worker.
  'worker-src': ["'self'"],
  'manifest-src': ["'self'"],
  'object-src': ["'none'"],
  'base-uri': ["'self'"],
  'form-action': ["'self'"],
};

/**
 * Who may show the book's pages in a frame. 'none' by default (no site can frame a page to trick a
 * reader into clicking it). A class's learning management system may want to embed chapters: then
 * build with SP_FRAME_ANCESTORS set to its origins, space-separated ("'self'" and https origins such
 * as https://canvas.example.edu or https://*.example.edu); anything else stops the build with a sentence.
 */
export function frameAncestors(setting: string | undefined): string[] {
  const sources = (setting ?? '').trim().split(/\s+/).filter(Boolean);
  if (sources.length === 0) return ["'none'"];
  const allowed = /^(?:'self'|https:\/\/(?:\*\.)?[a-z0-9-]+(?:\.[a-z0-9-]+)*(?::\d{1,5})?)$/i;
  const wrong = sources.filter((source) => !allowed.test(source));
  if (wrong.length) {
    throw new Error(
      `SP_FRAME_ANCESTORS may hold only 'self' and https origins such as https://lms.example.edu, separated by spaces; ` +
        `${wrong.map((source) => JSON.stringify(source.slice(0, 80))).join(', ')} ${wrong.length === 1 ? 'is' : 'are'} not one.`,
    );
  }
  return sources;
}

/** Directives only a header can carry (a meta policy ignores them, with a console error). */
export function headerOnlyDirectives(setting = process.env.SP_FRAME_ANCESTORS): Record<string, string[]> {
  return { 'frame-ancestors': frameAncestors(setting) };
}

const inlineScript = /<script(?![^>]*\ssrc=)([^>]*)>([\s\S]*?)<\/script>/g;
const inlineStyle = /<style[^>]*>([\s\S]*?)<\/style>/g;
const executable = /type=["']?(module|text\/javascript)["']?/;
const templateText = /type=["']?text\/html["']?/;

function sha256(text: string): string {
  return `'sha256-${createHash('sha256').update(text, 'utf8').digest('base64')}'`;
}

/** Hashes of the inline scripts and styles of one page (data scripts such as JSON are skipped). */
export function inlineHashes(html: string): { scripts: string[]; styles: string[] } {
  const scripts: string[] = [];
  const styles: string[] = [];
  for (const [, attributes, body] of html.matchAll(inlineScript)) {
    if (templateText.test(attributes)) {
      // A figure or exercise kept as text (TemplateText.astro): its own inline scripts run once a
      // page script puts it in place.
      scripts.push(...inlineHashes(decodeTemplateText(body)).scripts);
      continue;
    }
    if (/\stype=/.test(attributes) && !executable.test(attributes)) continue;
    scripts.push(sha256(body));
  }
  for (const [, body] of html.matchAll(inlineStyle)) styles.push(sha256(body));
  return { scripts, styles };
}

/** A policy string from directives. */
export function policyText(directives: Record<string, string[]>): string {
  return Object.entries(directives)
    .map(([name, sources]) => `${name} ${sources.join(' ')}`)
    .join('; ');
}

export async function htmlFiles(dir: string): Promise<string[]> {
  const entries = await readdir(dir, { recursive: true, withFileTypes: true });
  return entries.filter((e) => e.isFile() && e.name.endsWith('.html')).map((e) => join(e.parentPath, e.name));
}

const metaTag = /<meta http-equiv="Content-Security-Policy"[^>]*>/i;

/** Adds the policy to every page of `dir` and writes `_headers`; returns the meta policy. */
export async function applyContentSecurityPolicy(dir: string, frameSetting = process.env.SP_FRAME_ANCESTORS): Promise<{ policy: string; pages: number; hashes: number }> {
  const headerOnly = headerOnlyDirectives(frameSetting); // checked before any page is touched
  const files = await htmlFiles(dir);
  const pages = await Promise.all(files.map(async (file) => ({ file, html: (await readFile(file, 'utf8')).replace(metaTag, '') })));
  const scripts = new Set<string>();
  const styles = new Set<string>();
  for (const { html } of pages) {
    const found = inlineHashes(html);
    found.scripts.forEach((h) => scripts.add(h));
    found.styles.forEach((h) => styles.add(h));
  }
  const directives = {
    ...baseDirectives,
    'script-src': [...baseDirectives['script-src'], ...[...scripts].sort()],
    'style-src': [...baseDirectives['style-src'], ...[...styles].sort()],
  };
  const policy = policyText(directives);
  const meta = `<meta http-equiv="Content-Security-Policy" content="${policy}">`;
  for (const { file, html } of pages) {
    const charset = html.match(/<meta charset=[^>]*>/i);
    if (!charset) throw new Error(`csp: ${relative(dir, file)} has no <meta charset>; cannot place the policy first`);
    const at = charset.index! + charset[0].length;
    await writeFile(file, html.slice(0, at) + meta + html.slice(at));
  }
  const header = policyText({ ...directives, ...headerOnly });
  await writeFile(
    join(dir, '_headers'),
    `# Written by src/integrations/csp.ts at build: the same policy as each page's <meta>, plus what only a header can carry.\n/*\n  Content-Security-Policy: ${header}\n  X-Content-Type-Options: nosniff\n  Referrer-Policy: strict-origin-when-cross-origin\n`,
  );
  return { policy, pages: pages.length, hashes: scripts.size + styles.size };
}

/** The Astro integration: runs after Starlight's Pagefind step (list it after Starlight). */
export default function contentSecurityPolicy(): AstroIntegration {
  return {
    name: 'saddle-point:csp',
    hooks: {
      'astro:build:done': async ({ dir, logger }) => {
        const { pages, hashes, policy } = await applyContentSecurityPolicy(fileURLToPath(dir));
        logger.info(`policy on ${pages} pages and in _headers (${hashes} inline hashes, ${policy.length} characters)`);
      },
    },
  };
}
