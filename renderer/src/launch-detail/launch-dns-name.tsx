/** A launch's DNS name on its page: the name (copyable), the address it holds, and whether Route 53 has it. */
import Box from '@cloudscape-design/components/box';
import SpaceBetween from '@cloudscape-design/components/space-between';
import StatusIndicator, { type StatusIndicatorProps } from '@cloudscape-design/components/status-indicator';
import type { LaunchDnsRecord } from '../../../electron/common/models';
import { assertNever } from '../../../electron/common/result';
import { CopyValue } from '../common/copy-value';

/** The state in words and as a status indicator type. */
export function dnsStateView(dns: LaunchDnsRecord): { type: StatusIndicatorProps.Type; text: string } {
  switch (dns.state) {
    case 'pending':
      return { type: 'pending', text: 'Waiting for the instance’s address' };
    case 'updating':
      return { type: 'in-progress', text: `Updating to ${dns.value ?? '…'}` };
    case 'in-sync':
      return { type: 'success', text: `In sync: ${dns.value ?? ''}` };
    case 'failed':
      return { type: 'error', text: `Failed: ${dns.error?.message ?? 'the last change did not go through'}` };
    case 'parked':
      return { type: 'stopped', text: 'Taken down while the instance is stopped: written again when it starts' };
    case 'deleted':
      return { type: 'stopped', text: 'Deleted with the instance' };
    case 'kept':
      return { type: 'warning', text: 'Changed by someone else: left in Route 53' };
    default:
      return assertNever(dns.state);
  }
}

export function LaunchDnsName({ dns }: { dns: LaunchDnsRecord }) {
  const view = dnsStateView(dns);
  return (
    <SpaceBetween size="xxxs">
      <CopyValue value={dns.recordName} label="DNS name" testId="launch-dns-name" />
      <span data-testid="launch-dns-state" data-state={dns.state} data-value={dns.value ?? ''}>
        <StatusIndicator type={view.type}>{view.text}</StatusIndicator>
      </span>
      {dns.state === 'failed' && dns.error?.remedy && (
        <Box variant="small" color="text-body-secondary">
          {dns.error.remedy}
        </Box>
      )}
      <Box variant="small" color="text-body-secondary">
        {dns.privateZone ? 'Private' : 'Public'} hosted zone {dns.hostedZoneId}
      </Box>
    </SpaceBetween>
  );
}
