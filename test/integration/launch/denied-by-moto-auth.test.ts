// A denied action with moto's own IAM enforcement: an IAM user whose policy allows everything but ec2:RunInstances.
// moto answers the RunInstances DryRun with 403 AccessDenied and no encoded authorization message (real EC2 sends
// UnauthorizedOperation with one; that shape and its STS decoding are proven in preflight-refusals.test.ts through the
// fault proxy). The IAM user is made with raw Query requests: the repository has no IAM client, and moto does not
// check signatures until auth is switched on.
import { mkdtemp } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { DescribeInstancesCommand, DescribeSecurityGroupsCommand, EC2Client } from '@aws-sdk/client-ec2';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { dispatchCommand } from '../../../electron/common/dispatch';
import { createKilnBackend, type KilnBackend } from '../../../electron/core/kiln-backend';
import type { ProfileContext } from '../../../electron/core/profiles/profile-context';
import { createSandboxProfile, SANDBOX_PROFILE_ID } from '../../../electron/core/profiles/sandbox-profile';
import { startSandbox, type Sandbox } from '../../../electron/core/sandbox/sandbox';
import { createMemorySecretStore } from '../../../electron/core/store/secret-store';
import { agentBundlePath } from '../../support/agent-bundle';
import { REPO_ROOT } from '../../support/sandbox-backend';

let sandbox: Sandbox;
let backend: KilnBackend;
let keys: { accessKeyId: string; secretAccessKey: string };

/** One IAM Query call to moto, unsigned (moto routes it by the credential scope of the Authorization header). */
async function iam(params: Record<string, string>): Promise<string> {
  const response = await fetch(sandbox.endpoint, {
    method: 'POST',
    headers: {
      'content-type': 'application/x-www-form-urlencoded',
      authorization:
        'AWS4-HMAC-SHA256 Credential=testing/20260101/us-east-1/iam/aws4_request, SignedHeaders=host, Signature=0',
    },
    body: new URLSearchParams({ Version: '2010-05-08', ...params }).toString(),
  });
  const text = await response.text();
  if (!response.ok) throw new Error(`IAM ${params.Action} failed: ${text}`);
  return text;
}

beforeAll(async () => {
  sandbox = await startSandbox({ pendingSeconds: 0, regions: ['us-east-1'] });
  await iam({ Action: 'CreateUser', UserName: 'builder' });
  await iam({
    Action: 'PutUserPolicy',
    UserName: 'builder',
    PolicyName: 'no-launch',
    PolicyDocument: JSON.stringify({
      Version: '2012-10-17',
      Statement: [
        { Effect: 'Allow', Action: '*', Resource: '*' },
        { Effect: 'Deny', Action: 'ec2:RunInstances', Resource: '*' },
      ],
    }),
  });
  const created = await iam({ Action: 'CreateAccessKey', UserName: 'builder' });
  keys = {
    accessKeyId: /<AccessKeyId>([^<]+)<\/AccessKeyId>/.exec(created)![1],
    secretAccessKey: /<SecretAccessKey>([^<]+)<\/SecretAccessKey>/.exec(created)![1],
  };
  const auth = await fetch(`${sandbox.endpoint}/moto-api/reset-auth`, {
    method: 'POST',
    headers: { 'content-type': 'text/plain' },
    body: '0',
  });
  expect(auth.ok).toBe(true);
  const base = createSandboxProfile(sandbox.endpoint, ['us-east-1']);
  const builder: ProfileContext = {
    ...base,
    clientConfig: (region) => ({ ...base.clientConfig(region), credentials: keys }),
  };
  backend = await createKilnBackend({
    dataDir: await mkdtemp(path.join(os.tmpdir(), 'kiln-denied-')),
    assetsDir: path.join(REPO_ROOT, 'assets'),
    agentBundlePath: await agentBundlePath(),
    secrets: createMemorySecretStore(),
    log: () => undefined,
    loadProfiles: async () => [builder],
  });
}, 60_000);
afterAll(async () => {
  backend?.dispose();
  await sandbox?.stop();
});

describe('a denied RunInstances under moto IAM auth', () => {
  it('is refused at the DryRun with the action named, and nothing is created', async () => {
    const result = await dispatchCommand(
      backend.handlers,
      'launch.start',
      {
        spec: {
          profileId: SANDBOX_PROFILE_ID,
          region: 'us-east-1',
          name: 'denied',
          imageId: 'ami-0ed094fb1304fd857',
          instanceType: 't3.micro',
          installScript: 'echo hello',
        },
      },
      (e) => console.error(e),
    );
    expect(result).toMatchObject({ ok: false, error: { code: 'UnauthorizedOperation' } });
    if (!result.ok) {
      expect(result.error.message).toContain('ec2:RunInstances');
      expect(result.error.message).toContain('user/builder is not authorized to perform: ec2:RunInstances');
      expect(result.error.remedy).toContain('allow ec2:RunInstances');
    }
    const ec2 = new EC2Client({ region: 'us-east-1', endpoint: sandbox.endpoint, credentials: keys });
    try {
      const instances = await ec2.send(new DescribeInstancesCommand({}));
      expect(instances.Reservations ?? []).toEqual([]);
      const groups = await ec2.send(
        new DescribeSecurityGroupsCommand({ Filters: [{ Name: 'tag-key', Values: ['kiln:launch-id'] }] }),
      );
      expect(groups.SecurityGroups ?? []).toEqual([]);
    } finally {
      ec2.destroy();
    }
  }, 60_000);
});
