/**
 * A sandbox backend for the whole test file, registered once: started in a beforeAll (then the file's own `setup`),
 * stopped in an afterAll with every SDK client made through `env.client` or `env.ec2`.
 */
import { afterAll, beforeAll } from 'vitest';
import { backendCommands, type Commands } from './backend-commands';
import { startSandboxBackend, type SandboxBackend, type SandboxBackendOptions } from './sandbox-backend';

export interface SandboxBackendHookOptions<S> {
  /** Passed to startSandboxBackend. */
  sandbox?: SandboxBackendOptions;
  /**
   * Runs once the sandbox is up, with `call`/`must` on its backend (resources the tests start from, SDK clients);
   * what it returns is `setup` on the returned object.
   */
  setup?: (env: SandboxBackend, commands: Commands) => Promise<S>;
  /** For starting the sandbox and `setup` together. */
  timeoutMs: number;
  /** Registers hooks that do nothing: for a file whose tests are all skipped on this machine. */
  skip?: boolean;
}

/** The file's sandbox backend. Its fields are there inside tests and the hooks registered after it. */
export interface SandboxBackendHook<S> extends Commands {
  readonly env: SandboxBackend;
  /** What the `setup` option returned. */
  readonly setup: S;
}

/** Registers the file's beforeAll and afterAll; call it once, at the top level of a test file. */
export function useSandboxBackend<S = undefined>(options: SandboxBackendHookOptions<S>): SandboxBackendHook<S> {
  let env: SandboxBackend | undefined;
  let setup: { value: S } | undefined;
  const started = () => {
    if (!env) throw new Error('The sandbox is not started: use it inside tests, after its beforeAll.');
    return env;
  };
  const commands = backendCommands(() => started().backend.handlers);

  beforeAll(async () => {
    if (options.skip) return;
    // Set before setup runs, so that afterAll stops the sandbox even when setup fails.
    env = await startSandboxBackend(options.sandbox);
    setup = { value: (await options.setup?.(env, commands)) as S };
  }, options.timeoutMs);

  afterAll(async () => {
    await env?.stop();
  });

  return {
    ...commands,
    get env() {
      return started();
    },
    get setup() {
      if (!setup) throw new Error('The setup of this file has not run: use it inside tests, after its beforeAll.');
      return setup.value;
    },
  };
}
