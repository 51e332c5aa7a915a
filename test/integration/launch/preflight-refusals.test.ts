// Bad launch inputs on the sandbox, through the backend handlers and the real SDK to moto: each one gives its own
// message (with the field it is about) and creates nothing (no instance, security group, key pair or artifact).
// What moto cannot produce is answered by the AWS fault proxy in front of it, with the shape AWS uses:
// - expired credentials (moto has no session expiry): 400 ExpiredToken;
// - UnauthorizedOperation with an encoded authorization message, and STS DecodeAuthorizationMessage (moto's IAM
//   auth answers AccessDenied without an encoded message, and moto has no DecodeAuthorizationMessage).
import { execFileSync } from 'node:child_process';
import { mkdtemp } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import {
  CreateSecurityGroupCommand,
  CreateSubnetCommand,
  CreateVpcCommand,
  DescribeInstancesCommand,
  DescribeKeyPairsCommand,
  DescribeSecurityGroupsCommand,
  ImportKeyPairCommand,
  type EC2Client,
} from '@aws-sdk/client-ec2';
import { ListBucketsCommand, ListObjectsV2Command, S3Client } from '@aws-sdk/client-s3';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { SCRIPT_ARTIFACT_LIMIT_BYTES, type LaunchSpecInput } from '../../../electron/common/models';
import { createSandboxProfile, SANDBOX_PROFILE_ID } from '../../../electron/core/profiles/sandbox-profile';
import { SANDBOX_CREDENTIALS } from '../../../electron/core/sandbox/address';
import { startSandboxBackend, type SandboxBackend } from '../../support/sandbox-backend';
import { backendCommands } from '../../support/backend-commands';

const AL2023 = 'ami-0ed094fb1304fd857';
const ENCODED = 'AbCdEf0123-encoded_authorization_message';
const PUBLIC_IP_PROFILE = 'public-ip-profile';
let env: SandboxBackend;
let ec2: EC2Client;
let s3: S3Client;
let dir: string;
let otherVpc: { vpcId: string; subnetId: string; groupId: string; emptyVpcId: string };
let ed25519PublicKey: string;
/** One of the old Windows AMIs moto knows (it has no Windows Server 2022). */
const WINDOWS_AMI = 'ami-b7e93bce';

const { call } = backendCommands(() => env.backend.handlers);
const spec = (overrides: Partial<LaunchSpecInput> = {}): LaunchSpecInput => ({
  profileId: SANDBOX_PROFILE_ID,
  region: 'us-east-1',
  name: 'refused',
  imageId: AL2023,
  instanceType: 't3.micro',
  installScript: 'echo hello',
  ...overrides,
});

/** Everything a launch could have left behind. */
async function inventory() {
  const filter = [{ Name: 'tag-key', Values: ['kiln:launch-id'] }];
  const groups = await ec2.send(new DescribeSecurityGroupsCommand({ Filters: filter }));
  const instances = await ec2.send(new DescribeInstancesCommand({}));
  const keys = await ec2.send(new DescribeKeyPairsCommand({}));
  const buckets = (await s3.send(new ListBucketsCommand({}))).Buckets ?? [];
  let objects = 0;
  for (const bucket of buckets)
    objects += (await s3.send(new ListObjectsV2Command({ Bucket: bucket.Name! }))).KeyCount ?? 0;
  return {
    groups: groups.SecurityGroups?.length ?? 0,
    instances: instances.Reservations?.flatMap((r) => r.Instances ?? []).length ?? 0,
    keys: (keys.KeyPairs ?? []).map((k) => k.KeyName).sort(),
    objects,
  };
}
/** RunInstances requests that were not DryRun: a refused launch must send none. */
const realRunInstances = () =>
  env.proxy!.requests.filter((r) => r.action === 'RunInstances' && r.params.get('DryRun') !== 'true').length;

