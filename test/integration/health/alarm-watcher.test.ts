// The backend's alarm watcher on the sandbox (moto emulates CloudWatch, whose alarms never leave OK by themselves
// there, so SetAlarmState forces ALARM as a failed status check would): the notice (banner) names the alarm and the
// launch and says what EC2 does, health.alarms.updated announces the firing once, and the notice goes when the alarm
// is OK again.
import { CloudWatchClient, SetAlarmStateCommand } from '@aws-sdk/client-cloudwatch';
import { describe, expect, it } from 'vitest';
import type { RecoveryAlarmsUpdate } from '../../../electron/common/models';
import { ALARM_NOTICE_PREFIX } from '../../../electron/core/health/alarm-watcher';
import { SANDBOX_PROFILE_ID } from '../../../electron/core/profiles/sandbox-profile';
import { useSandboxBackend } from '../../support/use-sandbox-backend';
import { waitFor } from '../../support/wait';

const kiln = useSandboxBackend({
  sandbox: { pendingSeconds: 1, hostRegions: ['us-east-1'], alarmWatchMs: 500 },
  setup: async (env) => ({ cloudwatch: env.client(CloudWatchClient) }),
  timeoutMs: 90_000,
});
const { must } = kiln;

describe('alarm watcher', () => {
  it('shows a notice when a recovery alarm goes into ALARM, announces it once, and withdraws it when OK', async () => {
    const updates: RecoveryAlarmsUpdate[] = [];
    const unsubscribe = kiln.env.backend.events.subscribe((event, payload) => {
      if (event === 'health.alarms.updated') updates.push(payload as RecoveryAlarmsUpdate);
    });
    try {
      const images = await must('images.quickStart', { profileId: SANDBOX_PROFILE_ID, region: 'us-east-1' });
      const imageId = (images.find((i) => i.architecture === 'x86_64') ?? images[0]).imageId;
      const launch = await must('launch.start', {
        spec: {
          profileId: SANDBOX_PROFILE_ID,
          region: 'us-east-1',
          name: 'watched-web',
          imageId,
          instanceType: 't3.micro',
          installScript: 'echo installed',
        },
      });
      await waitFor(
        'the instance running',
        async () => (await must('launch.list', {})).find((r) => r.id === launch.id && r.instanceState === 'running'),
        60_000,
      );
      await must('health.alarms.enable', { launchId: launch.id });
      const recover = `kiln-${launch.id}-recover`;
      await waitFor('a read of the new alarms', () =>
        updates.some((u) => u.launches.some((l) => l.launchId === launch.id && l.alarms.length === 2)),
      );
      expect(kiln.env.backend.notices.list().filter((n) => n.code.startsWith(ALARM_NOTICE_PREFIX))).toEqual([]);

      await kiln.setup.cloudwatch.send(
        new SetAlarmStateCommand({ AlarmName: recover, StateValue: 'ALARM', StateReason: 'Threshold Crossed' }),
      );
      const notice = await waitFor('the alarm notice', () =>
        kiln.env.backend.notices.list().find((n) => n.code === `${ALARM_NOTICE_PREFIX}${recover}`),
      );
      expect(notice.message).toBe(
        `Recovery alarm ${recover} of watched-web is in ALARM: EC2 is recovering the instance onto healthy hardware (its system status check failed).`,
      );
      expect(notice.remedy).toBeTruthy();
      // A few more reads while it stays in ALARM: announced exactly once.
      const seen = updates.length;
      await waitFor('three more reads', () => updates.length >= seen + 3);
      const firings = updates.flatMap((u) => u.fired);
      expect(firings).toEqual([
        {
          launchId: launch.id,
          launchName: 'watched-web',
          alarmName: recover,
          action: 'recover',
          reason: 'Threshold Crossed',
        },
      ]);

      await kiln.setup.cloudwatch.send(
        new SetAlarmStateCommand({ AlarmName: recover, StateValue: 'OK', StateReason: 'Recovered' }),
      );
      await waitFor(
        'the notice withdrawn',
        () => !kiln.env.backend.notices.list().some((n) => n.code.startsWith(ALARM_NOTICE_PREFIX)),
      );
    } finally {
      unsubscribe();
    }
  }, 120_000);
});
