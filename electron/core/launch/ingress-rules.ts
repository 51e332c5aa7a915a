/**
 * Moving a group's tcp rules from the operator's old address to the current one: authorize the new address (a rule
 * that exists already counts as done), then revoke the old one (best effort: it may be gone already).
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

/** Opens `rules` to `to`, then closes them to `from`. */
export async function moveIngressRules(context: ProfileContext, ec2: EC2Client, move: IngressMove): Promise<void> {
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
  if (!from || from === move.to || move.rules.length === 0) return;
  await ec2
    .send(
      new RevokeSecurityGroupIngressCommand({
        GroupId: move.groupId,
        IpPermissions: move.rules.map(({ port }) => ({
          IpProtocol: 'tcp',
          FromPort: port,
          ToPort: port,
          IpRanges: [{ CidrIp: from }],
        })),
      }),
    )
    // The old rules may be gone already (edited in the console); the new ones are what matters.
    .catch(() => undefined);
}
