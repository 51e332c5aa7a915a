/**
 * Ports left open to an old operator address because revoking them failed: kept on the launch (the doctor checks
 * them against the group) and said on its page as one warning, with what to do.
 */
import type { LaunchRecord } from '../../common/models';
import type { RevokeFailure as Failure } from './ingress-rules';

export const LEFT_OPEN_WARNING = 'OldAddressStillOpen';

/** The record with `failure` added (nothing changes without one). */
export function recordLeftOpen(record: LaunchRecord, failure: Failure | undefined, at: Date): LaunchRecord {
  if (!failure) return record;
  const same = (entry: { groupId: string; cidr: string }) =>
    entry.groupId === failure.groupId && entry.cidr === failure.cidr;
  const before = record.leftOpen?.find(same);
  const ports = [...new Set([...(before?.ports ?? []), ...failure.ports])].sort((a, b) => a - b);
  const leftOpen = [
    ...(record.leftOpen ?? []).filter((entry) => !same(entry)),
    { groupId: failure.groupId, cidr: failure.cidr, ports, errorCode: failure.errorCode, at: at.toISOString() },
  ];
  const listed = leftOpen.map((entry) => `port ${entry.ports.join(', ')} to ${entry.cidr}`).join('; ');
  const warning = {
    code: LEFT_OPEN_WARNING,
    message: `Kiln could not close ${listed} in ${failure.groupId} (${failure.errorCode}: ${failure.errorMessage}); those addresses can still reach the instance.`,
    remedy:
      'Remove those rules in the EC2 console (or give this profile ec2:RevokeSecurityGroupIngress and update the rule again). The connectivity doctor shows whether they are still open.',
  };
  return {
    ...record,
    leftOpen,
    warnings: [...(record.warnings ?? []).filter((w) => w.code !== LEFT_OPEN_WARNING), warning],
  };
}
