/** What the key pair, network and storage sections choose from: key pairs, VPCs, their subnets and groups, "My IP". */
import type { KeyPairSummary, SecurityGroupSummary, SubnetSummary, VpcSummary } from '../../../electron/common/models';
import { useQuery, type QueryState } from '../common/use-command';

export interface LaunchOptions {
  keyPairs: QueryState<KeyPairSummary[]>;
  vpcs: QueryState<VpcSummary[]>;
  subnets: QueryState<SubnetSummary[]>;
  securityGroups: QueryState<SecurityGroupSummary[]>;
  operatorAddress: QueryState<{ cidr: string }>;
}

/** `vpcId` empty means the region's default VPC. */
export function useLaunchOptions(profileId: string, region: string, active: boolean, vpcId = ''): LaunchOptions {
  const where = active && profileId && region ? { profileId, region } : null;
  const inVpc = where && { ...where, vpcId };
  return {
    keyPairs: useQuery('keyPairs.list', where),
    vpcs: useQuery('network.vpcs', where),
    subnets: useQuery('network.subnets', inVpc),
    securityGroups: useQuery('network.securityGroups', inVpc),
    operatorAddress: useQuery('network.operatorAddress', active && profileId ? { profileId } : null),
  };
}
