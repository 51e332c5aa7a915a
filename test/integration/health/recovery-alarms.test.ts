// Recovery alarms on the sandbox (moto emulates CloudWatch): enabling creates the two alarms on the launch's
// instance with the right metric, dimension, threshold, action and tags; listing reads every launch's states with
// one DescribeAlarms per region (counted by the fault proxy in front of moto); a type EC2 cannot recover is refused
// before anything is created, and reboot-only is created only when asked; terminating deletes the alarms; an alarm
// whose launch is gone is an orphan on the cleanup page and is deleted there.
//
// moto's DescribeInstanceTypes says AutoRecoverySupported=false for m5d.large (as AWS does for types with instance
// store volumes), so the refusal is tested against moto's own answer, no stand-in needed.
import {
  CloudWatchClient,
  DescribeAlarmsCommand,
  ListTagsForResourceCommand,
  PutMetricAlarmCommand,
  SetAlarmStateCommand,
  type MetricAlarm,
} from '@aws-sdk/client-cloudwatch';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { LaunchRecord, LaunchSpecInput } from '../../../electron/common/models';
import { recoveryAlarmDefinitions } from '../../../electron/core/health/recovery-alarm-definitions';
import { SANDBOX_PROFILE_ID } from '../../../electron/core/profiles/sandbox-profile';
import { SANDBOX_CREDENTIALS } from '../../../electron/core/sandbox/address';
import { backendCommands } from '../../support/backend-commands';
import { startSandboxBackend, type SandboxBackend } from '../../support/sandbox-backend';
import { waitFor } from '../../support/wait';

let env: SandboxBackend;
const cloudwatch = new Map<string, CloudWatchClient>();
beforeAll(async () => {
  // Only us-east-1 runs user data: the us-west-2 launches are cheap ones that never reach their agent.
  env = await startSandboxBackend({ pendingSeconds: 1, proxy: true, hostRegions: ['us-east-1'] });
}, 90_000);
afterAll(async () => {
  for (const client of cloudwatch.values()) client.destroy();
  await env?.stop();
});

const { call, must } = backendCommands(() => env.backend.handlers);
/** A CloudWatch client straight to moto (not through the proxy, so it is not counted). */
function moto(region: string): CloudWatchClient {
  let client = cloudwatch.get(region);
  if (!client) {
    client = new CloudWatchClient({ region, endpoint: env.sandbox.endpoint, credentials: { ...SANDBOX_CREDENTIALS } });
    cloudwatch.set(region, client);
  }
  return client;
}
async function kilnAlarms(region: string): Promise<MetricAlarm[]> {
  return (await moto(region).send(new DescribeAlarmsCommand({ AlarmNamePrefix: 'kiln-' }))).MetricAlarms ?? [];
}
/** The sandbox's Amazon Linux 2023 (x86) in `region`: moto's AMI ids differ per region. */
async function al2023(region: string): Promise<string> {
  const images = await must('images.quickStart', { profileId: SANDBOX_PROFILE_ID, region });
  const image = images.find((i) => i.architecture === 'x86_64') ?? images[0];
  if (!image) throw new Error(`no quick-start AMI in ${region}`);
  return image.imageId;
}
const spec = async (name: string, region: string, instanceType = 't3.micro'): Promise<LaunchSpecInput> => ({
  profileId: SANDBOX_PROFILE_ID,
  region,
  name,
  imageId: await al2023(region),
  instanceType,
  installScript: 'echo installed',
});
const recordOf = async (id: string) => (await must('launch.list', {})).find((r) => r.id === id);
const waitForRecord = (what: string, id: string, done: (r: LaunchRecord) => boolean) =>
  waitFor(
    what,
    async () => {
      const record = await recordOf(id);
      return record && done(record) ? record : undefined;
    },
    60_000,
  );

