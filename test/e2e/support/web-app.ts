/** The built renderer served in web mode by a real backend, opened in Debian Chromium: what every e2e file starts. */
import { mkdir } from 'node:fs/promises';
import path from 'node:path';
import type { Browser, Page } from 'playwright-core';
import type { KilnBackend } from '../../../electron/core/kiln-backend';
import { createWebServer, type WebServer } from '../../../electron/server/web-server';
import { ensureRendererBuilt } from '../../support/built-app';
import { launchChromium } from '../../support/chromium';
import { REPO_ROOT } from '../../support/sandbox-backend';

/** Where e2e files leave screenshots. */
export const E2E_OUTPUT_DIR = path.join(REPO_ROOT, 'test-results', 'e2e');

export interface WebApp {
  server: WebServer;
  browser: Browser;
  page: Page;
  url: string;
  /** A screenshot named after a test, in E2E_OUTPUT_DIR. */
  screenshot(name: string): Promise<void>;
  close(): Promise<void>;
}

export interface WebAppOptions {
  /** Runs on the new page before the app loads (e.g. to listen to its console from the first message). */
  beforeLoad?: (page: Page) => void;
  /**
   * Lets the test inject scripts (axe-core) past the app's Content Security Policy; the app itself runs as shipped.
   */
  bypassCSP?: boolean;
}

export async function openWebApp(
  backend: Pick<KilnBackend, 'handlers' | 'events'>,
  options: WebAppOptions = {},
): Promise<WebApp> {
  await mkdir(E2E_OUTPUT_DIR, { recursive: true });
  const staticDir = await ensureRendererBuilt();
  const server = createWebServer({
    handlers: backend.handlers,
    events: backend.events,
    staticDir,
    token: 'e2e-session-token',
    log: (m, e) => console.error(m, e),
  });
  const { url } = await server.listen(0);
  const browser = await launchChromium();
  const page = await browser.newPage({ viewport: { width: 1400, height: 1000 }, bypassCSP: options.bypassCSP });
  page.on('pageerror', (error) => console.error('page error:', error));
  options.beforeLoad?.(page);
  await page.goto(url);
  return {
    server,
    browser,
    page,
    url,
    async screenshot(name) {
      await page.screenshot({
        path: path.join(E2E_OUTPUT_DIR, `${name.slice(0, 60).replace(/\W+/g, '-')}.png`),
        fullPage: true,
      });
    },
    async close() {
      await browser.close();
      await server.close();
    },
  };
}
