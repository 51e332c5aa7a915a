/**
 * The login Kiln uses: where (host:port), as whom (and why that user), with which key, and the host keys it
 * accepts. The user and the key file can be changed here; Reset goes back to Kiln's choice.
 */
import Box from '@cloudscape-design/components/box';
import Container from '@cloudscape-design/components/container';
import Header from '@cloudscape-design/components/header';
import KeyValuePairs from '@cloudscape-design/components/key-value-pairs';
import SpaceBetween from '@cloudscape-design/components/space-between';
import type { ConnectInfo, LaunchRecord } from '../../../../electron/common/models';
import { CopyValue } from '../../common/copy-value';
import { HostKeysView } from './host-keys';
import { OptionEditor } from './option-editor';
import { keySourceText } from './session-state';
import { useConnectOptions } from './use-connect-options';

export interface LoginPanelProps {
  launchId: string;
  info: ConnectInfo;
  /** A change was saved; the caller takes the record and reloads. */
  onRecord: (record: LaunchRecord) => void;
}

export function LoginPanel({ launchId, info, onRecord }: LoginPanelProps) {
  const options = useConnectOptions(launchId, onRecord);
  const linux = info.platform === 'linux';
  const operatorKey = info.keySource === 'operator-key-file';
  const items = [
    {
      label: 'Address',
      value: info.host ? (
        <CopyValue value={`${info.host}:${info.port}`} label="Address" testId="connect-address" />
      ) : (
        <Box data-testid="connect-address" color="text-status-warning">
          No address Kiln can reach (see the checks above)
        </Box>
      ),
    },
    {
      label: 'User',
      value: (
        <SpaceBetween size="xs">
          <div data-testid="connect-user" data-value={info.user} data-source={info.userSource}>
            <Box fontWeight="bold">{info.user}</Box>
            <Box variant="small">{info.userDetail}</Box>
          </div>
          {linux && (
            <OptionEditor
              testId="connect-user"
              label="Log in as"
              value={info.user}
              isSet={info.userSource === 'operator'}
              resetLabel="Reset"
              saving={options.saving === 'user'}
              error={options.errors.user}
              onSave={(value) => void options.save('user', value)}
            />
          )}
        </SpaceBetween>
      ),
    },
    {
      label: 'Key',
      value: (
        <SpaceBetween size="xs">
          <Box data-testid="connect-key" data-source={info.keySource}>
            {keySourceText(info.keySource, info.keyPath)}
          </Box>
          <OptionEditor
            testId="connect-key-path"
            label="Private key file"
            description={
              linux
                ? 'A key of your own on this machine, used instead of Kiln’s.'
                : 'The key that decrypts the Administrator password.'
            }
            value={operatorKey ? (info.keyPath ?? '') : ''}
            placeholder="/home/you/.ssh/id_ed25519"
            isSet={operatorKey}
            resetLabel="Use Kiln's key"
            saving={options.saving === 'keyPath'}
            error={options.errors.keyPath}
            onSave={(value) => void options.save('keyPath', value)}
          />
        </SpaceBetween>
      ),
    },
  ];
  if (linux || info.hostKeys) items.push({ label: 'Host keys', value: <HostKeysView hostKeys={info.hostKeys} /> });
  return (
    <Container data-testid="connect-login" header={<Header variant="h2">Login</Header>}>
      <KeyValuePairs columns={2} items={items} />
    </Container>
  );
}
