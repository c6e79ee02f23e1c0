/**
 * Offline reading: a service worker generated after the build by workbox-build over `dist/`.
 *
 * Precached (downloaded in the background on the first visit, one versioned cache): every page,
 * the scripts, styles and WOFF2 fonts, the engine's workers and WASM files, Pagefind's search
 * index, and the figures' static renders (SVG). Left to a runtime cache (stored when first used):
 * the threaded WASM build the engine never loads, the renders' PNG and CSV, the QTI packages. Each precached URL carries a revision (a content hash, or the
 * hash in its name under `_astro/`), so a new deploy changes the manifest, hence `sw.js`, and the
 * browser installs the new worker, which fetches only what changed.
 *
 * Update path: the new worker waits (no skipWaiting) so a page open across a deploy keeps the old
 * files it may still import lazily; `src/offline/register.ts` then offers "Reload" in a quiet notice,
 * and a reader who closes every tab gets the new version on the next visit anyway.
 */
import { fileURLToPath } from 'node:url';
import { generateSW } from 'workbox-build';
import type { AstroIntegration } from 'astro';

/** What is downloaded for offline use on the first visit. */
export const precachePatterns = [
  '**/*.html',
  '_astro/**/*.{js,css,woff2,wasm}',
  'pagefind/**/*',
  'renders/*.svg',
  '*.svg',
];
/** Never loaded by the engine (WASM_HAS_MULTITHREAD_SUPPORT is off), or not part of the site. */
export const precacheIgnores = ['**/*threaded-simd*', '_headers', 'sw.js', 'sitemap*'];

/** Writes `sw.js` into `dir`; returns the number of precached files and their total size in bytes. */
export async function writeServiceWorker(dir: string): Promise<{ count: number; size: number; warnings: string[] }> {
  const { count, size, warnings } = await generateSW({
    globDirectory: dir,
    globPatterns: precachePatterns,
    globIgnores: precacheIgnores,
    swDest: `${dir.replace(/\/$/, '')}/sw.js`,
    mode: 'production',
    sourcemap: false,
    inlineWorkboxRuntime: true,
    cacheId: 'saddle-point',
    // A chapter page is 0.2–0.35 MB of HTML; the engine's largest chunk about 0.5 MB.
    maximumFileSizeToCacheInBytes: 3 * 1024 * 1024,
    // Names under _astro/ hold a content hash already: no revision needed.
    dontCacheBustURLsMatching: /^_astro\//,
    // The site is static: a query never changes a page (share links, Pagefind's ?ts= cache tag).
    ignoreURLParametersMatching: [/.*/],
    directoryIndex: 'index.html',
    cleanupOutdatedCaches: true,
    clientsClaim: true,
    skipWaiting: false,
    runtimeCaching: [
      {
        urlPattern: ({ url, sameOrigin }) => sameOrigin && url.pathname.startsWith('/_astro/'),
        handler: 'CacheFirst',
        options: { cacheName: 'saddle-point-assets', expiration: { maxEntries: 200 } },
      },
      {
        urlPattern: ({ url, sameOrigin }) => sameOrigin && /^\/(renders|qti)\//.test(url.pathname),
        handler: 'StaleWhileRevalidate',
        options: { cacheName: 'saddle-point-files', expiration: { maxEntries: 300 } },
      },
    ],
  });
  return { count, size, warnings };
}

/**
 * The Astro integration. List it after Starlight (whose build:done writes Pagefind's index) and
 * after the CSP step (which edits every page), so that the manifest hashes the final files.
 */
export default function offline(): AstroIntegration {
  return {
    name: 'saddle-point:offline',
    hooks: {
      'astro:config:setup': ({ command, injectScript }) => {
        // Only built sites register the worker; `astro dev` never does.
        if (command === 'build') injectScript('page', `import '/src/offline/register.ts';`);
      },
      'astro:build:done': async ({ dir, logger }) => {
        const { count, size, warnings } = await writeServiceWorker(fileURLToPath(dir));
        for (const warning of warnings) logger.warn(warning);
        logger.info(`sw.js precaches ${count} files, ${(size / 1024 / 1024).toFixed(1)} MiB`);
      },
    },
  };
}
