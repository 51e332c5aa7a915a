/**
 * Where the launch goes on the network: VPC, subnet, public IP, the security groups, and where Kiln's group lets the
 * agent port (and SSH/RDP) in from. Presentational: the lists come in as queries, the choice goes out as `onChange`.
 */
import Alert from '@cloudscape-design/components/alert';
import Checkbox from '@cloudscape-design/components/checkbox';
import Container from '@cloudscape-design/components/container';
import FormField from '@cloudscape-design/components/form-field';
import Header from '@cloudscape-design/components/header';
import Input from '@cloudscape-design/components/input';
import Multiselect from '@cloudscape-design/components/multiselect';
import RadioGroup from '@cloudscape-design/components/radio-group';
import SegmentedControl from '@cloudscape-design/components/segmented-control';
import Select from '@cloudscape-design/components/select';
import SpaceBetween from '@cloudscape-design/components/space-between';
import Tiles from '@cloudscape-design/components/tiles';
import {
  needsOpenConfirmation,
  openRangeWording,
  parseCidr,
  type ImageSummary,
  type SecurityGroupSummary,
  type SubnetSummary,
  type VpcSummary,
} from '../../../electron/common/models';
import { selectStatus } from '../common/select-status';
import type { QueryState } from '../common/use-command';
import { groupOptions, subnetOptions, vpcOptions, willGetPublicIp } from './network-options';
import type { FieldErrors } from './field-errors';
import type { NetworkForm } from './wizard-form';

export interface NetworkSectionProps {
  network: NetworkForm;
  image: ImageSummary | undefined;
  vpcs: QueryState<VpcSummary[]>;
  subnets: QueryState<SubnetSummary[]>;
  securityGroups: QueryState<SecurityGroupSummary[]>;
  operatorAddress: QueryState<{ cidr: string }>;
  errors: FieldErrors;
  onChange: (network: NetworkForm) => void;
}

