/**
 * The setup most e2e files share, registered once per file: a sandbox backend started before its tests, the web app
 * opened on it in Chromium, a screenshot of the page when a test fails, and after the last test the app closed and
 * the sandbox stopped (with every SDK client made through `env.client` or `env.ec2`).
 */
import type { Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll } from 'vitest';
import { backendCommands, type Commands } from '../../support/backend-commands';
import { startSandboxBackend, type SandboxBackend, type SandboxBackendOptions } from '../../support/sandbox-backend';
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
  /** For starting the sandbox, `setup` and opening the app together; default 120 s. */
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

/** Registers the file's beforeAll, afterEach and afterAll; call it once, at the top level of an e2e file. */
export function useSandboxWebApp<S = undefined>(options: SandboxWebAppOptions<S> = {}): SandboxWebApp<S> {
  let ready: { env: SandboxBackend; app?: WebApp; setup?: S } | undefined;
  const started = () => {
    if (!ready) throw new Error('The sandbox is not started: use it inside tests, after its beforeAll.');
    return ready;
  };
  const opened = () => {
    const { env, app, setup } = started();
    if (!app) throw new Error('The web app is not open: use it inside tests, after its beforeAll.');
    return { env, app, setup: setup as S };
  };
  const commands = backendCommands(() => started().env.backend.handlers);

  beforeAll(async () => {
    if (options.skip) return;
    const env = await startSandboxBackend(options.sandbox);
    // Set at once, so that afterAll stops the sandbox even when setup or opening the app fails.
    ready = { env };
    ready.setup = await options.setup?.(env, commands);
    ready.app = await openWebApp(env.backend, options.app);
  }, options.timeoutMs ?? 120_000);

  afterEach(async ({ task }) => {
    const prefix = options.screenshotPrefix ?? 'failed-';
    if (task.result?.state === 'fail') await ready?.app?.screenshot(`${prefix}${task.name.slice(0, 40)}`);
  });

  afterAll(async () => {
    await ready?.app?.close();
    await ready?.env.stop();
  });

  return {
    ...commands,
    get env() {
      return opened().env;
    },
    get app() {
      return opened().app;
    },
    get page() {
      return opened().app.page;
    },
    get setup() {
      return opened().setup;
    },
  };
}
