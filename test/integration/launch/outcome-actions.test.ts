// The actions of a finished launch on the sandbox: its endpoints and status checks in the record, "Open HTTP and
// HTTPS to my IP" (rules in the launch's own group, gone with it on terminate), and Terminate of a protected
// instance (refused without the typed name, done with it after turning protection off).
import {
  DescribeInstanceAttributeCommand,
  DescribeInstancesCommand,
  DescribeSecurityGroupRulesCommand,
  DescribeSecurityGroupsCommand,
  ModifyInstanceAttributeCommand,
  type EC2Client,
} from '@aws-sdk/client-ec2';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { LaunchRecord, LaunchSpecInput } from '../../../electron/common/models';
import { SANDBOX_PROFILE_ID } from '../../../electron/core/profiles/sandbox-profile';
import { startSandboxBackend, type SandboxBackend } from '../../support/sandbox-backend';
import { backendCommands } from '../../support/backend-commands';
import { waitFor } from '../../support/wait';

let env: SandboxBackend;
let ec2: EC2Client;
beforeAll(async () => {
  env = await startSandboxBackend({ pendingSeconds: 1 });
  ec2 = env.ec2();
}, 60_000);
afterAll(async () => env?.stop());

const { call, must } = backendCommands(() => env.backend.handlers);
const spec = (name: string, extra: Partial<LaunchSpecInput> = {}): LaunchSpecInput => ({
  profileId: SANDBOX_PROFILE_ID,
  region: 'us-east-1',
  name,
  imageId: 'ami-0ed094fb1304fd857',
  instanceType: 't3.micro',
  installScript: 'echo installed',
  ...extra,
});
const recordOf = async (id: string) => (await must('launch.list', {})).find((r) => r.id === id)!;
const waitForRecord = (what: string, id: string, done: (r: LaunchRecord) => boolean) =>
  waitFor(
    what,
    async () => {
      const record = await recordOf(id);
      return done(record) ? record : undefined;
    },
    40_000,
  );
const instanceState = async (instanceId: string) =>
  (await ec2.send(new DescribeInstancesCommand({ InstanceIds: [instanceId] }))).Reservations![0].Instances![0].State
    ?.Name;
const groupGone = (groupId: string) =>
  expect(ec2.send(new DescribeSecurityGroupsCommand({ GroupIds: [groupId] }))).rejects.toMatchObject({
    name: 'InvalidGroup.NotFound',
  });

describe('a finished launch', () => {
  it('has endpoints and status checks, opens the web ports to the operator, and terminates a protected instance only with its typed name', async () => {
    const launched = await must('launch.start', { spec: spec('web-outcome') });
    const done = await waitForRecord(
      'success with status checks',
      launched.id,
      (r) => r.phase === 'succeeded' && r.statusChecks !== undefined,
    );
    expect(done.publicIp).toMatch(/^\d+\.\d+\.\d+\.\d+$/);
    expect(done.publicDnsName).toMatch(/amazonaws\.com$/);
    expect(done.statusChecks).toMatchObject({ system: 'ok', instance: 'ok' });

    // Open HTTP and HTTPS to my IP (the sandbox operator is 127.0.0.1/32); asking twice is harmless.
    const opened = await must('launch.openWebAccess', { launchId: launched.id });
    expect(opened.webAccess?.cidr).toBe('127.0.0.1/32');
    await must('launch.openWebAccess', { launchId: launched.id });
    const rules = await ec2.send(
      new DescribeSecurityGroupRulesCommand({ Filters: [{ Name: 'group-id', Values: [launched.securityGroupId!] }] }),
    );
    const web = (rules.SecurityGroupRules ?? []).filter(
      (r) => !r.IsEgress && (r.FromPort === 80 || r.FromPort === 443),
    );
    expect(web.map((r) => `${r.FromPort}:${r.CidrIpv4}`).sort()).toEqual(['443:127.0.0.1/32', '80:127.0.0.1/32']);
    for (const rule of web) expect(rule.Tags).toContainEqual({ Key: 'kiln:launch-id', Value: launched.id });

    // Termination protection turned on out of band (the EC2 console, or the launch's own setting).
    await ec2.send(
      new ModifyInstanceAttributeCommand({ InstanceId: launched.instanceId!, DisableApiTermination: { Value: true } }),
    );
    expect(await must('launch.terminationProtection', { launchId: launched.id })).toEqual({ protected: true });
    for (const confirmName of [undefined, 'web-outcom']) {
      const refused = await call(
        'launch.terminate',
        confirmName === undefined ? { launchId: launched.id } : { launchId: launched.id, confirmName },
      );
      expect(refused).toMatchObject({ ok: false, error: { code: 'TerminationProtected', field: 'confirmName' } });
    }
    expect(await instanceState(launched.instanceId!)).toBe('running');
    expect((await recordOf(launched.id)).phase).toBe('succeeded');

    await must('launch.terminate', { launchId: launched.id, confirmName: 'web-outcome' });
    const attribute = await ec2.send(
      new DescribeInstanceAttributeCommand({ InstanceId: launched.instanceId!, Attribute: 'disableApiTermination' }),
    );
    expect(attribute.DisableApiTermination?.Value).toBe(false);
    await waitForRecord(
      'terminated and cleaned up',
      launched.id,
      (r) => r.phase === 'terminated' && r.securityGroupDeleted,
    );
    expect(await instanceState(launched.instanceId!)).toBe('terminated');
    // The web rules lived in the launch's group, which cleanup deleted as always.
    await groupGone(launched.securityGroupId!);
  }, 90_000);

  it('asks for the typed name when the launch spec asked for termination protection', async () => {
    const launched = await must('launch.start', {
      spec: spec('protected-by-spec', { advanced: { terminationProtection: true } }),
    });
    await waitForRecord('running', launched.id, (r) => r.instanceState === 'running');
    expect(await must('launch.terminationProtection', { launchId: launched.id })).toEqual({ protected: true });
    expect(await call('launch.terminate', { launchId: launched.id })).toMatchObject({
      ok: false,
      error: { code: 'TerminationProtected' },
    });
    await must('launch.terminate', { launchId: launched.id, confirmName: 'protected-by-spec' });
    await waitForRecord(
      'terminated and cleaned up',
      launched.id,
      (r) => r.phase === 'terminated' && r.securityGroupDeleted,
    );
    await groupGone(launched.securityGroupId!);
  }, 60_000);

  it('terminates an unprotected instance without a typed name', async () => {
    const launched = await must('launch.start', { spec: spec('plain') });
    await waitForRecord('running', launched.id, (r) => r.instanceState === 'running');
    expect(await must('launch.terminationProtection', { launchId: launched.id })).toEqual({ protected: false });
    await must('launch.terminate', { launchId: launched.id });
    await waitForRecord('terminated', launched.id, (r) => r.phase === 'terminated' && r.securityGroupDeleted);
  }, 60_000);
});
