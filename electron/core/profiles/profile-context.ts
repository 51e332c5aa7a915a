/** What the backend needs to talk to AWS (or the sandbox) on behalf of one profile. */
import type { Profile } from '../../common/models';

export interface AwsClientConfig {
  region: string;
  endpoint?: string;
  credentials?: { accessKeyId: string; secretAccessKey: string; sessionToken?: string };
  profile?: string;
  forcePathStyle?: boolean;
  maxAttempts: number;
  retryMode: 'standard' | 'adaptive';
}

export interface InstanceAddressInfo {
  instanceId: string;
  publicIp?: string;
}

export interface ProfileContext {
  readonly profile: Profile;
  /** SDK client settings for a region. */
  clientConfig(region: string): AwsClientConfig;
  /** Where the agent of an instance can be reached, or undefined while unknown (e.g. no public IP yet). */
  agentAddress(instance: InstanceAddressInfo): string | undefined;
  /** The operator's address as a /32 CIDR, for the security group rules. */
  operatorCidr(): Promise<string>;
  /** The only regions this profile can launch in, when it is restricted (the sandbox runs instances in a few). */
  readonly regions?: readonly string[];
  /** The endpoint to name in "does not answer" errors (sandbox only). */
  readonly endpointForErrors?: string;
}
