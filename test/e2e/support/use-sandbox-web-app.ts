/**
 * The setup most e2e files share, registered once per file: a sandbox backend started before its tests, the web app
 * opened on it in Chromium, a screenshot of the page when a test fails, and after the last test the app closed and
 * the sandbox stopped (with every SDK client made through `env.client` or `env.ec2`).
 */
import type { Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll } from 'vitest';
import type { Commands } from '../../support/backend-commands';
import type { SandboxBackend, SandboxBackendOptions } from '../../support/sandbox-backend';
import { useSandboxBackend } from '../../support/use-sandbox-backend';
import { openWebApp, type WebApp, type WebAppOptions } from './web-app';

export interface SandboxWebAppOptions<S> {
  /** Passed to startSandboxBackend. */
  sandbox?: SandboxBackendOptions;
  /** Passed to openWebApp. */
  app?: WebAppOptions;
  /**
   * Runs once the sandbox is up and before the app opens (what the page must find at its first load, SDK clients),
   * with `call`/`must` on its backend; what it returns is `setup` on the returned object.
   */
  setup?: (env: SandboxBackend, commands: Commands) => Promise<S>;
  /** Starts a failed test's screenshot name (the test's name follows); default `failed-`. */
  screenshotPrefix?: string;
  /** For starting the sandbox with `setup`, and for opening the app; default 120 s each. */
  timeoutMs?: number;
  /** Registers hooks that do nothing: for a file whose tests are all skipped on this machine. */
  skip?: boolean;
}

/** The file's sandbox and app. Its fields are there inside tests and the hooks registered after it. */
export interface SandboxWebApp<S> extends Commands {
  readonly env: SandboxBackend;
  readonly app: WebApp;
  readonly page: Page;
  /** What the `setup` option returned. */
  readonly setup: S;
}

/** Registers the file's beforeAll, afterEach and afterAll hooks; call it once, at the top level of an e2e file. */
export function useSandboxWebApp<S = undefined>(options: SandboxWebAppOptions<S> = {}): SandboxWebApp<S> {
  const timeoutMs = options.timeoutMs ?? 120_000;
  const backend = useSandboxBackend({ ...options, timeoutMs });
  let app: WebApp | undefined;
  const opened = () => {
    if (!app) throw new Error('The web app is not open: use it inside tests, after its beforeAll.');
    return app;
  };

  beforeAll(async () => {
    if (options.skip) return;
    app = await openWebApp(backend.env.backend, options.app);
  }, timeoutMs);

  afterEach(async ({ task }) => {
    const prefix = options.screenshotPrefix ?? 'failed-';
    if (task.result?.state === 'fail') await app?.screenshot(`${prefix}${task.name.slice(0, 40)}`);
  });

  // Registered after the sandbox's own afterAll, so it runs before it: the app closes before the sandbox stops.
  afterAll(async () => {
    await app?.close();
  });

  return {
    call: backend.call,
    must: backend.must,
    get env() {
      return backend.env;
    },
    get setup() {
      return backend.setup;
    },
    get app() {
      return opened();
    },
    get page() {
      return opened().page;
    },
  };
}
