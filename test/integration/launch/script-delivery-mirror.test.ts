// With an artifact mirror (KILN_ARTIFACT_BASE_URL) Kiln uploads nothing, so an install script too large for user
// data cannot go to the artifact bucket: it is refused before anything is created, and the preview says so.
import { ListBucketsCommand, S3Client } from '@aws-sdk/client-s3';
import { DescribeInstancesCommand, DescribeSecurityGroupsCommand } from '@aws-sdk/client-ec2';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { LaunchSpecInput } from '../../../electron/common/models';
import { SANDBOX_PROFILE_ID } from '../../../electron/core/profiles/sandbox-profile';
import { SANDBOX_CREDENTIALS } from '../../../electron/core/sandbox/address';
import { startSandboxBackend, type SandboxBackend } from '../../support/sandbox-backend';
import { backendCommands } from '../../support/backend-commands';

let env: SandboxBackend;
let s3: S3Client;

const { call } = backendCommands(() => env.backend.handlers);
const spec = (installScript: string): LaunchSpecInput => ({
  profileId: SANDBOX_PROFILE_ID,
  region: 'us-east-1',
  name: 'mirrored',
  imageId: 'ami-0ed094fb1304fd857',
  instanceType: 't3.micro',
  installScript,
});

async function inventory() {
  const ec2 = env.ec2();
  const filter = [{ Name: 'tag-key', Values: ['kiln:launch-id'] }];
  const groups = (await ec2.send(new DescribeSecurityGroupsCommand({ Filters: filter }))).SecurityGroups ?? [];
  const instances = (await ec2.send(new DescribeInstancesCommand({ Filters: filter }))).Reservations ?? [];
  const buckets = (await s3.send(new ListBucketsCommand({}))).Buckets ?? [];
  return {
    groups: groups.length,
    instances: instances.length,
    buckets: buckets.length,
    records: env.backend.launches.list().length,
  };
}

beforeAll(async () => {
  // Port 9 (discard) on loopback: never contacted, since nothing is launched.
  env = await startSandboxBackend({ artifactBaseUrl: 'http://127.0.0.1:9/kiln/' });
  s3 = new S3Client({
    region: 'us-east-1',
    endpoint: env.sandbox.endpoint,
    forcePathStyle: true,
    credentials: { ...SANDBOX_CREDENTIALS },
  });
}, 60_000);
afterAll(async () => {
  s3?.destroy();
  await env?.stop();
});

describe('install script delivery with an artifact mirror', () => {
  it('refuses a script too large for user data, creating nothing, and says to shorten it or unset the mirror', async () => {
    const script = 'echo x\n'.repeat(3_000);
    const preview = await call('launch.preview', { spec: spec(script) });
    expect(preview.ok && preview.value.delivery).toMatchObject({
      mode: 'refused',
      code: 'InstallScriptTooLargeForMirror',
    });

    const before = await inventory();
    expect(before).toEqual({ groups: 0, instances: 0, buckets: 0, records: 0 });
    const result = await call('launch.start', { spec: spec(script) });
    expect(result).toMatchObject({
      ok: false,
      error: { code: 'InstallScriptTooLargeForMirror', field: 'installScript' },
    });
    if (!result.ok) {
      expect(result.error.message).toMatch(
        /EC2 accepts at most 16,384, and with an artifact mirror \(KILN_ARTIFACT_BASE_URL\) Kiln uploads nothing/,
      );
      expect(result.error.remedy).toMatch(
        /Shorten the script by at least [\d,]+ bytes, or unset KILN_ARTIFACT_BASE_URL/,
      );
    }
    expect(await inventory()).toEqual(before);
  });

  it('keeps a small script inline: the mirror only matters for scripts too large for user data', async () => {
    const preview = await call('launch.preview', { spec: spec('echo small') });
    expect(preview.ok && preview.value.delivery).toEqual({ mode: 'inline' });
  });
});
