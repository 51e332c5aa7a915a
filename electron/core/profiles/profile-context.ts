/** What the backend needs to talk to AWS (or the sandbox) on behalf of one profile. */
import type { Profile } from '../../common/models';

/** Credentials as the SDK takes them; `expiration` is set for temporary ones. */
export interface AwsCredentials {
  accessKeyId: string;
  secretAccessKey: string;
  sessionToken?: string;
  expiration?: Date;
}

/**
 * A function the SDK calls for credentials (it caches the answer until shortly before `expiration`); the SDK passes
 * the calling client's settings (e.g. its region, for the STS call of a role assumption).
 */
export type AwsCredentialsProvider = (options?: Record<string, unknown>) => Promise<AwsCredentials>;

export interface AwsClientConfig {
  region: string;
  endpoint?: string;
  credentials?: AwsCredentials | AwsCredentialsProvider;
  forcePathStyle?: boolean;
  maxAttempts: number;
  retryMode: 'standard' | 'adaptive';
}

export interface InstanceAddressInfo {
  instanceId: string;
  publicIp?: string;
  publicDnsName?: string;
}

/** Where an SSH or RDP client reaches an instance. */
export interface LoginEndpoint {
  host: string;
  port: number;
}

export interface SsoLoginTarget {
  /** The token cache key: the sso-session name, or the start URL for legacy profiles. */
  cacheKey: string;
  /** Where the SDK reads cached tokens (`~/.aws/sso/cache`). */
  cacheDir: string;
  /** Replaces `https://oidc.<region>.amazonaws.com` (tests: a local stand-in). */
  endpoint?: string;
  startUrl: string;
  region: string;
  scopes: string[];
  sessionName?: string;
}

export interface ProfileContext {
  readonly profile: Profile;
  /** SDK client settings for a region. */
  clientConfig(region: string): AwsClientConfig;
  /** Where the agent of an instance can be reached, or undefined while unknown (e.g. no public IP yet). */
  agentAddress(instance: InstanceAddressInfo): string | undefined;
  /**
   * Where SSH (standard port 22) or RDP (3389) clients reach an instance, or undefined when they cannot; without it,
   * the instance's public DNS name (else its public IP) on the standard port.
   */
  loginEndpoint?(instance: InstanceAddressInfo, standardPort: number): LoginEndpoint | undefined;
  /** The login user of every instance of this profile, when the profile decides it (the sandbox's own account). */
  readonly loginUser?: string;
  /** The profile's name in the shared AWS config files, for commands the operator copies (`--profile`). */
  readonly cliProfile?: string;
  /** The operator's address as a /32 CIDR, for the security group rules. */
  operatorCidr(): Promise<string>;
  /** The only regions this profile can launch in, when it is restricted (the sandbox runs instances in a few). */
  readonly regions?: readonly string[];
  /**
   * Instances run on this workstation with its own Node.js (the sandbox), so launches resolve no Node.js download
   * and never reach out for one.
   */
  readonly usesHostNode?: boolean;
  /** The endpoint to name in "does not answer" errors (sandbox only). */
  readonly endpointForErrors?: string;
  /** Changes when the profile's definition changes, so cached SDK clients are rebuilt with the new credentials. */
  readonly revision?: string;
  /** IAM Identity Center profiles: what a device sign-in needs and where its token is cached. */
  readonly sso?: SsoLoginTarget;
  /** Profiles with `mfa_serial`: assumes the role with the operator's code and keeps the session in memory. */
  signInWithMfa?(mfaCode: string): Promise<void>;
}
