/**
 * `npm run audit`: Lighthouse 13 on every page of the built site, and the JavaScript a page needs
 * before any figure starts.
 *
 * Builds the site (or reuses dist/ with --no-build), serves dist/ from a small static server in
 * this process that gzips text, JavaScript and WASM as a static host does (`astro preview` sends
 * everything uncompressed), and runs Lighthouse's default mobile audit (Moto G Power screen,
 * simulated slow 4G and 4× CPU slowdown) in the system Chromium (headless, --no-sandbox) on every
 * page, `--runs` times (default 2). Of a page's runs it keeps the one with the best performance
 * score (the least disturbed by other processes on a shared machine); the table says so.
 *
 * Per page it prints performance, accessibility, best practices, SEO (scores 0–1), total blocking
 * time and largest contentful paint (ms, Lighthouse's simulated values), the blocking time counted in
 * CPU time from the same run's trace ("CPU TBT", cpu-blocking.ts: steadier on a shared machine), and
 * two JavaScript weights, gzipped:
 * - "JS first": what the page must download before any figure can start: its module scripts and
 *   everything they import statically (followed through dist/), but not the chunks loaded later by
 *   `import()` (figure widgets, the training engine in its worker, search). Computed from dist/, so
 *   it does not depend on what scrolled into view.
 * - "JS load": every script Lighthouse saw transferred during its load (network records, workers
 *   included), i.e. the above plus whatever the first screen's figures fetched.
 * Lighthouse's numbers depend on the machine: the load average and Lighthouse's own CPU benchmark
 * index are printed with the table, and per run the longest the page's main thread went without a
 * frame before its first paint ("frame wait", cpu-blocking.ts), which flags the runs whose first
 * frames Lighthouse's renderer held back for about a second.
 */
import { spawn } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import { cpus, loadavg } from 'node:os';
import { extname, join, relative, resolve, sep } from 'node:path';
import { parseArgs } from 'node:util';
import { gzipSync } from 'node:zlib';
import * as chromeLauncher from 'chrome-launcher';
import lighthouse from 'lighthouse';
import { cpuBlockingTime, longestFrameWait, type TraceEvent } from './cpu-blocking';
import { pageScripts } from './page-scripts';

const usage = `Usage: npm run audit -- [options]

  --no-build        reuse the existing dist/ instead of running "npm run build"
  --runs N          Lighthouse runs per page; the best performance run is kept (default: 2)
  --pages LIST      comma-separated page paths (default: every page in dist/, e.g. /chapters/distances/)
  --port N          port of the static server (default: 4391)
  --json            print the rows as JSON on stdout instead of the table
  --save DIR        also write each run's full Lighthouse report (JSON) to DIR, and print the main
                    thread's work by category and the longest tasks of each page's kept run
  --help            this text
`;

const dist = resolve('dist');
const chromePath = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const log = (text: string) => process.stderr.write(`${text}\n`);

interface Row {
  page: string;
  performance: number;
  accessibility: number;
  bestPractices: number;
  seo: number;
  tbtMs: number;
  /** Blocking time from the main thread's CPU time in Lighthouse's trace (cpu-blocking.ts). */
  cpuTbtMs: number;
  lcpMs: number;
  jsFirstKb: number;
  jsLoadKb: number;
  performanceRuns: number[];
  /** Per run: the longest the page's main thread went without a frame before its first paint (cpu-blocking.ts). */
  frameWaitRuns: number[];
  benchmarkIndex: number;
}

// ── The static server ───────────────────────────────────────────────────────────────────────────

const types: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.json': 'application/json',
  '.xml': 'application/xml',
  '.txt': 'text/plain; charset=utf-8',
  '.wasm': 'application/wasm',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.woff2': 'font/woff2',
  '.zip': 'application/zip',
  '.pdf': 'application/pdf',
  '.webmanifest': 'application/manifest+json',
};
const compressible = new Set(['.html', '.js', '.mjs', '.css', '.svg', '.json', '.xml', '.txt', '.wasm', '.webmanifest']);

