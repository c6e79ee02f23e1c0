import { defineConfig } from '@playwright/test';

// SP_TEST_PORT lets two checkouts (git worktrees) run their browser tests side by side.
const port = Number(process.env.SP_TEST_PORT ?? 4329);

export default defineConfig({
  testDir: 'tests/browser',
  timeout: 90_000,
  expect: { timeout: 20_000 },
  fullyParallel: false,
  workers: 1,
  forbidOnly: true,
  retries: 0,
  reporter: [['list']],
  use: {
    baseURL: `http://127.0.0.1:${port}`,
    // Built pages register an offline service worker; offline.spec.ts and security.spec.ts allow
    // it, the other specs test pages as on a first visit (and their request routing stays visible).
    serviceWorkers: 'block',
    launchOptions: {
      executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
      args: [
        '--no-sandbox',
        '--disable-background-networking',
        '--disable-component-update',
        '--disable-sync',
        '--no-first-run',
        '--disable-quic',
        '--enable-unsafe-webgpu',
        '--use-angle=swiftshader',
      ],
    },
  },
  webServer: {
    command: `npm run build && npx astro preview --host 127.0.0.1 --port ${port}`,
    url: `http://127.0.0.1:${port}/`,
    timeout: 240_000,
    reuseExistingServer: !process.env.CI,
  },
});
