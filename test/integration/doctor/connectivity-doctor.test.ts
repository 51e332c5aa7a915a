// The connectivity doctor on the sandbox: every check against real EC2 calls to moto, and the fix for an
// operator whose address changed (the rule moves to the new /32; the old one is gone). When revoking the old address
// is refused (AccessDenied, answered by a fault proxy in front of moto: moto does not enforce IAM per action here),
// the launch says so and the doctor reports the ports still open until they are closed.
import { mkdtemp } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import {
  AuthorizeSecurityGroupIngressCommand,
  DeleteRouteCommand,
  DescribeRouteTablesCommand,
  DescribeSecurityGroupsCommand,
  RevokeSecurityGroupIngressCommand,
} from '@aws-sdk/client-ec2';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createKilnBackend, type KilnBackend } from '../../../electron/core/kiln-backend';
import { createSandboxProfile, SANDBOX_PROFILE_ID } from '../../../electron/core/profiles/sandbox-profile';
import { createMemorySecretStore } from '../../../electron/core/store/secret-store';
import { agentBundlePath } from '../../support/agent-bundle';
import { backendCommands } from '../../support/backend-commands';
import { REPO_ROOT, startSandboxBackend, type SandboxBackend } from '../../support/sandbox-backend';
import { waitFor } from '../../support/wait';

let env: SandboxBackend;
let backend: KilnBackend;
let operatorCidr = '127.0.0.1/32';

beforeAll(async () => {
  env = await startSandboxBackend({ pendingSeconds: 1, proxy: true });
  const sandbox = createSandboxProfile(env.proxy!.endpoint);
  backend = await createKilnBackend({
    dataDir: await mkdtemp(path.join(os.tmpdir(), 'kiln-doctor-')),
    assetsDir: path.join(REPO_ROOT, 'assets'),
    agentBundlePath: await agentBundlePath(),
    secrets: createMemorySecretStore(),
    log: () => undefined,
    // The sandbox profile, but with an operator address the test can change (as when a laptop changes networks).
    loadProfiles: async () => [{ ...sandbox, operatorCidr: async () => operatorCidr }],
    monitorIntervals: { fastMs: 250, slowMs: 1_000 },
  });
}, 60_000);
afterAll(async () => {
  backend?.dispose();
  await env?.stop();
});

const { must } = backendCommands(() => backend.handlers);

