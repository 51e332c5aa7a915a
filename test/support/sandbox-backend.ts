/** A real Kiln backend on a real local sandbox (moto + instance host), for integration and end-to-end tests. */
import { mkdtemp } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { EC2Client } from '@aws-sdk/client-ec2';
import type { ProbeLimits } from '../../electron/common/models';
import { createKilnBackend, type KilnBackend } from '../../electron/core/kiln-backend';
import type { ProfileContext } from '../../electron/core/profiles/profile-context';
import { createSandboxProfile, SANDBOX_REGIONS } from '../../electron/core/profiles/sandbox-profile';
import { startSandbox, type Sandbox } from '../../electron/core/sandbox/sandbox';
import { createMemorySecretStore, type SecretStore } from '../../electron/core/store/secret-store';
import { agentBundlePath } from './agent-bundle';
import { startAwsFaultProxy, type AwsFaultProxy } from './aws-fault-proxy';
import { sandboxClients, type SandboxClients } from './sandbox-clients';

export const REPO_ROOT = path.resolve(__dirname, '..', '..');

export interface SandboxBackendOptions {
  pendingSeconds?: number;
  /** Seconds a new image stays pending while its snapshots' progress rises. */
  imageSeconds?: number;
  /** Puts an AWS fault proxy between the backend and moto (the instance host keeps talking to moto directly). */
  proxy?: boolean;
  monitorIntervals?: { fastMs: number; slowMs: number };
  /** How often the backend reads every launch's recovery alarms; default the backend's own (5 minutes). */
  alarmWatchMs?: number;
  /** The sandbox Auto Scaling engine's evaluation period in seconds (default 10). */
  scalingSeconds?: number;
  /** Hours after its install a kept launch gets recovery alarms by itself; default the backend's own (1 day). */
  defaultAlarmsAfterHours?: number;
  /** Smaller probe limits than operators may set (a shortened clock for probe tests). */
  probeLimits?: ProbeLimits;
  /**
   * Regions whose instances the instance host runs; default all sandbox regions. Launches in the other sandbox
   * regions go through the whole launch flow but their user data never runs: cheap launches that stay waiting for
   * their agent.
   */
  hostRegions?: string[];
  log?: (message: string, error?: unknown) => void;
  /** More profiles beside the sandbox one, on the same endpoint (e.g. one that reaches agents like an AWS profile). */
  extraProfiles?: (endpoint: string) => ProfileContext[];
  /** As KILN_ARTIFACT_BASE_URL: artifacts come from this mirror and Kiln uploads nothing. */
  artifactBaseUrl?: string;
  /** Seconds one hour of a DLM policy's schedule lasts in the sandbox's stand-in; default the sandbox's own. */
  dlmSecondsPerHour?: number;
}

export interface SandboxBackend {
  sandbox: Sandbox;
  /** The current backend (a new object after `restart()`). */
  backend: KilnBackend;
  dataDir: string;
  secrets: SecretStore;
  /** Set when started with `proxy: true`. */
  proxy?: AwsFaultProxy;
  /** A client straight to moto (not through the proxy). */
  ec2(region?: string): EC2Client;
  /**
   * A client of any AWS service straight to moto (not through the proxy), with the sandbox's credentials; `stop()`
   * destroys it.
   */
  client: SandboxClients['client'];
  /**
   * Disposes the backend and creates a new one on the same data dir and secret store, as restarting the app does.
   * `beforeStart` runs in between (e.g. to edit what is on disk the way a crash would have left it).
   */
  restart(beforeStart?: () => Promise<void>): Promise<KilnBackend>;
  stop(): Promise<void>;
}

export async function startSandboxBackend(options: SandboxBackendOptions = {}): Promise<SandboxBackend> {
  const sandbox = await startSandbox({
    pendingSeconds: options.pendingSeconds ?? 2,
    imageSeconds: options.imageSeconds,
    regions: options.hostRegions ?? [...SANDBOX_REGIONS],
    moto: options.scalingSeconds === undefined ? undefined : { scalingSeconds: options.scalingSeconds },
    dlmSecondsPerHour: options.dlmSecondsPerHour,
  });
  const proxy = options.proxy ? await startAwsFaultProxy({ target: sandbox.endpoint }) : undefined;
  const endpoint = proxy?.endpoint ?? sandbox.endpoint;
  const dataDir = await mkdtemp(path.join(os.tmpdir(), 'kiln-data-'));
  const secrets = createMemorySecretStore();
  const assetsDir = path.join(REPO_ROOT, 'assets');
  const bundle = await agentBundlePath();
  const create = () =>
    createKilnBackend({
      dataDir,
      assetsDir,
      agentBundlePath: bundle,
      secrets,
      log: options.log ?? (() => undefined),
      loadProfiles: async () => [createSandboxProfile(endpoint), ...(options.extraProfiles?.(endpoint) ?? [])],
      monitorIntervals: options.monitorIntervals ?? { fastMs: 250, slowMs: 1_000 },
      artifactBaseUrl: options.artifactBaseUrl,
      alarmWatchMs: options.alarmWatchMs,
      defaultAlarmsAfterHours: options.defaultAlarmsAfterHours,
      probeLimits: options.probeLimits,
    });
  const clients = sandboxClients(sandbox.endpoint);
  const env: SandboxBackend = {
    sandbox,
    backend: await create(),
    dataDir,
    secrets,
    proxy,
    ec2(region = 'us-east-1') {
      return env.client(EC2Client, region);
    },
    client: clients.client,
    async restart(beforeStart) {
      env.backend.dispose();
      await beforeStart?.();
      env.backend = await create();
      return env.backend;
    },
    async stop() {
      env.backend.dispose();
      clients.destroy();
      await proxy?.close();
      await sandbox.stop();
    },
  };
  return env;
}
