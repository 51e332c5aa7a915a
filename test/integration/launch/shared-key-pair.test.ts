// A key pair Kiln created for one launch and that another live launch uses as "existing" (Launch again, the saved
// defaults) outlives its first launch on the sandbox, with a warning, and goes once the last user is terminated.
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { DescribeKeyPairsCommand, type EC2Client } from '@aws-sdk/client-ec2';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { LaunchRecord, LaunchSpecInput } from '../../../electron/common/models';
import { SANDBOX_PROFILE_ID } from '../../../electron/core/profiles/sandbox-profile';
import { startSandboxBackend, type SandboxBackend } from '../../support/sandbox-backend';
import { waitFor } from '../../support/wait';
import { backendCommands } from '../../support/backend-commands';

let env: SandboxBackend;
let ec2: EC2Client;
let dir: string;
beforeAll(async () => {
  env = await startSandboxBackend({ pendingSeconds: 1 });
  ec2 = env.ec2();
  dir = await mkdtemp(path.join(os.tmpdir(), 'kiln-shared-key-'));
}, 60_000);
afterAll(async () => {
  await env?.stop();
  if (dir) await rm(dir, { recursive: true, force: true });
});

const { must } = backendCommands(() => env.backend.handlers);
const spec = (name: string, keyPair: LaunchSpecInput['keyPair']): LaunchSpecInput => ({
  profileId: SANDBOX_PROFILE_ID,
  region: 'us-east-1',
  name,
  imageId: 'ami-0ed094fb1304fd857',
  instanceType: 't3.micro',
  installScript: 'echo installed',
  keyPair,
});
const waitForRecord = (what: string, id: string, done: (r: LaunchRecord) => boolean) =>
  waitFor(
    what,
    async () => {
      const record = (await must('launch.list', {})).find((r) => r.id === id)!;
      return done(record) ? record : undefined;
    },
    40_000,
  );
const keyExists = async (name: string) =>
  ((await ec2.send(new DescribeKeyPairsCommand({}))).KeyPairs ?? []).some((k) => k.KeyName === name);

describe('a key pair shared by launches', () => {
  it('is kept while another live launch uses it, and deleted after the last one', async () => {
    const first = await must('launch.start', {
      spec: spec('key-owner', {
        mode: 'create',
        name: 'kiln-shared-key',
        type: 'ed25519',
        savePath: path.join(dir, 'kiln-shared-key.pem'),
      }),
    });
    expect(first.keyPairName).toBe('kiln-shared-key');
    const again = await must('launch.start', { spec: spec('key-user', { mode: 'existing', name: 'kiln-shared-key' }) });
    await waitForRecord('running', again.id, (r) => r.instanceState === 'running');

    await must('launch.terminate', { launchId: first.id });
    const kept = await waitForRecord(
      'first terminated and cleaned up',
      first.id,
      (r) => r.phase === 'terminated' && r.securityGroupDeleted && r.warnings !== undefined,
    );
    expect(kept.keyPairDeleted).toBe(false);
    expect(kept.warnings).toContainEqual(
      expect.objectContaining({ code: 'KeyPairKept', message: expect.stringContaining('key-user') }),
    );
    expect(await keyExists('kiln-shared-key')).toBe(true);

    await must('launch.terminate', { launchId: again.id });
    const deleted = await waitForRecord('the kept key pair deleted', first.id, (r) => r.keyPairDeleted === true);
    expect(deleted.warnings ?? []).not.toContainEqual(expect.objectContaining({ code: 'KeyPairKept' }));
    expect(await keyExists('kiln-shared-key')).toBe(false);
  }, 90_000);
});