describe('recovery alarms', () => {
  it('are created, listed, refused where recover cannot work, deleted on terminate, and swept as orphans', async () => {
    const east = await must('launch.start', { spec: await spec('alarm-east', 'us-east-1') });
    const west = await must('launch.start', { spec: await spec('alarm-west', 'us-west-2') });
    const noRecover = await must('launch.start', { spec: await spec('alarm-no-recover', 'us-west-2', 'm5d.large') });
    await waitForRecord('the east instance running', east.id, (r) => r.instanceState === 'running');

    // Enable: exactly the two alarms, on this instance, with the recover and reboot actions, tagged.
    const enabled = await must('health.alarms.enable', { launchId: east.id });
    expect(enabled.recoveryAlarms).toEqual([`kiln-${east.id}-recover`, `kiln-${east.id}-reboot`]);
    const created = await kilnAlarms('us-east-1');
    expect(created.map((a) => a.AlarmName).sort()).toEqual([`kiln-${east.id}-reboot`, `kiln-${east.id}-recover`]);
    const byMetric = new Map(created.map((a) => [a.MetricName, a]));
    for (const [metric, action] of [
      ['StatusCheckFailed_System', 'recover'],
      ['StatusCheckFailed_Instance', 'reboot'],
    ] as const) {
      expect(byMetric.get(metric)).toMatchObject({
        Namespace: 'AWS/EC2',
        Statistic: 'Maximum',
        Period: 60,
        EvaluationPeriods: 2,
        Threshold: 1,
        ComparisonOperator: 'GreaterThanOrEqualToThreshold',
        Dimensions: [{ Name: 'InstanceId', Value: east.instanceId }],
        AlarmActions: [`arn:aws:automate:us-east-1:ec2:${action}`],
      });
      const tags = await moto('us-east-1').send(
        new ListTagsForResourceCommand({ ResourceARN: byMetric.get(metric)?.AlarmArn }),
      );
      expect(tags.Tags).toEqual(
        expect.arrayContaining([
          { Key: 'kiln:launch-id', Value: east.id },
          { Key: 'kiln:created-by', Value: 'kiln' },
        ]),
      );
    }

    // A type without automatic recovery: refused, nothing created; reboot-only only when asked.
    const refused = await call('health.alarms.enable', { launchId: noRecover.id });
    expect(refused.ok).toBe(false);
    const refusal = refused.ok ? undefined : refused.error;
    expect(refusal?.code).toBe('RecoverUnsupported');
    expect(refusal?.message).toMatch(/m5d\.large does not support automatic recovery/);
    expect(await kilnAlarms('us-west-2')).toEqual([]);
    expect((await recordOf(noRecover.id))?.recoveryAlarms).toBeUndefined();
    const rebootOnly = await must('health.alarms.enable', { launchId: noRecover.id, rebootOnly: true });
    expect(rebootOnly.recoveryAlarms).toEqual([`kiln-${noRecover.id}-reboot`]);
    await must('health.alarms.enable', { launchId: west.id });
    expect((await kilnAlarms('us-west-2')).map((a) => a.AlarmName).sort()).toEqual(
      [`kiln-${noRecover.id}-reboot`, `kiln-${west.id}-reboot`, `kiln-${west.id}-recover`].sort(),
    );

    // List: the states of all three launches, one DescribeAlarms per region (two launches share us-west-2).
    await moto('us-west-2').send(
      new SetAlarmStateCommand({
        AlarmName: `kiln-${west.id}-reboot`,
        StateValue: 'ALARM',
        StateReason: 'instance check failed',
      }),
    );
    const since = Date.now();
    const listed = await must('health.alarms.list', { launchIds: [east.id, west.id, noRecover.id] });
    const until = Date.now() + 1;
    expect(env.proxy!.count('DescribeAlarms', { region: 'us-east-1', since, until })).toBe(1);
    expect(env.proxy!.count('DescribeAlarms', { region: 'us-west-2', since, until })).toBe(1);
    expect(env.proxy!.count('DescribeAlarms', { since, until })).toBe(2);
    const states = Object.fromEntries(
      listed.map((l) => [l.launchId, Object.fromEntries(l.alarms.map((a) => [a.action, a.state]))]),
    );
    expect(states).toEqual({
      [east.id]: { recover: 'OK', reboot: 'OK' },
      [west.id]: { recover: 'OK', reboot: 'ALARM' },
      [noRecover.id]: { reboot: 'OK' },
    });
    // Without ids: every launch that has alarms.
    expect((await must('health.alarms.list', {})).map((l) => l.launchId).sort()).toEqual(
      [east.id, west.id, noRecover.id].sort(),
    );

    // Disable one launch; terminate the others: no Kiln alarm is left in moto.
    const disabled = await must('health.alarms.disable', { launchId: noRecover.id });
    expect(disabled.recoveryAlarms).toBeUndefined();
    expect((await kilnAlarms('us-west-2')).map((a) => a.AlarmName)).not.toContain(`kiln-${noRecover.id}-reboot`);
    for (const launch of [east, west, noRecover]) await must('launch.terminate', { launchId: launch.id });
    for (const launch of [east, west]) {
      await waitForRecord(
        `${launch.spec.name} terminated and cleaned up`,
        launch.id,
        (r) => r.phase === 'terminated' && r.recoveryAlarms === undefined && r.securityGroupDeleted,
      );
    }
    expect(await kilnAlarms('us-east-1')).toEqual([]);
    expect(await kilnAlarms('us-west-2')).toEqual([]);

    // An alarm whose launch is gone (its record lost) is an orphan; an operator's own alarm with the prefix is not.
    const lost = recoveryAlarmDefinitions(
      { launchId: 'lost-launch', name: 'lost', instanceId: east.instanceId!, region: 'us-east-1' },
      { rebootOnly: false },
    );
    for (const definition of lost) await moto('us-east-1').send(new PutMetricAlarmCommand(definition));
    const own = recoveryAlarmDefinitions(
      { launchId: 'operator', name: 'own', instanceId: east.instanceId!, region: 'us-east-1' },
      { rebootOnly: true },
    );
    for (const definition of own) {
      await moto('us-east-1').send(new PutMetricAlarmCommand({ ...definition, Tags: undefined }));
    }
    const orphans = (await must('orphans.list', { profileId: SANDBOX_PROFILE_ID })).filter((o) => o.kind === 'alarm');
    expect(orphans.map((o) => [o.id, o.launchId, o.region]).sort()).toEqual([
      ['kiln-lost-launch-reboot', 'lost-launch', 'us-east-1'],
      ['kiln-lost-launch-recover', 'lost-launch', 'us-east-1'],
    ]);
    const cleaned = await must('orphans.clean', {
      profileId: SANDBOX_PROFILE_ID,
      items: orphans.map(({ kind, id, region }) => ({ kind, id, region })),
    });
    expect(cleaned.every((r) => r.ok)).toBe(true);
    expect((await kilnAlarms('us-east-1')).map((a) => a.AlarmName)).toEqual(['kiln-operator-reboot']);
  }, 240_000);
});

describe('the cleanup page with a profile not allowed CloudWatch', () => {
  it('still answers with the other leftovers instead of failing', async () => {
    // moto has no IAM policies for one service alone: the fault proxy answers DescribeAlarms as CloudWatch does then.
    const denied = JSON.stringify({ __type: 'AccessDenied', message: 'User is not authorized to DescribeAlarms' });
    env.proxy!.throttle('DescribeAlarms', { sequence: [true, true, true], reply: { status: 403, body: denied } });
    try {
      const orphans = await must('orphans.list', { profileId: SANDBOX_PROFILE_ID });
      expect(orphans.filter((o) => o.kind === 'alarm')).toEqual([]);
      expect(env.proxy!.requests.filter((r) => r.action === 'DescribeAlarms' && r.throttled)).toHaveLength(3);
    } finally {
      env.proxy!.stopThrottling('DescribeAlarms');
    }
  }, 60_000);
});