const stsXml = (inner: string) => `<?xml version="1.0" encoding="UTF-8"?>\n${inner}`;
const DECODED = JSON.stringify({
  allowed: false,
  explicitDeny: true,
  matchedStatements: { items: [] },
  failures: { items: [] },
  context: {
    principal: { id: 'AIDAEXAMPLE', arn: 'arn:aws:iam::123456789012:user/builder' },
    action: 'ec2:RunInstances',
    resource: 'arn:aws:ec2:us-east-1:123456789012:instance/*',
    conditions: { items: [] },
  },
});
const DECODE_ANSWER = stsXml(
  '<DecodeAuthorizationMessageResponse xmlns="https://sts.amazonaws.com/doc/2011-06-15/"><DecodeAuthorizationMessageResult>' +
    `<DecodedMessage>${DECODED}</DecodedMessage></DecodeAuthorizationMessageResult>` +
    '<ResponseMetadata><RequestId>kiln-proxy-decode</RequestId></ResponseMetadata></DecodeAuthorizationMessageResponse>',
);
const DECODE_DENIED = stsXml(
  '<ErrorResponse xmlns="https://sts.amazonaws.com/doc/2011-06-15/"><Error><Type>Sender</Type><Code>AccessDenied</Code>' +
    '<Message>User: arn:aws:iam::123456789012:user/builder is not authorized to perform: sts:DecodeAuthorizationMessage</Message>' +
    '</Error><RequestId>kiln-proxy-decode</RequestId></ErrorResponse>',
);
const UNAUTHORIZED = {
  status: 403,
  code: 'UnauthorizedOperation',
  message: `You are not authorized to perform this operation. Encoded authorization failure message: ${ENCODED}`,
};

beforeAll(async () => {
  env = await startSandboxBackend({
    proxy: true,
    pendingSeconds: 1,
    hostRegions: ['us-east-1'],
    // Reaches agents over the instance's public IP, as an AWS profile does (the sandbox profile maps them to loopback).
    extraProfiles: (endpoint) => {
      const sandbox = createSandboxProfile(endpoint);
      return [
        {
          ...sandbox,
          profile: { ...sandbox.profile, id: PUBLIC_IP_PROFILE },
          agentAddress: ({ publicIp }) => publicIp,
        },
      ];
    },
  });
  ec2 = env.ec2();
  s3 = new S3Client({
    region: 'us-east-1',
    endpoint: env.sandbox.endpoint,
    forcePathStyle: true,
    credentials: { ...SANDBOX_CREDENTIALS },
  });
  dir = await mkdtemp(path.join(os.tmpdir(), 'kiln-refusals-'));
  const vpcId = (await ec2.send(new CreateVpcCommand({ CidrBlock: '10.30.0.0/16' }))).Vpc!.VpcId!;
  const subnetId = (await ec2.send(new CreateSubnetCommand({ VpcId: vpcId, CidrBlock: '10.30.1.0/24' }))).Subnet!
    .SubnetId!;
  const groupId = (
    await ec2.send(new CreateSecurityGroupCommand({ GroupName: 'elsewhere', Description: 'other VPC', VpcId: vpcId }))
  ).GroupId!;
  const emptyVpcId = (await ec2.send(new CreateVpcCommand({ CidrBlock: '10.40.0.0/16' }))).Vpc!.VpcId!;
  otherVpc = { vpcId, subnetId, groupId, emptyVpcId };
  const keyFile = path.join(dir, 'taken');
  execFileSync('ssh-keygen', ['-q', '-t', 'ed25519', '-N', '', '-f', keyFile]);
  ed25519PublicKey = execFileSync('cat', [`${keyFile}.pub`])
    .toString()
    .trim();
  await ec2.send(new ImportKeyPairCommand({ KeyName: 'taken-key', PublicKeyMaterial: Buffer.from(ed25519PublicKey) }));
}, 60_000);
afterEach(() => env?.proxy?.stopThrottling());
afterAll(async () => {
  s3?.destroy();
  await env?.stop();
});