export function NetworkSection({
  network,
  image,
  vpcs,
  subnets,
  securityGroups,
  operatorAddress,
  errors,
  onChange,
}: NetworkSectionProps) {
  const set = (patch: Partial<NetworkForm>) => onChange({ ...network, ...patch });
  const login = image?.platform === 'windows' ? 'RDP' : 'SSH';
  const existing = network.securityGroupMode === 'existing';
  const vpcChoices = vpcOptions(vpcs.value);
  // The default VPC is offered as "", also when the form names it by its id.
  const shownVpcId = vpcs.value?.find((v) => v.vpcId === network.vpcId)?.isDefault ? '' : network.vpcId;
  const subnetChoices = subnetOptions(subnets.value, network.vpcId === '');
  const groupChoices = groupOptions(securityGroups.value);
  const publicIp = willGetPublicIp(network, subnets.value);
  const myIp = operatorAddress.value?.cidr;
  const prefix = network.source === 'cidr' ? parseCidr(network.cidr)?.prefix : undefined;
  // Set when the typed CIDR is wider than one address: what it opens to, for the warning and the confirmation.
  const openTo = prefix !== undefined && needsOpenConfirmation(prefix) ? openRangeWording(prefix) : undefined;
  const opens = existing ? 'the agent port' : `the agent port and ${login}`;
  return (
    <Container
      header={
        <Header variant="h2" description="The VPC, subnet and security groups of the instance.">
          Network
        </Header>
      }
    >
      <SpaceBetween size="l">
        <FormField label="VPC" errorText={errors['network.vpcId']}>
          <Select
            data-testid="vpc-select"
            // A VPC the list does not hold shows as no choice, never as another one the form does not have.
            selectedOption={vpcChoices.find((o) => o.value === shownVpcId) ?? null}
            placeholder="Choose a VPC"
            options={vpcChoices}
            {...selectStatus(vpcs, 'VPCs')}
            onChange={({ detail }) =>
              set({ vpcId: detail.selectedOption.value ?? '', subnetId: '', existingGroupIds: [] })
            }
          />
        </FormField>
        <FormField label="Subnet" errorText={errors['network.subnetId']}>
          <Select
            data-testid="subnet-select"
            selectedOption={subnetChoices.find((o) => o.value === network.subnetId) ?? null}
            placeholder="Choose a subnet"
            options={subnetChoices}
            {...selectStatus(subnets, 'subnets')}
            onChange={({ detail }) => set({ subnetId: detail.selectedOption.value ?? '' })}
          />
        </FormField>
        <FormField
          label="Public IP"
          description="Kiln reaches the installer agent, and you reach the instance, over its public address."
          errorText={errors['network.publicIp']}
        >
          <div data-testid="public-ip-control">
            <SegmentedControl
              selectedId={network.publicIp}
              label="Public IP"
              options={[
                { id: 'subnet', text: 'Subnet setting' },
                { id: 'enable', text: 'Enable' },
                { id: 'disable', text: 'Disable' },
              ]}
              onChange={({ detail }) => set({ publicIp: detail.selectedId as NetworkForm['publicIp'] })}
            />
          </div>
        </FormField>
        {publicIp === false && (
          <Alert type="warning" data-testid="no-public-ip-warning">
            The instance will get no public IP address, so Kiln cannot reach its installer agent over the internet.
            Choose Enable, or a subnet that assigns public IPs (the local sandbox does not need one).
          </Alert>
        )}
        <FormField label="Security groups" errorText={errors['network.securityGroupMode']}>
          <div data-testid="security-group-mode">
            <Tiles
              value={network.securityGroupMode}
              columns={2}
              items={[
                {
                  value: 'kiln',
                  label: 'Kiln creates one',
                  description: `The agent port and ${login} from your address only; deleted with the instance.`,
                },
                {
                  value: 'existing',
                  label: 'Existing groups',
                  description: 'Yours, attached as they are; Kiln adds a group with only the agent port.',
                },
              ]}
              onChange={({ detail }) => set({ securityGroupMode: detail.value as NetworkForm['securityGroupMode'] })}
            />
          </div>
        </FormField>
        {existing && (
          <FormField
            label="Existing security groups"
            constraintText="Up to 4, of the chosen VPC."
            errorText={errors['network.existingGroupIds']}
          >
            <Multiselect
              data-testid="existing-groups-select"
              selectedOptions={groupChoices.filter((o) => network.existingGroupIds.includes(o.value))}
              options={groupChoices}
              placeholder="Choose security groups"
              filteringType="auto"
              {...selectStatus(securityGroups, 'security groups')}
              onChange={({ detail }) =>
                set({ existingGroupIds: detail.selectedOptions.map((o) => o.value ?? '').filter(Boolean) })
              }
            />
          </FormField>
        )}
        <FormField label={`Allow ${opens} from`} errorText={errors['network.source']}>
          <div data-testid="source-radio">
            <RadioGroup
              value={network.source}
              items={[
                {
                  value: 'my-ip',
                  label: 'My IP',
                  description:
                    myIp ?? (operatorAddress.error ? `Unknown: ${operatorAddress.error.message}` : 'detecting…'),
                },
                { value: 'cidr', label: 'Custom CIDR' },
              ]}
              onChange={({ detail }) =>
                set({ source: detail.value as NetworkForm['source'], confirmOpenToInternet: false })
              }
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
        {openTo && (
          <SpaceBetween size="s">
            <Alert type="warning">
              {network.cidr.trim()} opens {opens} to {openTo}, not only to your own address.
            </Alert>
            <FormField errorText={errors['network.confirmOpenToInternet']}>
              <div data-testid="confirm-open-checkbox">
                <Checkbox
                  checked={network.confirmOpenToInternet}
                  onChange={({ detail }) => set({ confirmOpenToInternet: detail.checked })}
                >
                  I understand this opens {opens} to {openTo}
                </Checkbox>
              </div>
            </FormField>
          </SpaceBetween>
        )}
      </SpaceBetween>
    </Container>
  );
}
