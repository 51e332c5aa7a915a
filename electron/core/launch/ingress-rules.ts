/**
 * Moving a group's tcp rules from the operator's old address to the current one: authorize the new address (a rule
 * that exists already counts as done), then revoke the old one. A rule that is gone already counts as revoked; any
 * other revoke failure (AccessDenied, throttling that outlasted the retries) leaves the old address open, so it is
 * answered, for the launch to say so and the doctor to check, rather than dropped.
 */
import {
  AuthorizeSecurityGroupIngressCommand,
  RevokeSecurityGroupIngressCommand,
  type EC2Client,
  type Tag,
} from '@aws-sdk/client-ec2';
import { throwAwsFailure } from '../aws/clients';
import { awsErrorCode } from '../aws/errors';
import type { ProfileContext } from '../profiles/profile-context';

export interface IngressMove {
  groupId: string;
  /** The tcp ports to open, each with the description its rule gets. */
  rules: ReadonlyArray<{ port: number; description: string }>;
  /** The operator's current address, e.g. 203.0.113.9/32. */
  to: string;
  /** The address the rules were opened to before, if any. */
  from?: string;
  /** Tags for the new rules. */
  tags?: Tag[];
}

/** Ports left open to the operator's old address because revoking them failed. */
export interface RevokeFailure {
  groupId: string;
  cidr: string;
  ports: number[];
  /** AWS's error code and message of the first failure, e.g. UnauthorizedOperation. */
  errorCode: string;
  errorMessage: string;
}

/** Opens `rules` to `to`, then closes them to `from`; answers what could not be closed, if anything. */
export async function moveIngressRules(
  context: ProfileContext,
  ec2: EC2Client,
  move: IngressMove,
): Promise<RevokeFailure | undefined> {
  // One call per rule: a rule that exists already fails the whole request it is part of.
  for (const { port, description } of move.rules) {
    try {
      await ec2.send(
        new AuthorizeSecurityGroupIngressCommand({
          GroupId: move.groupId,
          IpPermissions: [
            {
              IpProtocol: 'tcp',
              FromPort: port,
              ToPort: port,
              IpRanges: [{ CidrIp: move.to, Description: description }],
            },
          ],
          TagSpecifications: move.tags ? [{ ResourceType: 'security-group-rule', Tags: move.tags }] : undefined,
        }),
      );
    } catch (error) {
      if (awsErrorCode(error) !== 'InvalidPermission.Duplicate')
        throwAwsFailure(context, `open port ${port} in ${move.groupId} to ${move.to}`, error);
    }
  }
  const from = move.from;
  if (!from || from === move.to || move.rules.length === 0) return undefined;
  // One call per rule, as above: a rule already gone fails the whole request it is part of, which would leave the
  // others open.
  let leftOpen: RevokeFailure | undefined;
  for (const { port } of move.rules) {
    try {
      await ec2.send(
        new RevokeSecurityGroupIngressCommand({
          GroupId: move.groupId,
          IpPermissions: [{ IpProtocol: 'tcp', FromPort: port, ToPort: port, IpRanges: [{ CidrIp: from }] }],
        }),
      );
    } catch (error) {
      // Gone already (removed in the console): what was wanted.
      if (awsErrorCode(error) === 'InvalidPermission.NotFound') continue;
      leftOpen ??= {
        groupId: move.groupId,
        cidr: from,
        ports: [],
        errorCode: awsErrorCode(error) ?? 'Error',
        errorMessage: error instanceof Error ? error.message : String(error),
      };
      leftOpen.ports.push(port);
    }
  }
  return leftOpen;
}
