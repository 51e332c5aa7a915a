/**
 * Where a successful install answers: public DNS name and IP (with copy buttons), http/https links, and whether
 * ports 80 and 443 are open to the operator, with the one-click "Open HTTP and HTTPS to my IP".
 */
import Box from '@cloudscape-design/components/box';
import Button from '@cloudscape-design/components/button';
import Container from '@cloudscape-design/components/container';
import Header from '@cloudscape-design/components/header';
import KeyValuePairs from '@cloudscape-design/components/key-value-pairs';
import Link from '@cloudscape-design/components/link';
import SpaceBetween from '@cloudscape-design/components/space-between';
import StatusIndicator from '@cloudscape-design/components/status-indicator';
import { launchEndpoints } from '../../../electron/common/endpoints';
import type { LaunchRecord } from '../../../electron/common/models';
import { CopyValue } from '../common/copy-value';
import { ErrorAlert } from '../common/error-alert';
import { formatDateTime } from '../common/format';
import { useCommand } from '../common/use-command';

export function EndpointsPanel({
  record,
  onRecord,
}: {
  record: LaunchRecord;
  onRecord: (record: LaunchRecord) => void;
}) {
  const endpoints = launchEndpoints(record);
  return (
    <Container
      data-testid="endpoints"
      header={
        <Header variant="h2" description="Where the installed service can be reached from here.">
          Endpoints
        </Header>
      }
    >
      {endpoints ? (
        <SpaceBetween size="m">
          <KeyValuePairs
            columns={3}
            items={[
              {
                label: 'Public DNS',
                value: <CopyValue value={record.publicDnsName} label="Public DNS name" testId="endpoint-dns" />,
              },
              {
                label: 'Public IP',
                value: <CopyValue value={record.publicIp} label="Public IP" testId="endpoint-ip" />,
              },
              {
                label: 'Web',
                value: (
                  <SpaceBetween size="xxs">
                    <Link external href={endpoints.http} data-testid="endpoint-http">
                      {endpoints.http}
                    </Link>
                    <Link external href={endpoints.https} data-testid="endpoint-https">
                      {endpoints.https}
                    </Link>
                  </SpaceBetween>
                ),
              },
            ]}
          />
          <WebAccess record={record} onRecord={onRecord} />
        </SpaceBetween>
      ) : (
        <Box data-testid="endpoints-none" color="text-body-secondary">
          The instance has no public address: reach it from inside its VPC (or through a bastion or VPN).
        </Box>
      )}
    </Container>
  );
}

function WebAccess({ record, onRecord }: { record: LaunchRecord; onRecord: (record: LaunchRecord) => void }) {
  const open = useCommand('launch.openWebAccess');
  const ownGroup = Boolean(record.securityGroupId && !record.securityGroupDeleted);
  async function handleOpen() {
    const result = await open.run({ launchId: record.id });
    if (result.ok) onRecord(result.value);
  }
  return (
    <div data-testid="web-access" data-open={String(Boolean(record.webAccess))}>
      <SpaceBetween size="xs">
        {record.webAccess ? (
          <StatusIndicator type="success">
            Ports 80 and 443 are open to {record.webAccess.cidr} (since {formatDateTime(record.webAccess.openedAt)}).
          </StatusIndicator>
        ) : (
          <StatusIndicator type="warning">
            Ports 80 and 443 are not open in the launch's security group: the links answer only if another group
            attached to the instance allows them.
          </StatusIndicator>
        )}
        {ownGroup && (
          <Button data-testid="open-web-access-button" loading={open.loading} onClick={() => void handleOpen()}>
            {record.webAccess ? 'Open them to my current IP' : 'Open HTTP and HTTPS to my IP'}
          </Button>
        )}
        {open.error && <ErrorAlert error={open.error} header="The web ports were not opened" />}
      </SpaceBetween>
    </div>
  );
}
