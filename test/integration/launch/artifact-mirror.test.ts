// Delivery from an operator's mirror instead of S3 (air-gapped networks): the bootstrap fetches the agent from
// the mirror and verifies its SHA-256; Kiln creates no bucket.
import { createHash } from 'node:crypto';
import { mkdtemp, readFile } from 'node:fs/promises';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { ListBucketsCommand, S3Client } from '@aws-sdk/client-s3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { dispatchCommand } from '../../../electron/common/dispatch';
import type { LaunchRecord } from '../../../electron/common/models';
import { createKilnBackend, type KilnBackend } from '../../../electron/core/kiln-backend';
import { createSandboxProfile, SANDBOX_PROFILE_ID } from '../../../electron/core/profiles/sandbox-profile';
import { SANDBOX_CREDENTIALS } from '../../../electron/core/sandbox/address';
import { createMemorySecretStore } from '../../../electron/core/store/secret-store';
import { agentBundlePath } from '../../support/agent-bundle';
import { REPO_ROOT, startSandboxBackend, type SandboxBackend } from '../../support/sandbox-backend';
import { waitFor } from '../../support/wait';

let env: SandboxBackend;
let backend: KilnBackend;
let mirror: Server;
const requests: string[] = [];

beforeAll(async () => {
  env = await startSandboxBackend({ pendingSeconds: 0 });
  const bundle = await readFile(await agentBundlePath());
  const sha = createHash('sha256').update(bundle).digest('hex');
  mirror = createServer((req, res) => {
    requests.push(req.url ?? '');
    if (req.url === `/kiln/artifacts/${sha}/kiln-agent.cjs`) res.end(bundle);
    else res.writeHead(404).end();
  });
  await new Promise<void>((resolve) => mirror.listen(0, '127.0.0.1', resolve));
  backend = await createKilnBackend({
    dataDir: await mkdtemp(path.join(os.tmpdir(), 'kiln-mirror-')),
    assetsDir: path.join(REPO_ROOT, 'assets'),
    agentBundlePath: await agentBundlePath(),
    secrets: createMemorySecretStore(),
    log: () => undefined,
    loadProfiles: async () => [createSandboxProfile(env.sandbox.endpoint)],
    monitorIntervals: { fastMs: 250, slowMs: 1_000 },
    artifactBaseUrl: `http://127.0.0.1:${(mirror.address() as AddressInfo).port}/kiln/`,
  });
}, 60_000);
afterAll(async () => {
  backend?.dispose();
  mirror?.close();
  await env?.stop();
});

describe('artifact mirror', () => {
  it('installs the agent from the mirror and creates no bucket', async () => {
    const spec = {
      profileId: SANDBOX_PROFILE_ID,
      region: 'us-east-1',
      name: 'mirror',
      imageId: 'ami-0ed094fb1304fd857',
      instanceType: 't3.micro',
      installScript: 'echo from the mirror',
    };
    const started = await dispatchCommand(backend.handlers, 'launch.start', { spec }, (e) => console.error(e));
    expect(started.ok).toBe(true);
    const id = (started as { value: LaunchRecord }).value.id;
    await waitFor(
      'success',
      async () => {
        const list = await dispatchCommand(backend.handlers, 'launch.list', {}, () => undefined);
        return list.ok && (list.value as LaunchRecord[]).find((r) => r.id === id)?.phase === 'succeeded';
      },
      40_000,
    );
    expect(requests).toHaveLength(1);
    expect(requests[0]).toMatch(/^\/kiln\/artifacts\/[0-9a-f]{64}\/kiln-agent\.cjs$/);
    const s3 = new S3Client({
      region: 'us-east-1',
      endpoint: env.sandbox.endpoint,
      forcePathStyle: true,
      credentials: { ...SANDBOX_CREDENTIALS },
    });
    expect((await s3.send(new ListBucketsCommand({}))).Buckets ?? []).toEqual([]);
    s3.destroy();
  });
});
