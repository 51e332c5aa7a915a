/**
 * EC2 status checks (system and instance reachability) for the monitor: one DescribeInstanceStatus per chunk of
 * running instances, never one call per instance.
 */
import { DescribeInstanceStatusCommand, type EC2Client, type InstanceStatus } from '@aws-sdk/client-ec2';
import { StatusCheckValue } from '../../common/models';
import { awsErrorCode } from '../aws/errors';

export interface InstanceStatusObservation {
  instanceId: string;
  system: StatusCheckValue;
  instance: StatusCheckValue;
}

/** DescribeInstanceStatus accepts at most 100 explicit instance ids per request (and no pagination with ids). */
export const INSTANCE_STATUS_CHUNK = 100;

const THROTTLING_CODES = new Set(['RequestLimitExceeded', 'Throttling', 'ThrottlingException']);

/** True when AWS asked for fewer requests (as opposed to refusing this one, e.g. a missing IAM permission). */
export function isThrottling(error: unknown): boolean {
  return THROTTLING_CODES.has(awsErrorCode(error) ?? '');
}

/** AWS's summary status, or `insufficient-data` for a value this version of Kiln does not know. */
export function toStatusCheckValue(status: string | undefined): StatusCheckValue {
  const parsed = StatusCheckValue.safeParse(status);
  return parsed.success ? parsed.data : 'insufficient-data';
}

function observe(status: InstanceStatus): InstanceStatusObservation | undefined {
  if (!status.InstanceId) return undefined;
  return {
    instanceId: status.InstanceId,
    system: toStatusCheckValue(status.SystemStatus?.Status),
    instance: toStatusCheckValue(status.InstanceStatus?.Status),
  };
}

/**
 * DescribeInstanceStatus by `InstanceIds` (the API has no `instance-id` filter; moto ignores one). An unknown id
 * fails the whole request, so the ids the error names are dropped and the chunk is asked once more. Give it a
 * client without SDK retries: the monitor's own backoff is the retry.
 */
export function describeInstanceStatusWith(ec2: EC2Client) {
  const send = async (ids: string[]): Promise<InstanceStatus[]> =>
    (await ec2.send(new DescribeInstanceStatusCommand({ InstanceIds: ids, IncludeAllInstances: true })))
      .InstanceStatuses ?? [];
  return async (instanceIds: string[]): Promise<InstanceStatusObservation[]> => {
    const observations: InstanceStatusObservation[] = [];
    for (let i = 0; i < instanceIds.length; i += INSTANCE_STATUS_CHUNK) {
      let chunk = instanceIds.slice(i, i + INSTANCE_STATUS_CHUNK);
      const statuses = await send(chunk).catch((error: unknown) => {
        if (awsErrorCode(error) !== 'InvalidInstanceID.NotFound') throw error;
        const gone = new Set(String((error as Error).message).match(/i-[0-9a-f]+/g) ?? []);
        chunk = chunk.filter((id) => !gone.has(id));
        if (gone.size === 0) throw error;
        if (chunk.length === 0) return [];
        return send(chunk);
      });
      for (const status of statuses) {
        const observation = observe(status);
        if (observation) observations.push(observation);
      }
    }
    return observations;
  };
}