describe('connectivity doctor', () => {
  it('finds a security group rule for an old address, moves it to the current one, and shows the console output', async () => {
    const launched = await must('launch.start', {
      spec: {
        profileId: SANDBOX_PROFILE_ID,
        region: 'us-east-1',
        name: 'doctor',
        imageId: 'ami-0ed094fb1304fd857',
        instanceType: 't3.micro',
        installScript: 'sleep 30',
        keepAgentOpen: true,
      },
    });
    await waitFor('running', async () => (await must('launch.list', {}))[0]?.instanceState === 'running', 20_000);

    const healthy = await must('launch.diagnose', { launchId: launched.id });
    expect(Object.fromEntries(healthy.checks.map((c) => [c.id, c.ok]))).toEqual({
      'public-ip': true,
      'security-group': true,
      route: true,
      'status-checks': true,
    });
    expect(healthy.operatorCidr).toBe('127.0.0.1/32');
    expect(healthy.consoleOutput).toBeTypeOf('string');

    operatorCidr = '198.51.100.7/32';
    const moved = await must('launch.diagnose', { launchId: launched.id });
    const rule = moved.checks.find((c) => c.id === 'security-group')!;
    expect(rule).toMatchObject({ ok: false, fix: 'update-agent-rule' });
    expect(rule.detail).toContain('198.51.100.7/32');
    expect(rule.detail).toContain('127.0.0.1/32');

    // SSH for the new address was already opened by hand: the agent rule must still move (a duplicate rule fails the
    // whole AuthorizeSecurityGroupIngress request it is part of).
    await env.ec2().send(
      new AuthorizeSecurityGroupIngressCommand({
        GroupId: launched.securityGroupId!,
        IpPermissions: [{ IpProtocol: 'tcp', FromPort: 22, ToPort: 22, IpRanges: [{ CidrIp: '198.51.100.7/32' }] }],
      }),
    );
    const updated = await must('launch.updateAgentRule', { launchId: launched.id });
    expect(updated.operatorCidr).toBe('198.51.100.7/32');
    const group = await env.ec2().send(new DescribeSecurityGroupsCommand({ GroupIds: [launched.securityGroupId!] }));
    const cidrs = group.SecurityGroups![0].IpPermissions!.map((p) => [p.FromPort, p.IpRanges!.map((r) => r.CidrIp)]);
    expect(cidrs.sort()).toEqual(
      [
        [22, ['198.51.100.7/32']],
        [8443, ['198.51.100.7/32']],
      ].sort(),
    );
    expect((await must('launch.diagnose', { launchId: launched.id })).checks.every((c) => c.ok)).toBe(true);

    // A subnet without a way out: the default route removed from the main route table.
    const ec2 = env.ec2();
    const tables = await ec2.send(new DescribeRouteTablesCommand({}));
    for (const table of (tables.RouteTables ?? []).filter((t) =>
      t.Routes?.some((r) => r.DestinationCidrBlock === '0.0.0.0/0'),
    ))
      await ec2.send(new DeleteRouteCommand({ RouteTableId: table.RouteTableId, DestinationCidrBlock: '0.0.0.0/0' }));
    const isolated = (await must('launch.diagnose', { launchId: launched.id })).checks.find((c) => c.id === 'route')!;
    expect(isolated).toMatchObject({ ok: false, title: 'The subnet has no route to an internet gateway' });
    expect(isolated.remedy).toMatch(/internet gateway/);
    await must('launch.terminate', { launchId: launched.id });
  });
  it('says on the launch when the old address could not be closed, and the doctor reports it until it is', async () => {
    operatorCidr = '127.0.0.1/32';
    const launched = await must('launch.start', {
      spec: {
        profileId: SANDBOX_PROFILE_ID,
        region: 'us-east-1',
        name: 'doctor-left-open',
        imageId: 'ami-0ed094fb1304fd857',
        instanceType: 't3.micro',
        installScript: 'sleep 30',
        keepAgentOpen: true,
      },
    });
    const groupId = launched.securityGroupId!;
    await waitFor(
      'running',
      async () => (await must('launch.list', {})).find((r) => r.id === launched.id)?.instanceState === 'running',
      20_000,
    );

    env.proxy!.throttle('RevokeSecurityGroupIngress', {
      fraction: 1,
      error: {
        status: 403,
        code: 'UnauthorizedOperation',
        message: 'You are not authorized to perform this operation.',
      },
    });
    operatorCidr = '203.0.113.50/32';
    const updated = await must('launch.updateAgentRule', { launchId: launched.id });
    env.proxy!.stopThrottling('RevokeSecurityGroupIngress');
    expect(updated.operatorCidr).toBe('203.0.113.50/32');
    expect(updated.leftOpen?.map(({ at: _at, ...entry }) => entry)).toEqual([
      { groupId, cidr: '127.0.0.1/32', ports: [22, 8443], errorCode: 'UnauthorizedOperation' },
    ]);
    const warning = updated.warnings?.find((w) => w.code === 'OldAddressStillOpen');
    expect(warning?.message).toContain('port 22, 8443 to 127.0.0.1/32');
    expect(warning?.message).toContain('UnauthorizedOperation');
    expect(warning?.remedy).toMatch(/EC2 console/);
    // Kept across a reload of the list, as the launch page reads it.
    expect((await must('launch.list', {})).find((r) => r.id === launched.id)?.warnings).toContainEqual(warning);

    const open = await must('launch.diagnose', { launchId: launched.id });
    expect(open.checks.find((c) => c.id === 'old-address')).toMatchObject({
      ok: false,
      title: 'Ports are still open to an old address of yours',
      detail: 'port 22 to 127.0.0.1/32; port 8443 to 127.0.0.1/32: Kiln could not revoke them (UnauthorizedOperation).',
    });
    expect(open.checks.find((c) => c.id === 'security-group')?.ok).toBe(true);

    // Closed by hand: the doctor sees it in the group.
    await env.ec2().send(
      new RevokeSecurityGroupIngressCommand({
        GroupId: groupId,
        IpPermissions: [22, 8443].map((port) => ({
          IpProtocol: 'tcp',
          FromPort: port,
          ToPort: port,
          IpRanges: [{ CidrIp: '127.0.0.1/32' }],
        })),
      }),
    );
    const closed = await must('launch.diagnose', { launchId: launched.id });
    expect(closed.checks.find((c) => c.id === 'old-address')).toMatchObject({ ok: true });
    await must('launch.terminate', { launchId: launched.id });
  });
});
