// The recovery alarms' definitions: which status check each action answers, when they fire, what they do, and
// how their names lead back to the launch.
import { describe, expect, it } from 'vitest';
import {
  parseRecoveryAlarmName,
  recoverRefusal,
  recoveryAlarmDefinitions,
  recoveryAlarmName,
} from '../../../../electron/core/health/recovery-alarm-definitions';

const target = { launchId: 'abc-123', name: 'web', instanceId: 'i-0123456789abcdef0', region: 'eu-west-1' };

describe('recovery alarm definitions', () => {
  it('pairs recover with the system check and reboot with the instance check, 2 failed minutes each', () => {
    const [recover, reboot] = recoveryAlarmDefinitions(target, { rebootOnly: false });
    expect(recover).toMatchObject({
      AlarmName: 'kiln-abc-123-recover',
      Namespace: 'AWS/EC2',
      MetricName: 'StatusCheckFailed_System',
      Dimensions: [{ Name: 'InstanceId', Value: 'i-0123456789abcdef0' }],
      Statistic: 'Maximum',
      Period: 60,
      EvaluationPeriods: 2,
      Threshold: 1,
      ComparisonOperator: 'GreaterThanOrEqualToThreshold',
      AlarmActions: ['arn:aws:automate:eu-west-1:ec2:recover'],
    });
    expect(reboot).toMatchObject({
      AlarmName: 'kiln-abc-123-reboot',
      MetricName: 'StatusCheckFailed_Instance',
      AlarmActions: ['arn:aws:automate:eu-west-1:ec2:reboot'],
      Threshold: 1,
      EvaluationPeriods: 2,
    });
  });

  it('tags every alarm as Kiln tags what it creates', () => {
    for (const definition of recoveryAlarmDefinitions(target, { rebootOnly: false })) {
      expect(definition.Tags).toEqual(
        expect.arrayContaining([
          { Key: 'kiln:launch-id', Value: 'abc-123' },
          { Key: 'kiln:created-by', Value: 'kiln' },
        ]),
      );
    }
  });

  it('leaves out recover when asked for reboot only', () => {
    const definitions = recoveryAlarmDefinitions(target, { rebootOnly: true });
    expect(definitions.map((d) => d.AlarmName)).toEqual(['kiln-abc-123-reboot']);
  });

  it('reads the launch and action back from a Kiln alarm name, and nothing from other names', () => {
    expect(parseRecoveryAlarmName(recoveryAlarmName('5f0c-uuid', 'recover'))).toEqual({
      launchId: '5f0c-uuid',
      action: 'recover',
    });
    expect(parseRecoveryAlarmName('kiln-5f0c-uuid-reboot')).toEqual({ launchId: '5f0c-uuid', action: 'reboot' });
    expect(parseRecoveryAlarmName('kiln-dashboard-cpu')).toBeUndefined();
    expect(parseRecoveryAlarmName('other-5f0c-recover')).toBeUndefined();
  });
});

describe('whether EC2 can recover an instance', () => {
  it('can for an EBS-backed type with automatic recovery', () => {
    expect(recoverRefusal({ instanceType: 't3.micro', autoRecoverySupported: true, rootDeviceType: 'ebs' })).toBe(
      undefined,
    );
  });

  it('cannot for a type without automatic recovery, nor when the type does not say', () => {
    expect(recoverRefusal({ instanceType: 'i3.large', autoRecoverySupported: false, rootDeviceType: 'ebs' })).toMatch(
      /i3\.large does not support automatic recovery/,
    );
    expect(
      recoverRefusal({ instanceType: 'x9.huge', autoRecoverySupported: undefined, rootDeviceType: 'ebs' }),
    ).toMatch(/does not support automatic recovery/);
  });

  it('cannot when the root device is an instance store, whatever the type supports', () => {
    expect(
      recoverRefusal({ instanceType: 'c3.large', autoRecoverySupported: true, rootDeviceType: 'instance-store' }),
    ).toMatch(/instance store/);
  });
});
