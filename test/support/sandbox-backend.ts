/** A real Kiln backend on a real local sandbox (moto + instance host), for integration and end-to-end tests. */
import { mkdtemp } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { EC2Client } from '@aws-sdk/client-ec2';
import { createKilnBackend, type KilnBackend } from '../../electron/core/kiln-backend';
import { createSandboxProfile, SANDBOX_REGIONS } from '../../electron/core/profiles/sandbox-profile';
import { SANDBOX_CREDENTIALS } from '../../electron/core/sandbox/address';
import { startSandbox, type Sandbox } from '../../electron/core/sandbox/sandbox';
import { createMemorySecretStore } from '../../electron/core/store/secret-store';
import { agentBundlePath } from './agent-bundle';

export const REPO_ROOT = path.resolve(__dirname, '..', '..');

export interface SandboxBackend {
  sandbox: Sandbox;
  backend: KilnBackend;
  dataDir: string;
  ec2(region?: string): EC2Client;
  stop(): Promise<void>;
}

export async function startSandboxBackend(options: { pendingSeconds?: number } = {}): Promise<SandboxBackend> {
  const sandbox = await startSandbox({ pendingSeconds: options.pendingSeconds ?? 2, regions: [...SANDBOX_REGIONS] });
  const dataDir = await mkdtemp(path.join(os.tmpdir(), 'kiln-data-'));
  const backend = await createKilnBackend({
    dataDir,
    assetsDir: path.join(REPO_ROOT, 'assets'),
    agentBundlePath: await agentBundlePath(),
    secrets: createMemorySecretStore(),
    log: () => undefined,
    loadProfiles: async () => [createSandboxProfile(sandbox.endpoint)],
    monitorIntervals: { fastMs: 250, slowMs: 1_000 },
  });
  const clients: EC2Client[] = [];
  return {
    sandbox,
    backend,
    dataDir,
    ec2(region = 'us-east-1') {
      const client = new EC2Client({ region, endpoint: sandbox.endpoint, credentials: { ...SANDBOX_CREDENTIALS } });
      clients.push(client);
      return client;
    },
    async stop() {
      backend.dispose();
      for (const client of clients) client.destroy();
      await sandbox.stop();
    },
  };
}
