/** Connecting from the operator's own tools: an SSH client, a Remote Desktop client, Session Manager. */
import Box from '@cloudscape-design/components/box';
import Container from '@cloudscape-design/components/container';
import Header from '@cloudscape-design/components/header';
import KeyValuePairs from '@cloudscape-design/components/key-value-pairs';
import SpaceBetween from '@cloudscape-design/components/space-between';
import type { ConnectInfo } from '../../../../electron/common/models';
import { CopyValue } from '../../common/copy-value';
import { CommandLine } from './command-line';
import { ConnectDownloads } from './connect-downloads';
import { WindowsPassword } from './windows-password';

export function SshClientPanel({ launchId, info }: { launchId: string; info: ConnectInfo }) {
  return (
    <Container
      data-testid="ssh-client"
      header={
        <Header
          variant="h2"
          description="From your own terminal. The command and the scripts trust only the verified host keys."
        >
          SSH client
        </Header>
      }
    >
      <SpaceBetween size="m">
        {info.sshCommand ? (
          <CommandLine command={info.sshCommand} label="SSH command" testId="ssh-command" />
        ) : (
          <Box data-testid="ssh-command-none" color="text-body-secondary">
            No SSH command yet: the checks above say what is missing.
          </Box>
        )}
        <ConnectDownloads launchId={launchId} kinds={['sh', 'ps1', 'ssh-config', 'known-hosts']} />
      </SpaceBetween>
    </Container>
  );
}

export function RdpPanel({
  launchId,
  info,
  createdAt,
  active,
}: {
  launchId: string;
  info: ConnectInfo;
  createdAt: string;
  active: boolean;
}) {
  return (
    <Container
      data-testid="rdp-client"
      header={
        <Header
          variant="h2"
          description="With Microsoft Remote Desktop, mstsc or Remmina: open the .rdp file, then paste the password."
        >
          Remote Desktop
        </Header>
      }
    >
      <SpaceBetween size="m">
        <KeyValuePairs
          columns={2}
          items={[
            {
              label: 'Computer',
              value: (
                <CopyValue value={info.host && `${info.host}:${info.port}`} label="Computer" testId="rdp-address" />
              ),
            },
            { label: 'User name', value: <CopyValue value="Administrator" label="User name" testId="rdp-user" /> },
          ]}
        />
        <ConnectDownloads launchId={launchId} kinds={['rdp']} />
        <WindowsPassword launchId={launchId} createdAt={createdAt} active={active} />
      </SpaceBetween>
    </Container>
  );
}

export function SessionManagerPanel({ command }: { command: string }) {
  return (
    <Container
      data-testid="ssm-client"
      header={
        <Header
          variant="h2"
          description="No open port needed: the instance is a Session Manager managed node. Needs the AWS CLI and its Session Manager plugin."
        >
          Session Manager
        </Header>
      }
    >
      <CommandLine command={command} label="Session Manager command" testId="ssm-command" />
    </Container>
  );
}
