/** Pure helpers of the network section: the options its selects offer, and what the choice means for a public IP. */
import type { SecurityGroupSummary, SubnetSummary, VpcSummary } from '../../../electron/common/models';
import { visibleText } from '../common/visible-text';
import type { NetworkForm } from './wizard-form';

/**
 * The network choice without what belongs to one account and region (VPC, subnet, existing groups): another
 * profile or region has other ids, so they are chosen again there.
 */
export function withoutAccountNetwork(network: NetworkForm): NetworkForm {
  return { ...network, vpcId: '', subnetId: '', existingGroupIds: [] };
}

export interface Option {
  value: string;
  label: string;
  description?: string;
  tags?: string[];
}

/** The default VPC is offered as "" (what the spec means by "the default VPC"), so it is preselected. */
export function vpcOptions(vpcs: readonly VpcSummary[] | undefined): Option[] {
  const list = vpcs ?? [];
  const options = list.map((v) => ({
    value: v.isDefault ? '' : v.vpcId,
    label: `${v.name ? `${visibleText(v.name)} · ` : ''}${v.vpcId}${v.isDefault ? ' (default)' : ''}`,
    description: v.cidrBlock,
  }));
  return list.some((v) => v.isDefault)
    ? options
    : [{ value: '', label: 'Default VPC', description: 'This region has none: choose a VPC.' }, ...options];
}

export function subnetOptions(subnets: readonly SubnetSummary[] | undefined, defaultVpc: boolean): Option[] {
  return [
    {
      value: '',
      label: defaultVpc ? 'Default subnet (first availability zone)' : 'First subnet (by availability zone)',
    },
    ...(subnets ?? []).map((s) => ({
      value: s.subnetId,
      label: `${s.subnetId} (${s.availabilityZone})`,
      description: `${s.cidrBlock ?? ''}${s.mapPublicIpOnLaunch ? ' · public IP on launch' : ' · no public IP on launch'}`,
    })),
  ];
}

export function groupOptions(groups: readonly SecurityGroupSummary[] | undefined): Option[] {
  return (groups ?? []).map((g) => ({
    value: g.groupId,
    label: visibleText(g.name),
    description: `${g.groupId}${g.description ? ` · ${visibleText(g.description)}` : ''}`,
    tags: g.inbound.length > 0 ? g.inbound : ['no inbound rules'],
  }));
}

/** The subnet the launch would use: the chosen one, else the one Kiln would pick (default-for-zone, first zone). */
export function effectiveSubnet(
  network: NetworkForm,
  subnets: readonly SubnetSummary[] | undefined,
): SubnetSummary | undefined {
  const list = subnets ?? [];
  if (network.subnetId) return list.find((s) => s.subnetId === network.subnetId);
  return [...list].sort(
    (a, b) => Number(b.defaultForAz) - Number(a.defaultForAz) || a.availabilityZone.localeCompare(b.availabilityZone),
  )[0];
}

/** Whether the instance would get a public IP; undefined while the subnet is not known. */
export function willGetPublicIp(
  network: NetworkForm,
  subnets: readonly SubnetSummary[] | undefined,
): boolean | undefined {
  if (network.publicIp !== 'subnet') return network.publicIp === 'enable';
  return effectiveSubnet(network, subnets)?.mapPublicIpOnLaunch;
}

const PUBLIC_IP_TEXT: Record<NetworkForm['publicIp'], string> = {
  subnet: 'public IP as the subnet sets it',
  enable: 'public IP',
  disable: 'no public IP',
};

/** One line for the review: VPC, subnet, public IP and groups. */
export function networkSummary(network: NetworkForm): string {
  const groups =
    network.securityGroupMode === 'existing'
      ? `${network.existingGroupIds.join(', ')} + Kiln's agent-port group`
      : "Kiln's own group";
  return [
    network.vpcId || 'default VPC',
    network.subnetId || 'default subnet',
    PUBLIC_IP_TEXT[network.publicIp],
    groups,
  ].join(' · ');
}
