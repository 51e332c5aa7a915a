// Kiln's default protection on the sandbox (moto emulates CloudWatch): a finished launch kept past the salvage
// window (shortened to 0 hours here) gets both recovery alarms at the alarm watcher's next tick without being asked;
// a type EC2 cannot recover (moto says so for m5d.large) gets the reboot alarm alone and a warning that says why;
// alarms the operator removed are not created again.
import { CloudWatchClient, DescribeAlarmsCommand } from '@aws-sdk/client-cloudwatch';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { LaunchRecord } from '../../../electron/common/models';
import { SANDBOX_PROFILE_ID } from '../../../electron/core/profiles/sandbox-profile';
import { SANDBOX_CREDENTIALS } from '../../../electron/core/sandbox/address';
import { backendCommands } from '../../support/backend-commands';
import { startSandboxBackend, type SandboxBackend } from '../../support/sandbox-backend';
import { waitFor } from '../../support/wait';

let env: SandboxBackend;
let cloudwatch: CloudWatchClient;
beforeAll(async () => {
  env = await startSandboxBackend({
    pendingSeconds: 1,
    hostRegions: ['us-east-1'],
    alarmWatchMs: 500,
    defaultAlarmsAfterHours: 0,
  });
  cloudwatch = new CloudWatchClient({
    region: 'us-east-1',
    endpoint: env.sandbox.endpoint,
    credentials: { ...SANDBOX_CREDENTIALS },
  });
}, 90_000);
afterAll(async () => {
  cloudwatch?.destroy();
  await env?.stop();
});

const { must } = backendCommands(() => env.backend.handlers);
const alarmNames = async () =>
  ((await cloudwatch.send(new DescribeAlarmsCommand({ AlarmNamePrefix: 'kiln-' }))).MetricAlarms ?? [])
    .map((a) => a.AlarmName)
    .sort();
const waitForRecord = (what: string, id: string, done: (r: LaunchRecord) => boolean) =>
  waitFor(
    what,
    async () => {
      const record = (await must('launch.list', {})).find((r) => r.id === id);
      return record && done(record) ? record : undefined;
    },
    60_000,
  );

describe('default recovery alarms', () => {
  it('protects launches kept past the salvage window, reboot-only where recover cannot work, and respects a removal', async () => {
    const images = await must('images.quickStart', { profileId: SANDBOX_PROFILE_ID, region: 'us-east-1' });
    const imageId = (images.find((i) => i.architecture === 'x86_64') ?? images[0]).imageId;
    const spec = (name: string, instanceType: string) => ({
      profileId: SANDBOX_PROFILE_ID,
      region: 'us-east-1',
      name,
      imageId,
      instanceType,
      installScript: 'echo installed',
    });
    const kept = await must('launch.start', { spec: spec('kept-web', 't3.micro') });
    const noRecover = await must('launch.start', { spec: spec('kept-m5d', 'm5d.large') });

    const protectedKept = await waitForRecord('alarms on the kept launch', kept.id, (r) => !!r.defaultRecoveryAlarms);
    expect(protectedKept.phase).toBe('succeeded');
    expect(protectedKept.defaultRecoveryAlarms).toBe('created');
    expect(protectedKept.recoveryAlarms).toEqual([`kiln-${kept.id}-recover`, `kiln-${kept.id}-reboot`]);

    const rebootOnly = await waitForRecord('alarms on the m5d launch', noRecover.id, (r) => !!r.defaultRecoveryAlarms);
    expect(rebootOnly.defaultRecoveryAlarms).toBe('created');
    expect(rebootOnly.recoveryAlarms).toEqual([`kiln-${noRecover.id}-reboot`]);
    expect(rebootOnly.warnings?.find((w) => w.code === 'RebootOnlyAlarms')?.message).toContain('m5d.large');

    expect(await alarmNames()).toEqual(
      [`kiln-${kept.id}-recover`, `kiln-${kept.id}-reboot`, `kiln-${noRecover.id}-reboot`].sort(),
    );

    // Removed by the operator: several ticks later, still none.
    const removed = await must('health.alarms.disable', { launchId: kept.id });
    expect(removed.defaultRecoveryAlarms).toBe('declined');
    await new Promise((resolve) => setTimeout(resolve, 2_000));
    expect(await alarmNames()).toEqual([`kiln-${noRecover.id}-reboot`]);
    expect((await must('launch.list', {})).find((r) => r.id === kept.id)?.recoveryAlarms).toBeUndefined();
  }, 120_000);
});
