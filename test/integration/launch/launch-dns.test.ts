// A launch's DNS name on the sandbox (moto's Route 53): network.hostedZones lists every zone across pages; refusals
// (name outside the zone, name taken, public zone for an instance without a public IP, unknown zone) create no
// instance and no record; a launch gets an A record with its public IP (its private IP in a private zone), the record
// follows the new IP after a stop/start (moto gives a started instance a new public IP, as EC2 does), and terminate
// removes it, or leaves it, and says so, when someone changed it. Launches go to a region whose user data the instance
// host does not run: the DNS name needs only the instance and its address.
import {
  DescribeInstancesCommand,
  CreateVpcCommand,
  DescribeVpcsCommand,
  RunInstancesCommand,
  StartInstancesCommand,
  StopInstancesCommand,
  type EC2Client,
} from '@aws-sdk/client-ec2';
import {
  ChangeResourceRecordSetsCommand,
  CreateHostedZoneCommand,
  ListResourceRecordSetsCommand,
  Route53Client,
} from '@aws-sdk/client-route-53';
import { rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { LaunchRecord, LaunchSpecInput } from '../../../electron/common/models';
import { SANDBOX_PROFILE_ID } from '../../../electron/core/profiles/sandbox-profile';
import { SANDBOX_CREDENTIALS } from '../../../electron/core/sandbox/address';
import { recordFileContent } from '../../../electron/core/store/launch-store';
import { backendCommands } from '../../support/backend-commands';
import { startSandboxBackend, type SandboxBackend } from '../../support/sandbox-backend';
import { waitFor } from '../../support/wait';

const REGION = 'us-west-2';
let env: SandboxBackend;
let ec2: EC2Client;
let route53: Route53Client;
let publicZone = '';
let privateZone = '';
let otherVpcZone = '';
let imageId = '';
const { call, must } = backendCommands(() => env.backend.handlers);

const spec = (overrides: Partial<LaunchSpecInput> = {}): LaunchSpecInput => ({
  profileId: SANDBOX_PROFILE_ID,
  region: REGION,
  name: 'dns-launch',
  imageId,
  instanceType: 't3.micro',
  installScript: 'echo hi',
  network: { publicIp: 'enable' },
  dns: { hostedZoneId: publicZone, recordName: 'web.example.test' },
  ...overrides,
});

async function createZone(name: string, vpcId?: string): Promise<string> {
  const zone = await route53.send(
    new CreateHostedZoneCommand({
      Name: name,
      CallerReference: `${name}-${Date.now()}`,
      ...(vpcId && { VPC: { VPCRegion: REGION, VPCId: vpcId }, HostedZoneConfig: { PrivateZone: true } }),
    }),
  );
  return zone.HostedZone!.Id!.replace('/hostedzone/', '');
}

/** The values of the A record `name` in the zone (empty when there is none). */
async function aRecord(zoneId: string, name: string): Promise<string[]> {
  const out = await route53.send(new ListResourceRecordSetsCommand({ HostedZoneId: zoneId }));
  const set = out.ResourceRecordSets?.find((r) => r.Type === 'A' && r.Name?.replace(/\.$/, '') === name);
  return (set?.ResourceRecords ?? []).map((r) => r.Value!);
}

async function upsertRecord(zoneId: string, name: string, value: string) {
  await route53.send(
    new ChangeResourceRecordSetsCommand({
      HostedZoneId: zoneId,
      ChangeBatch: {
        Changes: [
          {
            Action: 'UPSERT',
            ResourceRecordSet: { Name: name, Type: 'A', TTL: 60, ResourceRecords: [{ Value: value }] },
          },
        ],
      },
    }),
  );
}

async function instance(instanceId: string) {
  return (await ec2.send(new DescribeInstancesCommand({ InstanceIds: [instanceId] }))).Reservations![0].Instances![0];
}

async function kilnInstanceCount(): Promise<number> {
  const out = await ec2.send(
    new DescribeInstancesCommand({ Filters: [{ Name: 'tag-key', Values: ['kiln:launch-id'] }] }),
  );
  return (out.Reservations ?? []).flatMap((r) => r.Instances ?? []).length;
}

const recordOf = async (id: string): Promise<LaunchRecord | undefined> =>
  (await must('launch.list', {})).find((r) => r.id === id);

async function inSync(id: string, zoneId: string, name: string, value: string) {
  await waitFor(
    `${name} in sync at ${value}`,
    async () => {
      const r = await recordOf(id);
      return r?.dns?.state === 'in-sync' && r.dns.value === value && (await aRecord(zoneId, name)).join() === value;
    },
    30_000,
    200,
  );
}

async function terminated(id: string): Promise<LaunchRecord> {
  await must('launch.terminate', { launchId: id });
  await waitFor(
    'terminate and cleanup',
    async () => {
      const r = await recordOf(id);
      return r?.phase === 'terminated' && r.securityGroupDeleted;
    },
    30_000,
    200,
  );
  return (await recordOf(id))!;
}

beforeAll(async () => {
  env = await startSandboxBackend({ pendingSeconds: 1, proxy: true, hostRegions: ['us-east-1'] });
  ec2 = env.ec2(REGION);
  const quickStart = await must('images.quickStart', { profileId: SANDBOX_PROFILE_ID, region: REGION });
  imageId = quickStart.find((i) => i.platform === 'linux' && i.architecture === 'x86_64')!.imageId;
  route53 = new Route53Client({
    region: 'us-east-1',
    endpoint: env.sandbox.endpoint,
    credentials: { ...SANDBOX_CREDENTIALS },
  });
  const vpcs = await ec2.send(new DescribeVpcsCommand({ Filters: [{ Name: 'is-default', Values: ['true'] }] }));
  publicZone = await createZone('example.test');
  privateZone = await createZone('internal.test', vpcs.Vpcs![0].VpcId);
  const other = await ec2.send(new CreateVpcCommand({ CidrBlock: '10.77.0.0/16' }));
  otherVpcZone = await createZone('elsewhere.internal', other.Vpc!.VpcId);
}, 60_000);
afterAll(async () => {
  route53?.destroy();
  await env?.stop();
});

describe('a launch with a DNS name', () => {
  it('refuses, creating no instance and no record, a name outside the zone, a taken name, a public zone without a public IP, and an unknown zone', async () => {
    await route53.send(
      new ChangeResourceRecordSetsCommand({
        HostedZoneId: publicZone,
        ChangeBatch: {
          Changes: [
            {
              Action: 'CREATE',
              ResourceRecordSet: {
                Name: 'taken.example.test',
                Type: 'A',
                TTL: 60,
                ResourceRecords: [{ Value: '192.0.2.1' }],
              },
            },
          ],
        },
      }),
    );
    const before = await kilnInstanceCount();
    const refusals = [];
    for (const input of [
      spec({ dns: { hostedZoneId: publicZone, recordName: 'web.elsewhere.test' } }),
      spec({ dns: { hostedZoneId: publicZone, recordName: 'taken.example.test' } }),
      spec({ network: { publicIp: 'disable' } }),
      spec({ dns: { hostedZoneId: 'ZNOSUCHZONE00', recordName: 'web.example.test' } }),
      spec({ dns: { hostedZoneId: otherVpcZone, recordName: 'db.elsewhere.internal' } }),
    ]) {
      const result = await call('launch.start', { spec: input });
      refusals.push(result.ok ? 'launched' : `${result.error.code} ${result.error.field}`);
    }
    expect(refusals).toEqual([
      'DnsNameOutsideZone dns.recordName',
      'DnsNameTaken dns.recordName',
      'DnsNeedsPublicIp dns.hostedZoneId',
      'NoSuchHostedZone dns.hostedZoneId',
      'DnsZoneNotInVpc dns.hostedZoneId',
    ]);
    expect(await kilnInstanceCount()).toBe(before);
    expect(await aRecord(publicZone, 'web.example.test')).toEqual([]);
    expect(await aRecord(publicZone, 'taken.example.test')).toEqual(['192.0.2.1']);
  });

  it('points the record at the public IP, takes it down while stopped, writes the new IP on start, and removes it on terminate', async () => {
    const launched = await must('launch.start', { spec: spec() });
    const first = await waitFor('a public IP', async () => (await instance(launched.instanceId!)).PublicIpAddress);
    await inSync(launched.id, publicZone, 'web.example.test', first);
    // The wizard's defaults (the last launch) leave the name out: it is this launch's now.
    const defaults = await must('wizard.defaults.get', { profileId: SANDBOX_PROFILE_ID });
    expect(defaults?.name).toBe('dns-launch');
    expect(defaults?.dns).toBeUndefined();
    const tags = (await instance(launched.instanceId!)).Tags ?? [];
    expect(tags.find((t) => t.Key === 'kiln:dns')?.Value).toBe(`${publicZone}/web.example.test`);

    await ec2.send(new StopInstancesCommand({ InstanceIds: [launched.instanceId!] }));
    // EC2 released the public IP: the name must not point at an address it may give to anyone.
    await waitFor('the record taken down', async () => (await recordOf(launched.id))?.dns?.state === 'parked', 20_000);
    expect(await aRecord(publicZone, 'web.example.test')).toEqual([]);
    await ec2.send(new StartInstancesCommand({ InstanceIds: [launched.instanceId!] }));
    const second = await waitFor('a new public IP', async () => (await instance(launched.instanceId!)).PublicIpAddress);
    expect(second).not.toBe(first);
    await inSync(launched.id, publicZone, 'web.example.test', second);

    const gone = await terminated(launched.id);
    await waitFor('the record deleted', async () => (await recordOf(launched.id))?.dns?.state === 'deleted', 20_000);
    expect(await aRecord(publicZone, 'web.example.test')).toEqual([]);
    expect(gone.error).toBeUndefined();
  });

  it('gives a private zone the private IP, and leaves a record someone changed, saying so', async () => {
    const launched = await must('launch.start', {
      spec: spec({
        network: { publicIp: 'disable' },
        dns: { hostedZoneId: privateZone, recordName: 'db.internal.test' },
      }),
    });
    const privateIp = (await instance(launched.instanceId!)).PrivateIpAddress!;
    await inSync(launched.id, privateZone, 'db.internal.test', privateIp);

    await route53.send(
      new ChangeResourceRecordSetsCommand({
        HostedZoneId: privateZone,
        ChangeBatch: {
          Changes: [
            {
              Action: 'UPSERT',
              ResourceRecordSet: {
                Name: 'db.internal.test',
                Type: 'A',
                TTL: 60,
                ResourceRecords: [{ Value: '10.9.9.9' }],
              },
            },
          ],
        },
      }),
    );
    await terminated(launched.id);
    await waitFor('the record kept', async () => (await recordOf(launched.id))?.dns?.state === 'kept');
    const kept = (await recordOf(launched.id))!;
    expect(kept.warnings?.map((w) => w.code)).toContain('DnsRecordKept');
    expect(await aRecord(privateZone, 'db.internal.test')).toEqual(['10.9.9.9']);
  });

  it('does not take back a name someone took while the instance was stopped: it is kept, and said so', async () => {
    const launched = await must('launch.start', {
      spec: spec({ dns: { hostedZoneId: publicZone, recordName: 'taken-while-stopped.example.test' } }),
    });
    const first = await waitFor('a public IP', async () => (await instance(launched.instanceId!)).PublicIpAddress);
    await inSync(launched.id, publicZone, 'taken-while-stopped.example.test', first);
    await ec2.send(new StopInstancesCommand({ InstanceIds: [launched.instanceId!] }));
    await waitFor('the record taken down', async () => (await recordOf(launched.id))?.dns?.state === 'parked', 20_000);
    await upsertRecord(publicZone, 'taken-while-stopped.example.test', '192.0.2.20');

    await ec2.send(new StartInstancesCommand({ InstanceIds: [launched.instanceId!] }));
    const kept = await waitFor('the record kept', async () => {
      const r = await recordOf(launched.id);
      return r?.dns?.state === 'kept' ? r : undefined;
    });
    expect(kept.warnings?.find((w) => w.code === 'DnsRecordKept')?.message).toContain('192.0.2.20');
    expect(await aRecord(publicZone, 'taken-while-stopped.example.test')).toEqual(['192.0.2.20']);
    await terminated(launched.id);
    expect(await aRecord(publicZone, 'taken-while-stopped.example.test')).toEqual(['192.0.2.20']);
  });

  it('does not move a record someone changed while the launch runs: it is kept, and said so', async () => {
    const launched = await must('launch.start', {
      spec: spec({ dns: { hostedZoneId: publicZone, recordName: 'taken-over.example.test' } }),
    });
    const first = await waitFor('a public IP', async () => (await instance(launched.instanceId!)).PublicIpAddress);
    await inSync(launched.id, publicZone, 'taken-over.example.test', first);
    await upsertRecord(publicZone, 'taken-over.example.test', '192.0.2.10');

    await ec2.send(new StopInstancesCommand({ InstanceIds: [launched.instanceId!] }));
    await waitFor('stopped', async () => (await instance(launched.instanceId!)).State?.Name === 'stopped', 20_000);
    await ec2.send(new StartInstancesCommand({ InstanceIds: [launched.instanceId!] }));
    const second = await waitFor('a new public IP', async () => (await instance(launched.instanceId!)).PublicIpAddress);
    expect(second).not.toBe(first);
    const kept = await waitFor('the record kept', async () => {
      const r = await recordOf(launched.id);
      return r?.dns?.state === 'kept' ? r : undefined;
    });
    expect(kept.warnings?.find((w) => w.code === 'DnsRecordKept')?.message).toContain('192.0.2.10');
    expect(await aRecord(publicZone, 'taken-over.example.test')).toEqual(['192.0.2.10']);
    await terminated(launched.id);
    expect(await aRecord(publicZone, 'taken-over.example.test')).toEqual(['192.0.2.10']);
  });

  it('removes the record of a launch whose instance AWS no longer knows (lost), so it points nowhere', async () => {
    const launched = await must('launch.start', {
      spec: spec({ dns: { hostedZoneId: publicZone, recordName: 'lost.example.test' } }),
    });
    const ip = await waitFor('a public IP', async () => (await instance(launched.instanceId!)).PublicIpAddress);
    await inSync(launched.id, publicZone, 'lost.example.test', ip);
    // As if the instance had been gone long enough for EC2 to forget it: the record names an instance AWS does not know.
    await env.restart(async () => {
      const saved = (await recordOf(launched.id))!;
      await writeFile(
        path.join(env.dataDir, 'launches', `${launched.id}.json`),
        recordFileContent({ ...saved, instanceId: 'i-0fffffffffffffff0' }),
      );
    });
    const lost = await waitFor(
      'the launch lost and its record removed',
      async () => {
        const r = await recordOf(launched.id);
        return r?.phase === 'lost' && r.dns?.state === 'deleted' ? r : undefined;
      },
      30_000,
    );
    expect(lost.dns?.error).toBeUndefined();
    expect(await aRecord(publicZone, 'lost.example.test')).toEqual([]);
  }, 60_000);
});

/** Route 53's answer when the identity may not change records (the fault proxy sends it instead of moto's). */
const DENIED = {
  status: 403,
  body:
    '<?xml version="1.0"?>\n<ErrorResponse xmlns="https://route53.amazonaws.com/doc/2013-04-01/"><Error><Type>Sender</Type>' +
    '<Code>AccessDenied</Code><Message>not authorized to perform route53:ChangeResourceRecordSets</Message></Error>' +
    '<RequestId>kiln-proxy</RequestId></ErrorResponse>',
};

describe('a launch whose record changes fail', () => {
  it('shows a failed write on the launch, and writes the new address when a restart gives one', async () => {
    env.proxy!.throttle('ChangeResourceRecordSets', { sequence: [true], reply: DENIED });
    const launched = await must('launch.start', {
      spec: spec({ dns: { hostedZoneId: publicZone, recordName: 'denied.example.test' } }),
    });
    await waitFor('the write failed', async () => (await recordOf(launched.id))?.dns?.state === 'failed', 30_000);
    expect((await recordOf(launched.id))!.dns!.error).toMatchObject({ code: 'AccessDenied' });
    expect(await aRecord(publicZone, 'denied.example.test')).toEqual([]);

    await ec2.send(new StopInstancesCommand({ InstanceIds: [launched.instanceId!] }));
    await waitFor('stopped', async () => (await instance(launched.instanceId!)).State?.Name === 'stopped', 20_000);
    await ec2.send(new StartInstancesCommand({ InstanceIds: [launched.instanceId!] }));
    const ip = await waitFor('a new public IP', async () => (await instance(launched.instanceId!)).PublicIpAddress);
    await inSync(launched.id, publicZone, 'denied.example.test', ip);
    await terminated(launched.id);
  }, 90_000);

  it('keeps a record it could not delete as a cleanup leftover, and Retry cleanup deletes it', async () => {
    const launched = await must('launch.start', {
      spec: spec({ dns: { hostedZoneId: publicZone, recordName: 'leftover.example.test' } }),
    });
    const ip = (await instance(launched.instanceId!)).PublicIpAddress!;
    await inSync(launched.id, publicZone, 'leftover.example.test', ip);

    env.proxy!.throttle('ChangeResourceRecordSets', { sequence: [true], reply: DENIED });
    await must('launch.terminate', { launchId: launched.id });
    const failed = await waitFor(
      'the cleanup to fail at the DNS record',
      async () => {
        const r = await recordOf(launched.id);
        return r?.phase === 'terminated' && r.error ? r : undefined;
      },
      30_000,
    );
    expect(failed.error).toMatchObject({ code: 'AccessDenied' });
    expect(failed.error!.remedy).toContain('the DNS record leftover.example.test');
    expect(failed.dns?.state).toBe('in-sync');
    // The rest of the cleanup went on: a Route 53 failure does not leave the security group behind.
    expect(failed.securityGroupDeleted).toBe(true);
    expect(await aRecord(publicZone, 'leftover.example.test')).toEqual([ip]);
    expect(await call('launch.forget', { launchId: launched.id })).toMatchObject({
      ok: false,
      error: { code: 'CleanupPending' },
    });

    const retried = await must('launch.retryCleanup', { launchId: launched.id });
    expect(retried.error).toBeUndefined();
    expect(retried.dns?.state).toBe('deleted');
    expect(await aRecord(publicZone, 'leftover.example.test')).toEqual([]);
  }, 90_000);
});

describe('a launch with a DNS name across a crash', () => {
  const recordFile = (id: string) => path.join(env.dataDir, 'launches', `${id}.json`);
  const upsert = (zoneId: string, name: string, value: string) =>
    route53.send(
      new ChangeResourceRecordSetsCommand({
        HostedZoneId: zoneId,
        ChangeBatch: {
          Changes: [
            {
              Action: 'UPSERT',
              ResourceRecordSet: { Name: name, Type: 'A', TTL: 60, ResourceRecords: [{ Value: value }] },
            },
          ],
        },
      }),
    );

  it('sends again a change a crash cut off, and deletes the record of a launch terminated before the crash cleaned up', async () => {
    const launched = await must('launch.start', {
      spec: spec({ dns: { hostedZoneId: publicZone, recordName: 'crash.example.test' } }),
    });
    const ip = (await instance(launched.instanceId!)).PublicIpAddress!;
    await inSync(launched.id, publicZone, 'crash.example.test', ip);

    // As a crash leaves it: Kiln saved "updating to <ip>", Route 53 still holds the address from before.
    await env.restart(async () => {
      await upsert(publicZone, 'crash.example.test', '192.0.2.77');
      const saved = (await recordOf(launched.id))!;
      const dns = { ...saved.dns!, state: 'updating' as const, value: ip, previousValue: '192.0.2.77' };
      await writeFile(recordFile(launched.id), recordFileContent({ ...saved, dns }));
    });
    await inSync(launched.id, publicZone, 'crash.example.test', ip);

    // Terminated, then a crash before the cleanup ran: the next start cleans up, the record too.
    await terminated(launched.id);
    await env.restart(async () => {
      await upsert(publicZone, 'crash.example.test', ip);
      const saved = (await recordOf(launched.id))!;
      await writeFile(
        recordFile(launched.id),
        recordFileContent({ ...saved, securityGroupDeleted: true, dns: { ...saved.dns!, state: 'in-sync' } }),
      );
    });
    await waitFor(
      'the record deleted after the restart',
      async () => (await recordOf(launched.id))?.dns?.state === 'deleted',
    );
    expect(await aRecord(publicZone, 'crash.example.test')).toEqual([]);
  }, 90_000);

  it('takes down, on import, the record of an instance stopped since, and writes the new address on start', async () => {
    const launched = await must('launch.start', {
      spec: spec({ dns: { hostedZoneId: publicZone, recordName: 'imported.example.test' } }),
    });
    const first = await waitFor('a public IP', async () => (await instance(launched.instanceId!)).PublicIpAddress);
    await inSync(launched.id, publicZone, 'imported.example.test', first);

    // A workstation that lost the launch while its instance was stopped: the record holds the released address.
    await env.restart(async () => {
      await ec2.send(new StopInstancesCommand({ InstanceIds: [launched.instanceId!] }));
      await waitFor('stopped', async () => (await instance(launched.instanceId!)).State?.Name === 'stopped', 20_000);
      await rm(recordFile(launched.id));
    });
    expect(await recordOf(launched.id)).toBeUndefined();
    expect(await aRecord(publicZone, 'imported.example.test')).toEqual([first]);
    const imported = (await must('launch.importFromAws', { profileId: SANDBOX_PROFILE_ID })).find(
      (r) => r.id === launched.id,
    );
    expect(imported?.dns).toMatchObject({ state: 'in-sync', value: first });
    await waitFor('the record taken down', async () => (await recordOf(launched.id))?.dns?.state === 'parked', 20_000);
    expect(await aRecord(publicZone, 'imported.example.test')).toEqual([]);

    await ec2.send(new StartInstancesCommand({ InstanceIds: [launched.instanceId!] }));
    const second = await waitFor('a new public IP', async () => (await instance(launched.instanceId!)).PublicIpAddress);
    await inSync(launched.id, publicZone, 'imported.example.test', second);
    expect((await recordOf(launched.id))!.warnings?.map((w) => w.code) ?? []).not.toContain('DnsRecordKept');
    expect((await recordOf(launched.id))!.securityGroupId).toMatch(/^sg-/);
    await terminated(launched.id);
  }, 90_000);

  it('says, on import, that a stopped instance’s record it could not read may still hold the released address', async () => {
    const launched = await must('launch.start', {
      spec: spec({ dns: { hostedZoneId: publicZone, recordName: 'unread.example.test' } }),
    });
    const first = await waitFor('a public IP', async () => (await instance(launched.instanceId!)).PublicIpAddress);
    await inSync(launched.id, publicZone, 'unread.example.test', first);
    await env.restart(async () => {
      await ec2.send(new StopInstancesCommand({ InstanceIds: [launched.instanceId!] }));
      await waitFor('stopped', async () => (await instance(launched.instanceId!)).State?.Name === 'stopped', 20_000);
      await rm(recordFile(launched.id));
    });
    env.proxy!.throttle('ListResourceRecordSets', { fraction: 1, reply: DENIED });
    const imported = (await must('launch.importFromAws', { profileId: SANDBOX_PROFILE_ID })).find(
      (r) => r.id === launched.id,
    );
    env.proxy!.stopThrottling('ListResourceRecordSets');
    expect(imported?.dns?.state).toBe('pending');
    expect(imported?.warnings).toContainEqual(
      expect.objectContaining({ code: 'DnsRecordNotRead', message: expect.stringContaining('unread.example.test') }),
    );
    await terminated(launched.id);
  }, 90_000);
});

describe('an orphaned instance with a DNS name on the Cleanup page', () => {
  /** An instance a lost launch left, tagged as Kiln tags it, with its A record (holding `value`, default its IP). */
  async function orphan(name: string, value?: string): Promise<string> {
    const run = await ec2.send(
      new RunInstancesCommand({
        ImageId: imageId,
        InstanceType: 't3.micro',
        MinCount: 1,
        MaxCount: 1,
        NetworkInterfaces: [{ DeviceIndex: 0, AssociatePublicIpAddress: true }],
        TagSpecifications: [
          {
            ResourceType: 'instance',
            Tags: [
              { Key: 'kiln:launch-id', Value: `lost-${name.split('.')[0]}` },
              { Key: 'kiln:created-by', Value: 'kiln' },
              { Key: 'kiln:dns', Value: `${publicZone}/${name}` },
            ],
          },
        ],
      }),
    );
    const instanceId = run.Instances![0].InstanceId!;
    const ip = await waitFor('a public IP', async () => (await instance(instanceId)).PublicIpAddress);
    await upsertRecord(publicZone, name, value ?? ip);
    return instanceId;
  }

  it('names the DNS name, and terminating the instance deletes its record, or leaves one that moved, saying so', async () => {
    const ours = await orphan('lost.example.test');
    const moved = await orphan('moved.example.test', '192.0.2.44');
    const listed = await must('orphans.list', { profileId: SANDBOX_PROFILE_ID });
    const row = listed.find((o) => o.id === ours)!;
    expect(row.detail).toContain('DNS name lost.example.test');

    const results = await must('orphans.clean', {
      profileId: SANDBOX_PROFILE_ID,
      items: [ours, moved].map((id) => ({ kind: 'instance' as const, id, region: REGION })),
    });
    expect(results.every((r) => r.ok)).toBe(true);
    expect(results[0].message).toContain('moved.example.test now points at 192.0.2.44, so Kiln left it.');
    expect(await aRecord(publicZone, 'lost.example.test')).toEqual([]);
    expect(await aRecord(publicZone, 'moved.example.test')).toEqual(['192.0.2.44']);
  }, 90_000);
});

describe('network.hostedZones', () => {
  it('lists every zone of the account across pages, with whether it is private and its record count', async () => {
    for (let i = 0; i < 101; i++) await createZone(`zone${String(i).padStart(3, '0')}.test`);
    const zones = await must('network.hostedZones', { profileId: SANDBOX_PROFILE_ID });
    expect(zones.length).toBeGreaterThanOrEqual(103);
    expect(zones.filter((z) => z.name.startsWith('zone')).length).toBe(101);
    expect(zones.find((z) => z.id === privateZone)).toMatchObject({ name: 'internal.test', private: true });
    expect(zones.find((z) => z.id === publicZone)).toMatchObject({ name: 'example.test', private: false });
    expect(zones.find((z) => z.id === publicZone)!.recordCount).toBeGreaterThanOrEqual(2);
  }, 60_000);
});
