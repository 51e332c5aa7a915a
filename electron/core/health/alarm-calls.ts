/** The CloudWatch calls behind recovery alarms, shared by the alarm service, launch cleanup and the orphan sweeper. */
import {
  DeleteAlarmsCommand,
  DescribeAlarmsCommand,
  ListTagsForResourceCommand,
  type CloudWatchClient,
  type MetricAlarm,
  type Tag,
} from '@aws-sdk/client-cloudwatch';
import { awsCall, throwAwsFailure } from '../aws/clients';
import { awsErrorCode } from '../aws/errors';
import type { ProfileContext } from '../profiles/profile-context';
import { RECOVERY_ALARM_PREFIX } from './recovery-alarm-definitions';

/** DeleteAlarms takes at most 100 names per call. */
const DELETE_BATCH = 100;

/**
 * Every Kiln alarm of the region: DescribeAlarms by name prefix, page after page (100 alarms a page), so the whole
 * region costs one call however many launches have alarms.
 */
export async function describeKilnAlarms(
  context: ProfileContext,
  cloudwatch: CloudWatchClient,
  region: string,
): Promise<MetricAlarm[]> {
  const alarms: MetricAlarm[] = [];
  let nextToken: string | undefined;
  do {
    const page = await awsCall(context, `list the recovery alarms in ${region}`, () =>
      cloudwatch.send(
        new DescribeAlarmsCommand({
          AlarmNamePrefix: RECOVERY_ALARM_PREFIX,
          AlarmTypes: ['MetricAlarm'],
          MaxRecords: 100,
          NextToken: nextToken,
        }),
      ),
    );
    alarms.push(...(page.MetricAlarms ?? []));
    nextToken = page.NextToken;
  } while (nextToken);
  return alarms;
}

/** Deletes alarms by name; names that are already gone are not a failure. */
export async function deleteAlarms(
  context: ProfileContext,
  cloudwatch: CloudWatchClient,
  names: readonly string[],
): Promise<void> {
  for (let start = 0; start < names.length; start += DELETE_BATCH) {
    const batch = names.slice(start, start + DELETE_BATCH);
    try {
      await cloudwatch.send(new DeleteAlarmsCommand({ AlarmNames: batch }));
    } catch (error) {
      if (awsErrorCode(error) === 'ResourceNotFound') continue;
      throwAwsFailure(context, `delete the alarms ${batch.join(', ')}`, error);
    }
  }
}

/** The tags of one alarm (DescribeAlarms does not return them). */
export async function alarmTags(
  context: ProfileContext,
  cloudwatch: CloudWatchClient,
  alarmArn: string,
): Promise<Tag[]> {
  const out = await awsCall(context, `read the tags of ${alarmArn}`, () =>
    cloudwatch.send(new ListTagsForResourceCommand({ ResourceARN: alarmArn })),
  );
  return out.Tags ?? [];
}
