/** Download buttons for connect files; each asks the backend, then saves what it built. */
import Box from '@cloudscape-design/components/box';
import Button from '@cloudscape-design/components/button';
import SpaceBetween from '@cloudscape-design/components/space-between';
import type { ConnectFileKind } from '../../../../electron/common/models';
import { ErrorAlert } from '../../common/error-alert';
import { useConnectFile } from './use-connect-file';

/** What each file is, as the button says it. */
export const CONNECT_FILE_LABELS: Record<ConnectFileKind, string> = {
  sh: 'Script for macOS and Linux (.sh)',
  ps1: 'Script for Windows OpenSSH (.ps1)',
  'ssh-config': 'ssh_config block',
  'known-hosts': 'known_hosts',
  rdp: 'Remote Desktop file (.rdp)',
};

export function ConnectDownloads({ launchId, kinds }: { launchId: string; kinds: readonly ConnectFileKind[] }) {
  const file = useConnectFile(launchId);
  return (
    <SpaceBetween size="xs">
      <SpaceBetween direction="horizontal" size="xs">
        {kinds.map((kind) => (
          <Button
            key={kind}
            data-testid={`download-${kind}`}
            iconName="download"
            loading={file.loading === kind}
            disabled={file.loading !== undefined && file.loading !== kind}
            onClick={() => void file.download(kind)}
          >
            {CONNECT_FILE_LABELS[kind]}
          </Button>
        ))}
      </SpaceBetween>
      {file.saved && (
        <Box variant="small" color="text-status-success" data-testid="download-saved">
          Sent {file.saved} to your downloads.
        </Box>
      )}
      {file.error && (
        <ErrorAlert
          error={file.error.error}
          header={`Kiln could not make the ${CONNECT_FILE_LABELS[file.error.kind]}`}
          onDismiss={file.dismissError}
          testId="download-error"
        />
      )}
    </SpaceBetween>
  );
}
