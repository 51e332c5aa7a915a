/**
 * What every composition root runs: the Local sandbox (started here, one already running, or none, and why), the
 * workstation's profiles, and the backend over them, with the app's files found under one root. The roots add only
 * what is theirs: a window and IPC, an HTTP server, a command line.
 */
import path from 'node:path';
import { createKilnBackend, type KilnBackend, type KilnBackendConfig } from './kiln-backend';
import { SANDBOX_REGIONS } from './profiles/sandbox-profile';
import { createWorkstationProfiles, type ProfileEnvironment } from './profiles/workstation-profiles';
import { startSandbox, type Sandbox, type SandboxOptions } from './sandbox/sandbox';

/** The environment variables Kiln honours; the composition root passes `process.env`. */
export interface KilnEnvironment extends ProfileEnvironment {
  /** Serve artifacts from this mirror instead of the per-account S3 bucket. */
  KILN_ARTIFACT_BASE_URL?: string;
  /** Where instances get Node.js from when their AMI has none new enough. */
  KILN_NODE_DIST_URL?: string;
}

/** The Local sandbox: start one now, use one running on its own (`npm run sandbox`), or offer none and say why. */
export type RuntimeSandbox =
  { start: Pick<SandboxOptions, 'pendingSeconds' | 'moto'> } | { endpoint: string } | { unavailableReason: string };

export interface KilnRuntimeOptions extends Pick<
  KilnBackendConfig,
  'secrets' | 'log' | 'storageProblems' | 'notices' | 'openSettingsFile'
> {
  /** The app's own files: `assets/` and the built `dist/agent/kiln-agent.cjs` are found under it. */
  appRoot: string;
  /** Kiln's per-user data directory (launch records, settings, the sandbox's run record). */
  dataDir: string;
  env: KilnEnvironment;
  homeDir: string;
  sandbox: RuntimeSandbox;
}

export interface KilnRuntime {
  backend: KilnBackend;
  /** The sandbox this runtime started; stop it after disposing the backend. Undefined when it started none. */
  sandbox?: Sandbox;
  /** What the Local sandbox profile points at: moto's endpoint, or why the profile is unavailable. */
  sandboxState: { endpoint: string } | { unavailableReason: string };
}

export async function createKilnRuntime(options: KilnRuntimeOptions): Promise<KilnRuntime> {
  const { sandbox, sandboxState } = await openSandbox(options);
  try {
    const backend = await createKilnBackend({
      dataDir: options.dataDir,
      assetsDir: path.join(options.appRoot, 'assets'),
      agentBundlePath: path.join(options.appRoot, 'dist', 'agent', 'kiln-agent.cjs'),
      secrets: options.secrets,
      storageProblems: options.storageProblems,
      notices: options.notices,
      openSettingsFile: options.openSettingsFile,
      artifactBaseUrl: options.env.KILN_ARTIFACT_BASE_URL || undefined,
      nodeDistUrl: options.env.KILN_NODE_DIST_URL || undefined,
      log: options.log,
      loadProfiles: createWorkstationProfiles({ env: options.env, homeDir: options.homeDir, sandbox: sandboxState }),
    });
    return { backend, sandbox, sandboxState };
  } catch (error) {
    // A backend that cannot start must not leave moto and the instance host running.
    await sandbox?.stop();
    throw error;
  }
}

async function openSandbox(options: KilnRuntimeOptions): Promise<Pick<KilnRuntime, 'sandbox' | 'sandboxState'>> {
  if (!('start' in options.sandbox)) return { sandboxState: options.sandbox };
  try {
    // A new, empty sandbox each time; the record lets the next start end what a killed run left behind.
    const sandbox = await startSandbox({
      ...options.sandbox.start,
      regions: [...SANDBOX_REGIONS],
      runRecordFile: path.join(options.dataDir, 'sandbox-run.json'),
      log: (message) => options.log(`sandbox: ${message}`),
    });
    return { sandbox, sandboxState: { endpoint: sandbox.endpoint } };
  } catch (error) {
    return { sandboxState: { unavailableReason: error instanceof Error ? error.message : String(error) } };
  }
}
