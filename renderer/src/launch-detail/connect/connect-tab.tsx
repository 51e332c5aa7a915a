/**
 * The launch's Connect tab, like the AWS console's "Connect to instance" page: the checks first, then the login,
 * a terminal inside Kiln, and what an SSH, Remote Desktop or Session Manager client needs.
 */
import Button from '@cloudscape-design/components/button';
import SpaceBetween from '@cloudscape-design/components/space-between';
import StatusIndicator from '@cloudscape-design/components/status-indicator';
import type { LaunchRecord } from '../../../../electron/common/models';
import { ErrorAlert } from '../../common/error-alert';
import { RdpPanel, SessionManagerPanel, SshClientPanel } from './client-panels';
import { ConnectChecks } from './connect-checks';
import { LoginPanel } from './login-panel';
import { TerminalSessions } from './terminal-sessions';
import { useConnectInfo } from './use-connect-info';

export interface ConnectTabProps {
  record: LaunchRecord;
  /** Whether the tab is shown: it reloads when shown, and forgets the Windows password when left. */
  active: boolean;
  onRecord: (record: LaunchRecord) => void;
}

export function ConnectTab({ record, active, onRecord }: ConnectTabProps) {
  const connect = useConnectInfo(record, active);
  const { info } = connect;
  function handleRecord(changed: LaunchRecord) {
    onRecord(changed);
    connect.reload();
  }
  return (
    <div
      data-testid="connect-panel"
      data-state={connect.loading ? 'loading' : connect.error ? 'error' : 'ready'}
      aria-busy={connect.loading}
    >
      <SpaceBetween size="l">
        {connect.error && (
          <ErrorAlert
            error={connect.error}
            header="Kiln could not check how to connect"
            action={
              <Button data-testid="connect-retry" onClick={connect.reload}>
                Retry
              </Button>
            }
            testId="connect-error"
          />
        )}
        {!info && connect.loading && <StatusIndicator type="loading">Checking how to connect</StatusIndicator>}
        {info && (
          <SpaceBetween size="l">
            <ConnectChecks
              launchId={record.id}
              checks={info.checks}
              refreshing={connect.loading}
              onRefresh={connect.reload}
              onRecord={handleRecord}
            />
            <LoginPanel launchId={record.id} info={info} onRecord={handleRecord} />
            {info.platform === 'linux' && (
              <TerminalSessions
                launchId={record.id}
                target={`${info.user}@${info.host ?? record.instanceId ?? record.id}`}
                unavailableReason={
                  info.host ? undefined : 'The instance has no address Kiln can reach: the checks above say why.'
                }
              />
            )}
            {(info.platform === 'linux' || info.sshCommand) && <SshClientPanel launchId={record.id} info={info} />}
            {info.platform === 'windows' && (
              <RdpPanel launchId={record.id} info={info} createdAt={record.createdAt} active={active} />
            )}
            {info.ssmCommand && <SessionManagerPanel command={info.ssmCommand} />}
          </SpaceBetween>
        )}
      </SpaceBetween>
    </div>
  );
}
