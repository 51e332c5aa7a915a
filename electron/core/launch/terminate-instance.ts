/** Terminating a launch's instance, with EC2 termination protection respected: the operator types the name. */
import {
  DescribeInstanceAttributeCommand,
  ModifyInstanceAttributeCommand,
  TerminateInstancesCommand,
  type EC2Client,
} from '@aws-sdk/client-ec2';
import { launchChoices, type LaunchRecord } from '../../common/models';
import { KilnFailure } from '../../common/result';
import { awsCall, throwAwsFailure } from '../aws/clients';
import { awsErrorCode } from '../aws/errors';
import type { ProfileContext } from '../profiles/profile-context';

/**
 * Whether EC2 refuses TerminateInstances for the instance (DisableApiTermination). An instance that is gone has
 * no protection; any other failure to read it is a real failure.
 */
export async function readTerminationProtection(
  context: ProfileContext,
  ec2: EC2Client,
  instanceId: string,
): Promise<boolean> {
  try {
    const out = await ec2.send(
      new DescribeInstanceAttributeCommand({ InstanceId: instanceId, Attribute: 'disableApiTermination' }),
    );
    return out.DisableApiTermination?.Value === true;
  } catch (error) {
    if (awsErrorCode(error) === 'InvalidInstanceID.NotFound') return false;
    throwAwsFailure(context, `read the termination protection of ${instanceId}`, error);
  }
}

/** Whether terminating the launch needs the typed name: its spec asked for protection, or the instance has it. */
export async function launchIsProtected(
  context: ProfileContext,
  ec2: EC2Client,
  record: LaunchRecord,
): Promise<boolean> {
  if (!record.instanceId || record.phase === 'terminated') return false;
  if (launchChoices(record.spec).advanced.terminationProtection) return true;
  return readTerminationProtection(context, ec2, record.instanceId);
}

export interface TerminateRequest {
  instanceId: string;
  /** The instance name the operator must type when the instance is protected. */
  name: string;
  /** What the operator typed in the confirmation, if anything. */
  confirmName?: string;
  /** The launch asked for termination protection (the instance attribute may say so too). */
  protectedBySpec: boolean;
}

/**
 * Terminates the instance. A protected one (by its attribute or by the launch spec) is terminated only when the
 * operator typed its name: then protection is turned off first, as the EC2 console would ask the operator to do,
 * and turned back on (best effort) when the terminate itself fails.
 */
export async function terminateInstance(
  context: ProfileContext,
  ec2: EC2Client,
  request: TerminateRequest,
): Promise<void> {
  const { instanceId, name } = request;
  const protectedNow = await readTerminationProtection(context, ec2, instanceId);
  if (protectedNow || request.protectedBySpec) {
    if (request.confirmName?.trim() !== name) {
      throw new KilnFailure({
        code: 'TerminationProtected',
        message: `${name} (${instanceId}) has termination protection${request.confirmName ? ', and the name typed does not match' : ''}.`,
        remedy: `Type the instance name "${name}" to confirm: Kiln then turns termination protection off and terminates it.`,
        field: 'confirmName',
      });
    }
    if (protectedNow) {
      await awsCall(context, `turn off termination protection of ${instanceId}`, () =>
        setProtection(ec2, instanceId, false),
      );
    }
  }
  try {
    await awsCall(context, `terminate ${instanceId}`, () =>
      ec2.send(new TerminateInstancesCommand({ InstanceIds: [instanceId] })),
    );
  } catch (error) {
    if (!protectedNow || !(error instanceof KilnFailure)) throw error;
    // The instance lives on: it should not stay unprotected because a terminate the operator confirmed failed.
    const restored = await setProtection(ec2, instanceId, true).then(
      () => true,
      () => false,
    );
    throw new KilnFailure({
      ...error.error,
      message: restored
        ? `${error.error.message} Kiln turned termination protection of ${instanceId} back on.`
        : `${error.error.message} Termination protection of ${instanceId} is now off: Kiln could not turn it back on.`,
      remedy: restored
        ? error.error.remedy
        : `${error.error.remedy ? `${error.error.remedy} ` : ''}Turn termination protection on again in the EC2 console if the instance should keep it.`,
    });
  }
}

function setProtection(ec2: EC2Client, instanceId: string, on: boolean) {
  return ec2.send(new ModifyInstanceAttributeCommand({ InstanceId: instanceId, DisableApiTermination: { Value: on } }));
}
