/** The instance's verified SSH host keys and where they came from, or why Kiln will not connect yet. */
import Box from '@cloudscape-design/components/box';
import SpaceBetween from '@cloudscape-design/components/space-between';
import StatusIndicator from '@cloudscape-design/components/status-indicator';
import type { HostKeys } from '../../../../electron/common/models';
import { formatDateTime } from '../../common/format';
import { hostKeySourceText } from './session-state';

export function HostKeysView({ hostKeys }: { hostKeys: HostKeys | undefined }) {
  if (!hostKeys) {
    return (
      <div data-testid="host-key-source" data-source="none">
        <StatusIndicator type="warning">No verified host keys yet</StatusIndicator>
        <Box variant="small">
          Kiln will not connect without verified host keys. The agent reports them once it runs; otherwise Kiln reads
          them from the console output cloud-init prints. Refresh in a minute.
        </Box>
      </div>
    );
  }
  return (
    <div data-testid="host-key-source" data-source={hostKeys.source}>
      <SpaceBetween size="xxs">
        <StatusIndicator type="success">Verified: {hostKeySourceText(hostKeys.source)}</StatusIndicator>
        <ul className="kiln-plain-list">
          {hostKeys.keys.map((key) => (
            <li key={key.fingerprint} data-testid="host-key" data-type={key.type}>
              <span className="kiln-fingerprint">
                {key.type} {key.fingerprint}
              </span>
            </li>
          ))}
        </ul>
        <Box variant="small" color="text-body-secondary">
          Collected {formatDateTime(hostKeys.collectedAt)}
        </Box>
      </SpaceBetween>
    </div>
  );
}
