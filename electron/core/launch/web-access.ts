/**
 * "Open HTTP and HTTPS to my IP": tcp 80 and 443 from the operator's /32 in the launch's own security group. The
 * rules are tagged with the launch and live and die with that group, so terminate's cleanup (which deletes the
 * group) removes them without knowing about them.
 */
import type { EC2Client } from '@aws-sdk/client-ec2';
import type { LaunchRecord, WebAccess } from '../../common/models';
import { KilnFailure } from '../../common/result';
import type { ProfileContext } from '../profiles/profile-context';
import { moveIngressRules, type RevokeFailure } from './ingress-rules';
import { launchTags } from './tags';

export const WEB_PORTS = [80, 443] as const;

export interface WebAccessRequest {
  launchId: string;
  name: string;
  groupId: string;
  /** The operator's current address, e.g. 203.0.113.9/32. */
  cidr: string;
  /** The address opened before, whose rules move to `cidr`. */
  previousCidr?: string;
}

/** Answers the ports left open to the previous address when closing them failed. */
export async function openWebPorts(
  context: ProfileContext,
  ec2: EC2Client,
  request: WebAccessRequest,
): Promise<RevokeFailure | undefined> {
  return moveIngressRules(context, ec2, {
    groupId: request.groupId,
    rules: WEB_PORTS.map((port) => ({
      port,
      description: `Kiln web access (${port === 80 ? 'HTTP' : 'HTTPS'}) for the operator`,
    })),
    to: request.cidr,
    from: request.previousCidr,
    tags: launchTags(request.launchId, request.name),
  });
}

/**
 * Opens the web ports of a launch to the operator's current address (moving them from the one opened before); also
 * answers the ports left open to that previous address, if closing them failed.
 */
export async function openLaunchWebAccess(
  context: ProfileContext,
  ec2: EC2Client,
  record: LaunchRecord,
  now: Date,
): Promise<{ webAccess: WebAccess; leftOpen?: RevokeFailure }> {
  if (
    !record.securityGroupId ||
    record.securityGroupDeleted ||
    record.phase === 'terminating' ||
    record.phase === 'terminated'
  ) {
    throw new KilnFailure({
      code: 'NoLaunchGroup',
      message: `${record.spec.name} has no Kiln security group to open web ports in.`,
      remedy: 'Open ports 80 and 443 in the EC2 console if the instance is still running.',
    });
  }
  const cidr = await context.operatorCidr().catch((error: unknown) => {
    throw new KilnFailure({
      code: 'OperatorIpUnknown',
      message: `Kiln could not find your public IP address: ${error instanceof Error ? error.message : String(error)}.`,
      remedy: 'Check the network connection and try again.',
    });
  });
  const leftOpen = await openWebPorts(context, ec2, {
    launchId: record.id,
    name: record.spec.name,
    groupId: record.securityGroupId,
    cidr,
    previousCidr: record.webAccess?.cidr,
  });
  return { webAccess: { cidr, openedAt: now.toISOString() }, leftOpen };
}
