/**
 * What a launch's recovery alarms are (pure): their names, and the CloudWatch definition of each. AWS itself acts on
 * them, so an instance is recovered or rebooted while the workstation is off.
 */
import type { PutMetricAlarmCommandInput } from '@aws-sdk/client-cloudwatch';
import type { RecoveryAlarmAction } from '../../common/models';
import { KILN_CREATED_BY_TAG, KILN_CREATED_BY_VALUE, KILN_LAUNCH_ID_TAG } from '../launch/tags';

/** Every Kiln recovery alarm's name starts with this: one DescribeAlarms by prefix finds them all in a region. */
export const RECOVERY_ALARM_PREFIX = 'kiln-';

/** The status check each action answers: a failed system check wants new hardware, a failed instance check a reboot. */
const METRIC_OF: Record<RecoveryAlarmAction, string> = {
  recover: 'StatusCheckFailed_System',
  reboot: 'StatusCheckFailed_Instance',
};

export function recoveryAlarmName(launchId: string, action: RecoveryAlarmAction): string {
  return `${RECOVERY_ALARM_PREFIX}${launchId}-${action}`;
}

/** The launch id and action a Kiln alarm name encodes, or undefined for any other name. */
export function parseRecoveryAlarmName(name: string): { launchId: string; action: RecoveryAlarmAction } | undefined {
  const match = /^kiln-(.+)-(recover|reboot)$/.exec(name);
  const launchId = match?.[1];
  const action = match?.[2];
  if (!launchId || (action !== 'recover' && action !== 'reboot')) return undefined;
  return { launchId, action };
}

export interface RecoveryAlarmTarget {
  launchId: string;
  /** The launch's name, for the alarm description and Name tag. */
  name: string;
  instanceId: string;
  region: string;
}

/**
 * The alarms for an instance: `recover` on StatusCheckFailed_System (left out when `rebootOnly`) and `reboot` on
 * StatusCheckFailed_Instance, each firing after 2 failed minutes (Maximum ≥ 1 over 2 periods of 60 s), as AWS
 * recommends for status-check alarms.
 */
export function recoveryAlarmDefinitions(
  target: RecoveryAlarmTarget,
  options: { rebootOnly: boolean },
): PutMetricAlarmCommandInput[] {
  const actions: RecoveryAlarmAction[] = options.rebootOnly ? ['reboot'] : ['recover', 'reboot'];
  return actions.map((action) => ({
    AlarmName: recoveryAlarmName(target.launchId, action),
    AlarmDescription: `Kiln: ${action} ${target.name} (${target.instanceId}) when ${METRIC_OF[action]} fails for 2 minutes.`,
    Namespace: 'AWS/EC2',
    MetricName: METRIC_OF[action],
    Dimensions: [{ Name: 'InstanceId', Value: target.instanceId }],
    Statistic: 'Maximum',
    Period: 60,
    EvaluationPeriods: 2,
    Threshold: 1,
    ComparisonOperator: 'GreaterThanOrEqualToThreshold',
    AlarmActions: [`arn:aws:automate:${target.region}:ec2:${action}`],
    Tags: [
      { Key: KILN_LAUNCH_ID_TAG, Value: target.launchId },
      { Key: KILN_CREATED_BY_TAG, Value: KILN_CREATED_BY_VALUE },
      { Key: 'Name', Value: `${target.name} ${action}` },
    ],
  }));
}

/**
 * Why EC2 cannot `recover` an instance, or undefined when it can: the type must support automatic recovery and the
 * root device must be EBS (instance-store data does not move to new hardware).
 */
export function recoverRefusal(instance: {
  instanceType: string;
  autoRecoverySupported: boolean | undefined;
  rootDeviceType: string | undefined;
}): string | undefined {
  if (instance.rootDeviceType === 'instance-store') {
    return `its root device is an instance store, which EC2 cannot move to new hardware`;
  }
  if (instance.autoRecoverySupported !== true) {
    return `instance type ${instance.instanceType} does not support automatic recovery`;
  }
  return undefined;
}
