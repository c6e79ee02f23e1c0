/**
 * Registers the offline service worker on every page of a built site, once the page has been quiet
 * for a few seconds (the integration in src/integrations/offline.ts injects this script only into
 * builds, never into `astro dev`).
 *
 * After a new deploy the browser installs the new worker in the background, and it waits: a page
 * open across the deploy may still import its old figure code lazily. This script then shows a
 * quiet notice with a button that switches to the new version and reloads; closing every tab of
 * the book has the same effect on the next visit.
 */
const noticeId = 'sp-update-notice';
/** Set when the reader asked for the new version in this tab (another tab's choice never reloads this one). */
let reloadRequested = false;

function showUpdateNotice(registration: ServiceWorkerRegistration): void {
  if (document.getElementById(noticeId)) return;
  const notice = document.createElement('div');
  notice.id = noticeId;
  notice.setAttribute('role', 'status');
  Object.assign(notice.style, {
    position: 'fixed',
    insetInlineEnd: '1rem',
    insetBlockEnd: '1rem',
    zIndex: '1000',
    display: 'flex',
    gap: '0.75rem',
    alignItems: 'center',
    maxWidth: 'calc(100vw - 2rem)',
    padding: '0.5rem 0.75rem',
    border: '1px solid var(--sl-color-gray-5)',
    borderRadius: '0.5rem',
    background: 'var(--sl-color-black)',
    color: 'var(--sl-color-white)',
    fontSize: 'var(--sl-text-sm)',
  } satisfies Partial<CSSStyleDeclaration>);
  const text = document.createElement('span');
  text.textContent = 'A new version of the book is ready.';
  const button = document.createElement('button');
  button.type = 'button';
  button.textContent = 'Load it';
  button.addEventListener('click', () => {
    const waiting = registration.waiting;
    // The page reloads when the new worker takes control (below); with no worker waiting any more
    // (another tab took the new version already), a reload is all that is left to do.
    if (waiting) {
      reloadRequested = true;
      waiting.postMessage({ type: 'SKIP_WAITING' });
    } else location.reload();
  });
  notice.append(text, button);
  document.body.append(notice);
}

async function register(): Promise<void> {
  let registration: ServiceWorkerRegistration | undefined;
  try {
    registration = await navigator.serviceWorker.register('/sw.js', { scope: '/' });
  } catch (error) {
    // Offline reading is a bonus: the page works without it (private windows, blocked workers).
    console.warn('Offline reading is unavailable:', error);
    return;
  }
  // A browser (or test harness) that blocks service workers may answer with no registration.
  if (!registration) return;
  navigator.serviceWorker.addEventListener('controllerchange', () => {
    // Only when asked here: the first visit's worker claims the page too (clientsClaim), and
    // another tab may load the new version while this one trains a figure.
    if (reloadRequested) location.reload();
  });
  const offerIfWaiting = () => {
    if (registration.waiting && navigator.serviceWorker.controller) showUpdateNotice(registration);
  };
  offerIfWaiting();
  registration.addEventListener('updatefound', () => {
    const installing = registration.installing;
    installing?.addEventListener('statechange', () => {
      if (installing.state === 'installed') offerIfWaiting();
    });
  });
}

/**
 * When the worker is registered. A first visit's worker precaches the whole book (about 15 MiB): on
 * a two-core machine that took about 0.9 s of CPU over 9–12 s, and figures training meanwhile lost
 * up to a third of their steps (`npm run bench`, SW_ALLOW=1, its server on the same cores). So it
 * waits until the page has been quiet for `quietMs`: loaded, and no figure training or setting up.
 * A reader who keeps a figure training still gets offline reading: it registers `latestMs` after
 * the load regardless.
 */
const quietMs = 5000;
const latestMs = 120_000;
const checkEveryMs = 1000;
const busyFigures = 'sp-figure[data-state="running"], sp-figure[data-state="starting"]';

function registerWhenQuiet(): void {
  const loadedAt = performance.now();
  let quietSince = loadedAt;
  const check = setInterval(() => {
    const now = performance.now();
    if (document.querySelector(busyFigures)) quietSince = now;
    if (now - quietSince >= quietMs || now - loadedAt >= latestMs) {
      clearInterval(check);
      void register();
    }
  }, checkEveryMs);
}

if ('serviceWorker' in navigator) {
  if (document.readyState === 'complete') registerWhenQuiet();
  else addEventListener('load', registerWhenQuiet, { once: true });
}
