/** What the key pair, network and storage sections choose from: key pairs, default-VPC subnets, "My IP". */
import type { KeyPairSummary, SubnetSummary } from '../../../electron/common/models';
import { useQuery, type QueryState } from '../common/use-command';

export interface LaunchOptions {
  keyPairs: QueryState<KeyPairSummary[]>;
  subnets: QueryState<SubnetSummary[]>;
  operatorAddress: QueryState<{ cidr: string }>;
}

export function useLaunchOptions(profileId: string, region: string, active: boolean): LaunchOptions {
  const where = active && profileId && region ? { profileId, region } : null;
  return {
    keyPairs: useQuery('keyPairs.list', where),
    subnets: useQuery('network.subnets', where),
    operatorAddress: useQuery('network.operatorAddress', active && profileId ? { profileId } : null),
  };
}