describe('a refused launch creates nothing', () => {
  it.each([
    [
      'a reserved tag key',
      () => spec({ tags: [{ key: 'kiln:owner', value: 'me' }] }),
      'InvalidInput',
      'spec.tags.0.key',
      /reserved by Kiln/,
    ],
    [
      'an AMI that does not exist',
      () => spec({ imageId: 'ami-00000000000000000' }),
      'InvalidAMIID.NotFound',
      'imageId',
      /does not exist/,
    ],
    [
      'a type not offered for the AMI architecture',
      () => spec({ instanceType: 't4g.micro' }),
      'InstanceTypeNotOffered',
      'instanceType',
      /not offered in us-east-1 for x86_64/,
    ],
    [
      'a volume smaller than the AMI',
      () => spec({ storage: { rootVolumeSizeGiB: 1 } }),
      'VolumeTooSmall',
      'storage.rootVolumeSizeGiB',
      /needs at least/,
    ],
    [
      'a malformed CIDR',
      () => spec({ network: { source: 'cidr', cidr: '10.0.0.300/32' } }),
      'InvalidInput',
      'spec.network.cidr',
      /IPv4 CIDR/,
    ],
    [
      '0.0.0.0/0 not confirmed',
      () => spec({ network: { source: 'cidr', cidr: '0.0.0.0/0' } }),
      'InvalidInput',
      'spec.network.confirmOpenToInternet',
      /whole internet/,
    ],
    [
      'a script over the 1 MiB artifact cap',
      () => spec({ installScript: 'x'.repeat(SCRIPT_ARTIFACT_LIMIT_BYTES + 1) }),
      'InstallScriptTooLarge',
      'installScript',
      /at most 1,048,576 bytes \(1 MiB\)/,
    ],
    [
      'a key name that is taken',
      () =>
        spec({ keyPair: { mode: 'create', name: 'taken-key', type: 'ed25519', savePath: path.join(dir, 'new-key') } }),
      'InvalidKeyPair.Duplicate',
      'keyPair.name',
      /already exists/,
    ],
    [
      'an existing ED25519 key pair for a Windows AMI',
      () => spec({ imageId: WINDOWS_AMI, keyPair: { mode: 'existing', name: 'taken-key' } }),
      'KeyTypeNotSupported',
      'keyPair.name',
      /need an RSA key pair/,
    ],
    [
      'an imported ED25519 key for a Windows AMI',
      () => spec({ imageId: WINDOWS_AMI, keyPair: { mode: 'import', name: 'win-key', publicKey: ed25519PublicKey } }),
      'KeyTypeNotSupported',
      'keyPair.publicKey',
      /need an RSA key pair/,
    ],
    [
      'a new ED25519 key pair for a Windows AMI',
      () =>
        spec({
          imageId: WINDOWS_AMI,
          keyPair: { mode: 'create', name: 'win-key', type: 'ed25519', savePath: path.join(dir, 'win-key') },
        }),
      'KeyTypeNotSupported',
      'keyPair.type',
      /need an RSA key pair/,
    ],
    [
      'a subnet of another VPC',
      () => spec({ network: { subnetId: otherVpc.subnetId } }),
      'InvalidSubnetID.NotFound',
      'network.subnetId',
      /is not in VPC vpc-/,
    ],
    [
      'a VPC without subnets',
      () => spec({ network: { vpcId: otherVpc.emptyVpcId } }),
      'NoSubnet',
      'network.subnetId',
      /has no subnet/,
    ],
    [
      'a VPC that does not exist',
      () => spec({ network: { vpcId: 'vpc-0123456789abcdef0' } }),
      'InvalidVpcID.NotFound',
      'network.vpcId',
      /does not exist/,
    ],
    [
      'no public IP where the agent link needs one',
      () => spec({ profileId: PUBLIC_IP_PROFILE, network: { publicIp: 'disable' } }),
      'NoPublicIp',
      'network.publicIp',
      /no public IP address/,
    ],
    [
      'a subnet without public IPs where the agent link needs one',
      () => spec({ profileId: PUBLIC_IP_PROFILE, network: { vpcId: otherVpc.vpcId } }),
      'NoPublicIp',
      'network.publicIp',
      /no public IP address/,
    ],
    [
      'a security group of another VPC',
      () => spec({ network: { securityGroupMode: 'existing', existingGroupIds: [otherVpc.groupId] } }),
      'InvalidGroup.NotFound',
      'network.existingGroupIds',
      /is not a security group of VPC/,
    ],
  ] as const)('refuses %s', async (_what, makeSpec, code, field, message) => {
    const before = await inventory();
    const runs = realRunInstances();
    const result = await call('launch.start', { spec: makeSpec() });
    expect(result.ok).toBe(false);
    if (!result.ok) {
      expect(result.error).toMatchObject({ code, field });
      expect(result.error.message).toMatch(message);
      expect(result.error.remedy).toBeTruthy();
    }
    expect(await inventory()).toEqual(before);
    expect(before).toMatchObject({ groups: 0, instances: 0, objects: 0 });
    expect(realRunInstances()).toBe(runs);
  });

  it('refuses expired credentials with a refresh remedy', async () => {
    env.proxy!.throttle('DescribeImages', {
      fraction: 1,
      error: { status: 400, code: 'ExpiredToken', message: 'The security token included in the request is expired' },
    });
    const before = await inventory();
    const result = await call('launch.start', { spec: spec() });
    expect(result).toMatchObject({
      ok: false,
      error: { code: 'ExpiredToken', message: 'The credentials of this profile have expired.' },
    });
    if (!result.ok) expect(result.error.remedy).toMatch(/Refresh the credentials/);
    expect(await inventory()).toEqual(before);
  });

  it('DryRuns RunInstances with the real parameters and names the denied action and resource, decoded through STS', async () => {
    env.proxy!.throttle('RunInstances', { fraction: 1, error: UNAUTHORIZED });
    env.proxy!.throttle('DecodeAuthorizationMessage', { fraction: 1, reply: { status: 200, body: DECODE_ANSWER } });
    const before = await inventory();
    const runs = realRunInstances();
    const since = Date.now();
    const result = await call('launch.start', { spec: spec({ tags: [{ key: 'team', value: 'platform' }] }) });
    expect(result).toMatchObject({ ok: false, error: { code: 'UnauthorizedOperation' } });
    if (!result.ok) {
      expect(result.error.message).toContain('ec2:RunInstances on arn:aws:ec2:us-east-1:123456789012:instance/*');
      expect(result.error.message).toContain('explicit Deny');
      expect(result.error.message).not.toContain(ENCODED);
    }
    const dryRun = env.proxy!.requests.find((r) => r.action === 'RunInstances' && r.at >= since)!;
    expect(dryRun.params.get('DryRun')).toBe('true');
    expect(dryRun.params.get('ImageId')).toBe(AL2023);
    expect(dryRun.params.get('InstanceType')).toBe('t3.micro');
    expect(Buffer.from(dryRun.params.get('UserData')!, 'base64').toString('utf8')).toContain('echo hello');
    const decode = env.proxy!.requests.find((r) => r.action === 'DecodeAuthorizationMessage' && r.at >= since)!;
    expect(decode.params.get('EncodedMessage')).toBe(ENCODED);
    expect(await inventory()).toEqual(before);
    expect(realRunInstances()).toBe(runs);
  });

  it('says so when decoding the message is not permitted, and shows the raw action', async () => {
    env.proxy!.throttle('RunInstances', { fraction: 1, error: UNAUTHORIZED });
    env.proxy!.throttle('DecodeAuthorizationMessage', { fraction: 1, reply: { status: 403, body: DECODE_DENIED } });
    const before = await inventory();
    const result = await call('launch.start', { spec: spec() });
    expect(result).toMatchObject({ ok: false, error: { code: 'UnauthorizedOperation' } });
    if (!result.ok) {
      expect(result.error.message).toContain('ec2:RunInstances');
      expect(result.error.message).toMatch(/decoding them was refused: AccessDenied/);
      expect(result.error.remedy).toContain('sts:DecodeAuthorizationMessage');
    }
    expect(await inventory()).toEqual(before);
  });

  it('DryRuns the security group and the key pair import too', async () => {
    env.proxy!.throttle('ImportKeyPair', {
      fraction: 1,
      error: { ...UNAUTHORIZED, message: 'You are not authorized to perform this operation.' },
    });
    const before = await inventory();
    const since = Date.now();
    const result = await call('launch.start', {
      spec: spec({
        keyPair: { mode: 'create', name: 'fresh-key', type: 'ed25519', savePath: path.join(dir, 'fresh-key') },
      }),
    });
    expect(result).toMatchObject({ ok: false, error: { code: 'UnauthorizedOperation' } });
    if (!result.ok) expect(result.error.message).toContain('ec2:ImportKeyPair');
    const actions = env
      .proxy!.requests.filter((r) => r.at >= since && r.params.get('DryRun') === 'true')
      .map((r) => r.action);
    expect(actions).toEqual(['RunInstances', 'CreateSecurityGroup', 'ImportKeyPair']);
    expect(await inventory()).toEqual(before);
  });
});