/** dist/ path for a URL path (its query and fragment dropped): /a/ → a/index.html, /a → a or a/index.html; null outside dist/. */
function fileFor(urlPath: string): string | null {
  const decoded = decodeURIComponent(urlPath.split(/[?#]/)[0]);
  const candidate = resolve(dist, `.${decoded}`);
  if (candidate !== dist && !candidate.startsWith(dist + sep)) return null;
  for (const path of [candidate, join(candidate, 'index.html'), `${candidate}.html`]) {
    if (existsSync(path) && statSync(path).isFile()) return path;
  }
  return null;
}

function serve(port: number): Promise<Server> {
  const gzipped = new Map<string, Buffer>();
  const server = createServer((request, response) => {
    const file = fileFor(request.url ?? '/');
    const status = file ? 200 : 404;
    const path = file ?? join(dist, '404.html');
    const type = types[extname(path)] ?? 'application/octet-stream';
    let body: Buffer = existsSync(path) ? readFileSync(path) : Buffer.from('Not found');
    const headers: Record<string, string> = { 'content-type': type, 'cache-control': path.includes(`${sep}_astro${sep}`) ? 'public, max-age=31536000, immutable' : 'no-cache' };
    if (compressible.has(extname(path)) && /\bgzip\b/.test(String(request.headers['accept-encoding'] ?? ''))) {
      if (!gzipped.has(path)) gzipped.set(path, gzipSync(body));
      body = gzipped.get(path)!;
      headers['content-encoding'] = 'gzip';
      headers.vary = 'Accept-Encoding';
    }
    headers['content-length'] = String(body.length);
    response.writeHead(status, headers);
    response.end(request.method === 'HEAD' ? undefined : body);
  });
  return new Promise((resolvePromise, reject) => {
    server.once('error', reject);
    server.listen(port, '127.0.0.1', () => resolvePromise(server));
  });
}

// ── Pages and their first JavaScript ────────────────────────────────────────────────────────────

/** Every page in dist/ (each index.html, as its directory URL), the 404 page excepted. */
function allPages(): string[] {
  const found: string[] = [];
  const walk = (directory: string) => {
    for (const entry of readdirSync(directory, { withFileTypes: true })) {
      const path = join(directory, entry.name);
      if (entry.isDirectory() && entry.name !== '_astro' && entry.name !== 'pagefind') walk(path);
      else if (entry.name === 'index.html') found.push(`/${relative(dist, directory).split(sep).join('/')}/`.replace('//', '/'));
    }
  };
  walk(dist);
  return found.sort((a, b) => (a === '/' ? -1 : b === '/' ? 1 : a.localeCompare(b)));
}

/**
 * Gzipped bytes of the page's module scripts (external and inline) and everything they import
 * statically, each file counted once. Dynamic `import()` targets are left out: they load when a
 * figure (or search) starts.
 */
function firstJavaScriptBytes(page: string): number {
  const html = readFileSync(fileFor(page)!, 'utf8');
  const seen = new Set<string>();
  let bytes = 0;
  const visit = (file: string) => {
    if (seen.has(file) || !existsSync(file)) return;
    seen.add(file);
    const code = readFileSync(file, 'utf8');
    bytes += gzipSync(code).length;
    for (const specifier of staticImports(code)) visit(resolve(file, '..', specifier));
  };
  for (const script of pageScripts(html)) {
    if ('src' in script) {
      const file = fileFor(script.src);
      if (file) visit(file);
    } else {
      bytes += gzipSync(script.inline).length;
      for (const specifier of staticImports(script.inline)) {
        const file = fileFor(specifier);
        if (file) visit(file);
      }
    }
  }
  return bytes;
}

/** Specifiers of `import … from "x"` and `import "x"` (minified or not); not `import("x")`. */
function staticImports(code: string): string[] {
  const specifiers: string[] = [];
  for (const match of code.matchAll(/(?:^|[;\s}])import\s*(?:[\w$*{][^'"]*?from\s*)?["']([^"']+)["']/g)) specifiers.push(match[1]);
  for (const match of code.matchAll(/(?:^|[;\s}])export\s*(?:\*|\{[^}]*\})\s*from\s*["']([^"']+)["']/g)) specifiers.push(match[1]);
  return specifiers.filter((specifier) => specifier.startsWith('.') || specifier.startsWith('/'));
}

// ── Lighthouse ──────────────────────────────────────────────────────────────────────────────────

interface NetworkItem {
  resourceType?: string;
  mimeType?: string;
  transferSize?: number;
}

async function audit(url: string, port: number, save?: string) {
  const result = await lighthouse(url, {
    port,
    output: 'json',
    logLevel: 'error',
    onlyCategories: ['performance', 'accessibility', 'best-practices', 'seo'],
  });
  if (!result) throw new Error(`Lighthouse returned nothing for ${url}`);
  const { lhr } = result;
  if (lhr.runtimeError) throw new Error(`Lighthouse failed on ${url}: ${lhr.runtimeError.message}`);
  if (save) {
    mkdirSync(save, { recursive: true });
    const name = new URL(url).pathname.replace(/^\/|\/$/g, '').replace(/\//g, '_') || 'home';
    writeFileSync(join(save, `${name}-${Date.now()}.json`), JSON.stringify(lhr));
  }
  const observed = (lhr.audits.metrics?.details as { items?: Array<{ observedFirstContentfulPaintTs?: number }> } | undefined)?.items?.[0];
  const trace = (result.artifacts as { Trace?: { traceEvents: TraceEvent[] } } | undefined)?.Trace;
  const paintTs = observed?.observedFirstContentfulPaintTs;
  const events = trace?.traceEvents;
  const pageUrl = lhr.mainDocumentUrl ?? url;
  const cpuTbtMs = events && paintTs !== undefined ? cpuBlockingTime(events, pageUrl, paintTs).blockingMs : Number.NaN;
  const frameWaitMs = events && paintTs !== undefined ? longestFrameWait(events, pageUrl, paintTs) : Number.NaN;
  const score = (id: string) => lhr.categories[id]?.score ?? Number.NaN;
  const items = ((lhr.audits['network-requests']?.details as { items?: NetworkItem[] } | undefined)?.items ?? []) as NetworkItem[];
  const scriptBytes = items
    .filter((item) => item.resourceType === 'Script' || /javascript/.test(item.mimeType ?? ''))
    .reduce((sum, item) => sum + (item.transferSize ?? 0), 0);
  return {
    performance: score('performance'),
    accessibility: score('accessibility'),
    bestPractices: score('best-practices'),
    seo: score('seo'),
    tbtMs: lhr.audits['total-blocking-time']?.numericValue ?? Number.NaN,
    cpuTbtMs,
    frameWaitMs,
    lcpMs: lhr.audits['largest-contentful-paint']?.numericValue ?? Number.NaN,
    jsLoadKb: scriptBytes / 1024,
    benchmarkIndex: lhr.environment.benchmarkIndex,
    work: mainThreadSummary(lhr.audits),
    failing: Object.values(lhr.audits)
      .filter((entry) => entry.score !== null && entry.score < 1 && entry.scoreDisplayMode === 'binary')
      .map((entry) => entry.id),
  };
}

interface AuditEntry {
  numericValue?: number;
  details?: unknown;
}

/** One line: main-thread time by category (Lighthouse's breakdown) and the three longest tasks. */
function mainThreadSummary(audits: Record<string, AuditEntry>): string {
  const groups = ((audits['mainthread-work-breakdown']?.details as { items?: Array<{ groupLabel: string; duration: number }> } | undefined)?.items ?? [])
    .map((item) => `${item.groupLabel} ${Math.round(item.duration)}`)
    .join(', ');
  const tasks = ((audits['long-tasks']?.details as { items?: Array<{ url: string; duration: number }> } | undefined)?.items ?? [])
    .slice(0, 3)
    .map((item) => `${Math.round(item.duration)} ms ${item.url.replace(/^https?:\/\/[^/]+/, '')}`)
    .join('; ');
  return `main thread ${Math.round(audits['mainthread-work-breakdown']?.numericValue ?? 0)} ms (${groups}); longest tasks: ${tasks || 'none'}`;
}

// ── Main ────────────────────────────────────────────────────────────────────────────────────────

function runCommand(command: string, args: string[]): Promise<void> {
  return new Promise((resolvePromise, reject) => {
    const child = spawn(command, args, { stdio: ['ignore', 'inherit', 'inherit'] });
    child.on('error', reject);
    child.on('exit', (code) => (code === 0 ? resolvePromise() : reject(new Error(`${command} ${args.join(' ')} exited with ${code}`))));
  });
}

function table(rows: Row[], runs: number): string {
  const header = ['page', 'perf', 'a11y', 'best', 'seo', 'TBT ms', 'CPU TBT ms', 'LCP ms', 'JS first KB', 'JS load KB', `perf of ${runs} runs`, 'frame wait ms'];
  const lines = rows.map((row) => [
    row.page,
    row.performance.toFixed(2),
    row.accessibility.toFixed(2),
    row.bestPractices.toFixed(2),
    row.seo.toFixed(2),
    Math.round(row.tbtMs).toString(),
    Number.isFinite(row.cpuTbtMs) ? Math.round(row.cpuTbtMs).toString() : 'n/a',
    Math.round(row.lcpMs).toString(),
    row.jsFirstKb.toFixed(1),
    row.jsLoadKb.toFixed(1),
    row.performanceRuns.map((value) => value.toFixed(2)).join(' '),
    row.frameWaitRuns.map((value) => (Number.isFinite(value) ? Math.round(value).toString() : 'n/a')).join(' '),
  ]);
  const widths = header.map((title, i) => Math.max(title.length, ...lines.map((line) => line[i].length)));
  const format = (cells: string[]) => cells.map((cell, i) => (i === 0 ? cell.padEnd(widths[i]) : cell.padStart(widths[i]))).join('  ');
  return [format(header), ...lines.map(format)].join('\n');
}

async function main(): Promise<number> {
  const { values } = parseArgs({
    options: {
      'no-build': { type: 'boolean', default: false },
      runs: { type: 'string', default: '2' },
      pages: { type: 'string' },
      port: { type: 'string', default: '4391' },
      json: { type: 'boolean', default: false },
      save: { type: 'string' },
      help: { type: 'boolean', default: false },
    },
    strict: true,
  });
  if (values.help) {
    process.stdout.write(usage);
    return 0;
  }
  const runs = Number(values.runs);
  const port = Number(values.port);
  if (!Number.isInteger(runs) || runs < 1 || runs > 10) throw new Error(`--runs must be a whole number from 1 to 10; got "${values.runs}".`);
  if (!Number.isInteger(port) || port < 1024 || port > 65535) throw new Error(`--port must be a whole number from 1024 to 65535; got "${values.port}".`);

  if (!values['no-build']) await runCommand('npm', ['run', 'build']);
  if (!existsSync(join(dist, 'index.html'))) throw new Error('dist/index.html is missing: build first (or drop --no-build).');
  const pages = values.pages ? values.pages.split(',').map((page) => page.trim()).filter(Boolean) : allPages();
  const missing = pages.filter((page) => !fileFor(page));
  if (missing.length) throw new Error(`not in dist/: ${missing.join(', ')}`);

  const server = await serve(port);
  const chrome = await chromeLauncher.launch({ chromePath, chromeFlags: ['--headless=new', '--no-sandbox', '--disable-gpu'] });
  const load = loadavg();
  const rows: Row[] = [];
  try {
    for (const page of pages) {
      const attempts = [];
      for (let run = 0; run < runs; run++) attempts.push(await audit(`http://127.0.0.1:${port}${page}`, chrome.port, values.save));
      const best = attempts.reduce((a, b) => (b.performance > a.performance ? b : a));
      const row: Row = { page, ...best, jsFirstKb: firstJavaScriptBytes(page) / 1024, performanceRuns: attempts.map((a) => a.performance), frameWaitRuns: attempts.map((a) => a.frameWaitMs) };
      rows.push(row);
      log(`${page}: performance ${attempts.map((a) => a.performance.toFixed(2)).join(', ')}; TBT ${Math.round(best.tbtMs)} ms; ` +
        `CPU TBT ${attempts.map((a) => Math.round(a.cpuTbtMs)).join(', ')} ms; ` +
        `frame wait ${attempts.map((a) => Math.round(a.frameWaitMs)).join(', ')} ms` +
        (best.failing.length ? `; failing: ${best.failing.join(', ')}` : ''));
      if (values.save) log(`  ${best.work}`);
    }
  } finally {
    await chrome.kill();
    server.close();
  }
  if (values.json) {
    process.stdout.write(`${JSON.stringify(rows, null, 2)}\n`);
  } else {
    const after = loadavg();
    process.stdout.write(
      `Lighthouse 13, mobile (simulated slow 4G, 4x CPU slowdown), best performance of ${runs} runs per page; ` +
        `gzip served. ${cpus().length} cores; load average ${load.map((v) => v.toFixed(2)).join(' ')} at the start, ` +
        `${after.map((v) => v.toFixed(2)).join(' ')} at the end; Lighthouse benchmark index ` +
        `${Math.min(...rows.map((r) => r.benchmarkIndex))}–${Math.max(...rows.map((r) => r.benchmarkIndex))}.\n\n` +
        `${table(rows, runs)}\n\nJS first: gzipped module scripts and their static imports (before any figure starts); ` +
        `JS load: scripts Lighthouse saw transferred during its load.\n` +
        `CPU TBT: the same run's blocking time counted in the main thread's CPU time (4 × CPU ms − 50, each task after the first ` +
        `contentful paint; bench/cpu-blocking.ts): waits for a core on a busy machine left out.\n` +
        `Frame wait: per run, the longest the page's main thread began no frame before its first contentful paint; ` +
        `about a second where Lighthouse's renderer held the first frames back, which moves that paint, and the window of ` +
        `both blocking times, a second later.\n`,
    );
  }
  return 0;
}

main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    log(error instanceof Error ? error.message : String(error));
    process.exit(2);
  },
);
