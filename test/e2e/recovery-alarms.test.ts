// End to end: recovery alarms in Debian Chromium, through web mode, on the sandbox (moto emulates CloudWatch and
// never fires an alarm by itself: SetAlarmState plays the failed status check). From the launch's Health tab the
// operator sees what Enable creates, creates both alarms (moto then holds them on the instance with the recover and
// reboot actions), sees the warning banner when the recover alarm fires and sees it go when it is OK again; an
// m5d.large (no automatic recovery, as moto says) is refused with nothing created, then gets the reboot alarm only on
// request; terminating deletes every alarm.
import { CloudWatchClient, DescribeAlarmsCommand, SetAlarmStateCommand } from '@aws-sdk/client-cloudwatch';
import { describe, expect, it } from 'vitest';
import { SANDBOX_PROFILE_ID } from '../../electron/core/profiles/sandbox-profile';
import { useSandboxWebApp } from './support/use-sandbox-web-app';

const web = useSandboxWebApp({
  sandbox: { pendingSeconds: 1, hostRegions: ['us-east-1'], alarmWatchMs: 1_000 },
  setup: async (env) => ({ cloudwatch: env.client(CloudWatchClient) }),
});
const { must } = web;

const kilnAlarms = async () =>
  (await web.setup.cloudwatch.send(new DescribeAlarmsCommand({ AlarmNamePrefix: 'kiln-' }))).MetricAlarms ?? [];

async function launch(name: string, instanceType: string) {
  const record = await must('launch.start', {
    spec: {
      profileId: SANDBOX_PROFILE_ID,
      region: 'us-east-1',
      name,
      imageId: 'ami-0ed094fb1304fd857',
      instanceType,
      installScript: 'echo installed',
    },
  });
  await web.page.goto(`${web.app.url.split('#')[0]}#/launches/${record.id}/health`);
  await web.page.locator('[data-testid="outcome"][data-result="success"]').waitFor({ timeout: 60_000 });
  await web.page.getByTestId('recovery-alarms').waitFor();
  return record;
}

describe('recovery alarms in the browser', () => {
  it('creates both alarms from the Health tab, shows a firing alarm as a banner, and deletes them on terminate', async () => {
    const record = await launch('e2e-alarms', 't3.micro');
    const none = web.page.getByTestId('alarms-none');
    await expect.poll(() => none.textContent()).toContain(`kiln-${record.id}-recover`);
    expect(await kilnAlarms()).toEqual([]);

    await web.page.getByTestId('enable-alarms-button').click();
    const recover = `kiln-${record.id}-recover`;
    const reboot = `kiln-${record.id}-reboot`;
    await web.page.locator(`[data-testid="alarm-state"][data-alarm="${recover}"]`).waitFor({ timeout: 20_000 });
    await web.page.locator(`[data-testid="alarm-state"][data-alarm="${reboot}"]`).waitFor();
    const alarms = await kilnAlarms();
    expect(alarms.map((a) => [a.AlarmName, a.MetricName, a.AlarmActions]).sort()).toEqual([
      [reboot, 'StatusCheckFailed_Instance', ['arn:aws:automate:us-east-1:ec2:reboot']],
      [recover, 'StatusCheckFailed_System', ['arn:aws:automate:us-east-1:ec2:recover']],
    ]);
    for (const alarm of alarms) expect(alarm.Dimensions).toEqual([{ Name: 'InstanceId', Value: record.instanceId }]);

    await web.setup.cloudwatch.send(
      new SetAlarmStateCommand({ AlarmName: recover, StateValue: 'ALARM', StateReason: 'System check failed (e2e)' }),
    );
    const banner = web.page.locator(`[data-testid="app-notice"][data-code="RecoveryAlarm:${recover}"]`);
    await banner.waitFor({ timeout: 20_000 });
    expect(await banner.textContent()).toContain('EC2 is recovering the instance onto healthy hardware');
    await web.page.locator(`[data-testid="alarm-state"][data-alarm="${recover}"][data-state="ALARM"]`).waitFor();
    await web.app.screenshot('recovery-alarm-fired');

    await web.setup.cloudwatch.send(
      new SetAlarmStateCommand({ AlarmName: recover, StateValue: 'OK', StateReason: 'ok (e2e)' }),
    );
    await banner.waitFor({ state: 'detached', timeout: 20_000 });

    await web.page.getByTestId('terminate-button').click();
    await web.page.getByTestId('confirm-terminate-button').click();
    await web.page.locator('[data-testid="instance-state"][data-state="terminated"]').waitFor({ timeout: 30_000 });
    await expect.poll(async () => (await kilnAlarms()).length, { timeout: 20_000 }).toBe(0);
  });

  it('refuses an instance EC2 cannot recover with nothing created, then creates the reboot alarm only on request', async () => {
    const record = await launch('e2e-no-recover', 'm5d.large');
    await web.page.getByTestId('enable-alarms-button').click();
    const refusal = web.page.getByTestId('recover-refusal');
    await refusal.waitFor({ timeout: 20_000 });
    expect(await refusal.textContent()).toContain('m5d.large');
    expect(await kilnAlarms()).toEqual([]);

    await web.page.getByTestId('reboot-only-button').click();
    await web.page
      .locator(`[data-testid="alarm-state"][data-alarm="kiln-${record.id}-reboot"]`)
      .waitFor({ timeout: 20_000 });
    expect((await kilnAlarms()).map((a) => a.AlarmName)).toEqual([`kiln-${record.id}-reboot`]);
    await web.page.getByTestId('remove-alarms-button').click();
    await web.page.getByTestId('alarms-none').waitFor({ timeout: 20_000 });
    expect(await kilnAlarms()).toEqual([]);
  });
});
