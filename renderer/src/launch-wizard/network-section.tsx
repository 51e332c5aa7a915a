/** The subnet in the default VPC and where the per-launch group lets the agent port and SSH in from. Presentational. */
import Alert from '@cloudscape-design/components/alert';
import Checkbox from '@cloudscape-design/components/checkbox';
import Container from '@cloudscape-design/components/container';
import FormField from '@cloudscape-design/components/form-field';
import Header from '@cloudscape-design/components/header';
import Input from '@cloudscape-design/components/input';
import RadioGroup from '@cloudscape-design/components/radio-group';
import Select from '@cloudscape-design/components/select';
import SpaceBetween from '@cloudscape-design/components/space-between';
import { parseCidr, type SubnetSummary } from '../../../electron/common/models';
import type { QueryState } from '../common/use-command';
import type { FieldErrors, NetworkForm } from './wizard-form';

export interface NetworkSectionProps {
  network: NetworkForm;
  subnets: QueryState<SubnetSummary[]>;
  operatorAddress: QueryState<{ cidr: string }>;
  errors: FieldErrors;
  onChange(network: NetworkForm): void;
}

const DEFAULT_SUBNET = { value: '', label: 'Default subnet (first availability zone)' };

export function NetworkSection({ network, subnets, operatorAddress, errors, onChange }: NetworkSectionProps) {
  const set = (patch: Partial<NetworkForm>) => onChange({ ...network, ...patch });
  const options = [
    DEFAULT_SUBNET,
    ...(subnets.value ?? []).map((s) => ({
      value: s.subnetId,
      label: `${s.subnetId} (${s.availabilityZone})`,
      description: `${s.cidrBlock ?? ''}${s.mapPublicIpOnLaunch ? ' · public IP on launch' : ' · no public IP'}`,
    })),
  ];
  const myIp = operatorAddress.value?.cidr;
  const wide = network.source === 'cidr' && (parseCidr(network.cidr)?.prefix ?? 32) < 24;
  return (
    <Container header={<Header variant="h2" description="Kiln creates a security group for this launch.">Network</Header>}>
      <SpaceBetween size="l">
        <FormField label="Subnet" description="In the region's default VPC." errorText={errors['network.subnetId']}>
          <Select
            data-testid="subnet-select"
            selectedOption={options.find((o) => o.value === network.subnetId) ?? DEFAULT_SUBNET}
            options={options}
            statusType={subnets.loading ? 'loading' : subnets.error ? 'error' : 'finished'}
            errorText={subnets.error?.message}
            onChange={({ detail }) => set({ subnetId: detail.selectedOption.value ?? '' })}
          />
        </FormField>
        <FormField label="Allow the agent port and SSH from" errorText={errors['network.source']}>
          <div data-testid="source-radio">
            <RadioGroup
              value={network.source}
              items={[
                {
                  value: 'my-ip',
                  label: 'My IP',
                  description: myIp ?? (operatorAddress.error ? `Unknown: ${operatorAddress.error.message}` : 'detecting…'),
                },
                { value: 'cidr', label: 'Custom CIDR' },
              ]}
              onChange={({ detail }) => set({ source: detail.value as NetworkForm['source'], confirmOpenToInternet: false })}
            />
          </div>
        </FormField>
        {network.source === 'cidr' && (
          <FormField label="CIDR" constraintText="IPv4, e.g. 203.0.113.7/32." errorText={errors['network.cidr']}>
            <Input
              value={network.cidr}
              placeholder={myIp ?? '203.0.113.7/32'}
              nativeInputAttributes={{ 'data-testid': 'source-cidr-input' }}
              onChange={({ detail }) => set({ cidr: detail.value, confirmOpenToInternet: false })}
            />
          </FormField>
        )}
        {wide && (
          <SpaceBetween size="s">
            <Alert type="warning">
              {network.cidr.trim()} opens the installer agent port and SSH to many addresses
              {network.cidr.trim().endsWith('/0') ? ': the whole internet' : ''}.
            </Alert>
            <FormField errorText={errors['network.confirmOpenToInternet']}>
              <div data-testid="confirm-open-checkbox">
                <Checkbox
                  checked={network.confirmOpenToInternet}
                  onChange={({ detail }) => set({ confirmOpenToInternet: detail.checked })}
                >
                  I understand this opens the port to the internet
                </Checkbox>
              </div>
            </FormField>
          </SpaceBetween>
        )}
      </SpaceBetween>
    </Container>
  );
}
