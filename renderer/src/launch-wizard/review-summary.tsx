/** The Review step's cost estimate and its list of what Kiln creates and what stays after terminate. */
import Box from '@cloudscape-design/components/box';
import ColumnLayout from '@cloudscape-design/components/column-layout';
import Container from '@cloudscape-design/components/container';
import Header from '@cloudscape-design/components/header';
import KeyValuePairs from '@cloudscape-design/components/key-value-pairs';
import SpaceBetween from '@cloudscape-design/components/space-between';
import StatusIndicator from '@cloudscape-design/components/status-indicator';
import type { ReactNode } from 'react';
import type { ImageSummary, LaunchEstimate } from '../../../electron/common/models';
import { DEFAULT_AGENT_PORT } from '../../../electron/common/models';
import { errorText } from '../common/error-alert';
import type { QueryState } from '../common/use-command';
import type { WizardForm } from './wizard-form';

const usd = new Intl.NumberFormat('en-US', {
  style: 'currency',
  currency: 'USD',
  minimumFractionDigits: 2,
  maximumFractionDigits: 4,
});
const money = (value: number | null | undefined) =>
  value === null || value === undefined ? 'unknown' : usd.format(value);

export function CostSection({ estimate }: { estimate: QueryState<LaunchEstimate> }) {
  const value = estimate.value;
  let body;
  if (estimate.error) body = <StatusIndicator type="error">{errorText(estimate.error)}</StatusIndicator>;
  else if (!value) body = <StatusIndicator type="loading">Estimating</StatusIndicator>;
  else {
    const price = value.instancePrice;
    const volume = value.rootVolume;
    body = (
      <KeyValuePairs
        columns={4}
        items={[
          {
            label: value.count > 1 ? `Per hour, ${value.count} instances` : 'Per hour',
            value: <span data-testid="estimate-per-hour">{money(value.usdPerHour)}</span>,
          },
          { label: 'Per day', value: <span data-testid="estimate-per-day">{money(value.usdPerDay)}</span> },
          {
            label: 'Instance (on demand)',
            value: (
              <Detail
                main={price ? `${usd.format(price.usdPerHour)} per hour` : 'unknown'}
                detail={
                  <span data-testid="estimate-price-note">
                    {price
                      ? `${value.instancePriceNote}: ${price.source === 'snapshot' ? 'price snapshot' : 'AWS Pricing'} of ${price.asOf}, ${price.region}`
                      : value.instancePriceNote}
                  </span>
                }
              />
            ),
          },
          {
            label: 'Root volume',
            value: (
              <Detail
                main={`${money(volume.usdPerDay)} per day`}
                detail={`${volume.sizeGiB === null ? 'AMI size' : `${volume.sizeGiB} GiB`} ${volume.volumeType}`}
              />
            ),
          },
        ]}
      />
    );
  }
  return (
    <Container
      header={
        <Header variant="h2" description="On-demand prices, without data transfer or taxes.">
          Estimated cost
        </Header>
      }
    >
      {body}
    </Container>
  );
}

export function ResourcesSection({
  form,
  image,
  operatorCidr,
}: {
  form: WizardForm;
  image: ImageSummary | undefined;
  operatorCidr?: string;
}) {
  const count = Number(form.advanced.count) || 1;
  const several = count > 1;
  const source = form.network.source === 'my-ip' ? (operatorCidr ?? 'your address (/32)') : form.network.cidr.trim();
  const login = image?.platform === 'windows' ? 'RDP (3389)' : 'SSH (22)';
  const existing = form.network.securityGroupMode === 'existing';
  const newKey = form.keyPair.mode === 'create' || form.keyPair.mode === 'import';
  const created = [
    `${several ? `${count} instances, each` : 'An instance'} with its ${form.storage.encrypted ? 'encrypted ' : ''}root volume, tagged kiln:launch-id`,
    `${several ? `${count} security groups, one per instance` : 'A security group'}: the agent port (${DEFAULT_AGENT_PORT})${existing ? '' : ` and ${login}`} from ${source} only; the agent port closes when the install ends${existing ? ` (your ${form.network.existingGroupIds.length === 1 ? 'group is' : 'groups are'} attached as they are)` : ''}`,
    ...(newKey ? [`Key pair ${form.keyPair.name.trim()}`] : []),
    ...(form.dns.enabled
      ? [
          `An A record ${form.dns.recordName.trim()} (TTL 60 s) for the instance's address, moved when it restarts with a new one`,
        ]
      : []),
    'The agent bundle in the private artifact bucket kiln-artifacts-<account>-<region> (once per region), fetched through a presigned URL valid for one hour',
    `${several ? `${count} launch secrets` : 'A launch secret'} (agent token and certificate) in SSM Parameter Store, /kiln/launches/<launch id>/agent`,
  ];
  const deleted = [
    'The instance and its root volume',
    'The security group',
    'The launch secret',
    ...(newKey ? ['The key pair in AWS'] : []),
    ...(form.dns.enabled ? ['The A record, unless someone changed it since'] : []),
  ];
  const kept = [
    'The artifact bucket and the agent bundle (shared by later launches)',
    'The install log on this computer',
    ...(form.keyPair.mode === 'create' ? [`The private key file ${form.keyPair.savePath.trim()}`] : []),
    ...(form.keyPair.mode === 'existing' ? [`The existing key pair ${form.keyPair.name}`] : []),
  ];
  return (
    <Container header={<Header variant="h2">What Kiln creates</Header>}>
      <ColumnLayout columns={3} variant="text-grid">
        <List testId="review-created" title="Created in AWS" items={created} />
        <List testId="review-deleted" title="Deleted on terminate" items={deleted} />
        <List testId="review-kept" title="Left after terminate" items={kept} />
      </ColumnLayout>
    </Container>
  );
}

function Detail({ main, detail }: { main: string; detail: ReactNode }) {
  return (
    <SpaceBetween size="xxxs">
      <span>{main}</span>
      <Box variant="small" color="text-body-secondary">
        {detail}
      </Box>
    </SpaceBetween>
  );
}

function List({ title, items, testId }: { title: string; items: string[]; testId: string }) {
  return (
    <SpaceBetween size="xxs">
      <Box variant="awsui-key-label">{title}</Box>
      <ul data-testid={testId} className="kiln-plain-list">
        {items.map((item) => (
          <li key={item}>{item}</li>
        ))}
      </ul>
    </SpaceBetween>
  );
}
