/** "Before you connect": what will or will not let the operator in, each with its remedy and, where Kiln can, the fix. */
import Box from '@cloudscape-design/components/box';
import Button from '@cloudscape-design/components/button';
import Container from '@cloudscape-design/components/container';
import Header from '@cloudscape-design/components/header';
import SpaceBetween from '@cloudscape-design/components/space-between';
import StatusIndicator, { type StatusIndicatorProps } from '@cloudscape-design/components/status-indicator';
import type { ConnectCheck, LaunchRecord } from '../../../../electron/common/models';
import { ErrorAlert } from '../../common/error-alert';
import { useCommand } from '../../common/use-command';

/** A failed check is an error, except the Windows password, which is usually just not there yet. */
export function checkStatus(check: ConnectCheck): StatusIndicatorProps.Type {
  if (check.ok) return 'success';
  return check.id === 'password' ? 'warning' : 'error';
}

export interface ConnectChecksProps {
  launchId: string;
  checks: readonly ConnectCheck[];
  refreshing: boolean;
  onRefresh: () => void;
  /** A fix changed the launch; the caller takes the record and reloads. */
  onRecord: (record: LaunchRecord) => void;
}

export function ConnectChecks({ launchId, checks, refreshing, onRefresh, onRecord }: ConnectChecksProps) {
  const fix = useCommand('connect.updateLoginRule');
  async function handleFix() {
    const result = await fix.run({ launchId });
    if (result.ok) onRecord(result.value);
  }
  const failing = checks.filter((check) => !check.ok).length;
  return (
    <Container
      data-testid="connect-checks"
      header={
        <Header
          variant="h2"
          description={
            failing === 0
              ? 'Everything Kiln can check before you connect is in order.'
              : 'Checked before you try, so a failure says why.'
          }
          actions={
            <Button data-testid="connect-refresh" iconName="refresh" loading={refreshing} onClick={onRefresh}>
              Refresh
            </Button>
          }
        >
          Before you connect
        </Header>
      }
    >
      <SpaceBetween size="s">
        {fix.error && (
          <ErrorAlert
            error={fix.error}
            header="The login rule was not updated"
            onDismiss={fix.clearError}
            testId="connect-fix-error"
          />
        )}
        {checks.map((check) => (
          <div key={check.id} data-testid="connect-check" data-id={check.id} data-ok={String(check.ok)}>
            <StatusIndicator type={checkStatus(check)}>{check.title}</StatusIndicator>
            {check.detail && (
              <Box variant="small" display="block" margin={{ left: 'l' }}>
                {check.detail}
              </Box>
            )}
            {!check.ok && check.remedy && (
              <Box variant="p" margin={{ left: 'l' }}>
                {check.remedy}
              </Box>
            )}
            {check.fix === 'update-login-rule' && (
              <Button data-testid="connect-check-fix" loading={fix.loading} onClick={() => void handleFix()}>
                Open the login port to my address
              </Button>
            )}
          </div>
        ))}
      </SpaceBetween>
    </Container>
  );
}
