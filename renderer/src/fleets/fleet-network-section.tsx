/**
 * The fleet's network and boot: VPC, its subnets (each with its availability zone), existing security groups of the
 * VPC attached beside the fleet's own, the port the instances serve on, and the user data that does last-mile
 * configuration at each boot.
 */
import Container from '@cloudscape-design/components/container';
import FormField from '@cloudscape-design/components/form-field';
import Header from '@cloudscape-design/components/header';
import Input from '@cloudscape-design/components/input';
import Multiselect from '@cloudscape-design/components/multiselect';
import Select from '@cloudscape-design/components/select';
import SpaceBetween from '@cloudscape-design/components/space-between';
import Textarea from '@cloudscape-design/components/textarea';
import type { SecurityGroupSummary, SubnetSummary, VpcSummary } from '../../../electron/common/models';
import { selectStatus } from '../common/select-status';
import type { QueryState } from '../common/use-command';
import { groupOptions, vpcOptions } from '../launch-wizard/network-options';
import type { FleetSectionProps } from './fleet-section-props';

export interface FleetNetworkSectionProps extends FleetSectionProps {
  vpcs: QueryState<VpcSummary[]>;
  subnets: QueryState<SubnetSummary[]>;
  /** The security groups of the chosen VPC. */
  securityGroups: QueryState<SecurityGroupSummary[]>;
}

export function FleetNetworkSection(props: FleetNetworkSectionProps) {
  const { form, set, errorAt, vpcs, subnets, securityGroups } = props;
  const vpcChoices = vpcOptions(vpcs.value);
  const groupChoices = groupOptions(securityGroups.value);
  const subnetChoices = (subnets.value ?? []).map((s) => ({
    value: s.subnetId,
    label: `${s.subnetId} (${s.availabilityZone})`,
    description: s.cidrBlock,
    tags: [s.availabilityZone],
  }));
  const zones = new Set(
    (subnets.value ?? []).filter((s) => form.subnetIds.includes(s.subnetId)).map((s) => s.availabilityZone),
  );
  return (
    <Container header={<Header variant="h2">Network and boot</Header>}>
      <SpaceBetween size="l">
        <FormField label="VPC">
          <Select
            data-testid="fleet-vpc-select"
            selectedOption={vpcChoices.find((o) => o.value === form.vpcId) ?? null}
            options={vpcChoices}
            placeholder="Choose a VPC"
            {...selectStatus(vpcs, 'VPCs')}
            onChange={({ detail }) =>
              set({ vpcId: detail.selectedOption.value ?? '', subnetIds: [], securityGroupIds: [] })
            }
          />
        </FormField>
        <FormField
          label="Subnets"
          description={`Subnets in several availability zones keep the fleet up when one zone is not; a load balancer needs two zones.${form.subnetIds.length > 0 ? ` Chosen: ${zones.size} zone${zones.size === 1 ? '' : 's'}.` : ''}`}
          errorText={errorAt('subnetIds')}
        >
          <Multiselect
            data-testid="fleet-subnets-select"
            selectedOptions={subnetChoices.filter((o) => form.subnetIds.includes(o.value))}
            options={subnetChoices}
            placeholder="Choose subnets"
            {...selectStatus(subnets, 'subnets')}
            onChange={({ detail }) =>
              set({ subnetIds: detail.selectedOptions.map((o) => o.value ?? '').filter(Boolean) })
            }
          />
        </FormField>
        <FormField
          label="Security groups (optional)"
          description="Groups of this VPC the instances join beside the fleet's own group, e.g. to let clients or your monitoring in."
          constraintText="Up to 4."
          errorText={errorAt('securityGroupIds')}
        >
          <Multiselect
            data-testid="fleet-security-groups-select"
            selectedOptions={groupChoices.filter((o) => form.securityGroupIds.includes(o.value ?? ''))}
            options={groupChoices}
            placeholder="Choose security groups"
            filteringType="auto"
            {...selectStatus(securityGroups, 'security groups')}
            onChange={({ detail }) =>
              set({ securityGroupIds: detail.selectedOptions.map((o) => o.value ?? '').filter(Boolean) })
            }
          />
        </FormField>
        <FormField
          label="Instance port"
          description="The port the instances serve on; the load balancer forwards to it."
          errorText={errorAt('instancePort')}
        >
          <Input
            type="number"
            inputMode="numeric"
            value={form.instancePort}
            nativeInputAttributes={{ 'data-testid': 'fleet-instance-port-input' }}
            onChange={({ detail }) => set({ instancePort: detail.value })}
          />
        </FormField>
        <FormField
          label="User data (optional)"
          description="Last-mile configuration, run at each instance's boot (at most 16 KB)."
          errorText={errorAt('userData')}
        >
          <Textarea
            value={form.userData}
            rows={4}
            placeholder={'#!/bin/bash\necho "configured" > /etc/motd'}
            ariaLabel="User data"
            onChange={({ detail }) => set({ userData: detail.value })}
          />
        </FormField>
      </SpaceBetween>
    </Container>
  );
}
