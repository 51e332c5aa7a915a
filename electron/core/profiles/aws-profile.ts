/** Named profiles from the AWS shared config and credentials files, resolved by the SDK's own credential providers. */
import { createHash } from 'node:crypto';
import type { Profile } from '../../common/models';
import { createProfileCredentials, type CredentialDeps, type ProfileCredentials } from './profile-credentials';
import type { AwsCredentialsProvider, ProfileContext } from './profile-context';
import { loadSharedConfig, type SharedProfile } from './shared-profiles';

export type { SharedConfigPaths } from './profile-credentials';

export const ENV_PROFILE_ID = 'env';

export interface AwsProfileSourceOptions extends CredentialDeps {
  /** AWS_REGION / AWS_DEFAULT_REGION, for profiles that name no region. */
  defaultRegion?: string;
  detectOperatorIp?: () => Promise<string>;
}

export interface AwsProfileSource {
  /** Reads the shared files again; sign-ins (MFA sessions) survive while a profile's definition is unchanged. */
  load(): Promise<Array<ProfileContext | Profile>>;
}

export function createAwsProfileSource(options: AwsProfileSourceOptions): AwsProfileSource {
  const cache = new Map<string, { revision: string; credentials: ProfileCredentials }>();
  return {
    async load() {
      const { profiles, definitions } = await loadSharedConfig(options);
      return profiles.map((shared) => {
        const profile = describeProfile(shared, options.defaultRegion);
        if (!profile.available) return profile;
        // Only the profile's own settings count, so that editing one profile keeps the others' MFA sessions.
        const revision = createHash('sha256')
          .update(definitions.get(shared.name) ?? '')
          .digest('hex');
        let entry = cache.get(shared.name);
        if (entry?.revision !== revision) {
          entry = { revision, credentials: createProfileCredentials(shared, options) };
          cache.set(shared.name, entry);
        }
        return awsContext(profile, entry.credentials, { ...options, revision, shared });
      });
    },
  };
}

function awsContext(
  profile: Profile,
  credentials: ProfileCredentials,
  deps: {
    endpoint?: string;
    ssoEndpoint?: string;
    ssoCacheDir: string;
    detectOperatorIp?: () => Promise<string>;
    revision: string;
    shared: SharedProfile;
  },
): ProfileContext {
  const { shared } = deps;
  return {
    profile,
    revision: deps.revision,
    cliProfile: shared.name,
    ...awsAccess(credentials.provider, deps),
    signInWithMfa: credentials.signInWithMfa,
    sso:
      shared.kind === 'sso' && shared.startUrl && shared.ssoRegion
        ? {
            cacheKey: shared.session?.name ?? shared.startUrl,
            cacheDir: deps.ssoCacheDir,
            endpoint: deps.ssoEndpoint,
            startUrl: shared.startUrl,
            region: shared.ssoRegion,
            scopes: shared.session?.scopes ?? [],
            sessionName: shared.session?.name,
          }
        : undefined,
  };
}

/** What the UI may know about a shared profile: how it gets credentials, never the credentials. */
export function describeProfile(shared: SharedProfile, defaultRegion?: string): Profile {
  const base = {
    id: `aws:${shared.name}`,
    label: shared.name,
    kind: 'aws' as const,
    defaultRegion: shared.region ?? defaultRegion,
    available: !shared.problem && shared.kind !== 'none',
    reason: shared.problem ? `The profile cannot be used: ${shared.problem}.` : undefined,
  };
  switch (shared.kind) {
    case 'static':
    case 'none':
      return { ...base, credentialKind: 'static', detail: 'Access key from the shared credentials files' };
    case 'assume-role': {
      const via = shared.webIdentity
        ? 'a web identity token'
        : shared.sourceProfile
          ? `the profile ${shared.sourceProfile}`
          : `${shared.credentialSource} credentials`;
      return {
        ...base,
        credentialKind: 'assume-role',
        detail: `Assumes ${shared.roleArn} with ${via}`,
        mfaSerial: shared.mfaSerial,
      };
    }
    case 'process':
      // The command line may carry arguments that are secrets; it is not shown.
      return {
        ...base,
        credentialKind: 'process',
        detail: 'Credentials from an external program (credential_process)',
      };
    case 'sso':
      return {
        ...base,
        credentialKind: 'sso',
        detail: `IAM Identity Center: account ${shared.accountId ?? '?'}, role ${shared.roleName ?? '?'}`,
        ssoSession: shared.session?.name,
        ssoStartUrl: shared.startUrl,
      };
  }
}

/** "Environment credentials": AWS_ACCESS_KEY_ID and friends, read by the composition root through fromEnv. */
export function createEnvironmentProfile(deps: {
  credentials: AwsCredentialsProvider;
  defaultRegion?: string;
  endpoint?: string;
  detectOperatorIp?: () => Promise<string>;
}): ProfileContext {
  return {
    profile: {
      id: ENV_PROFILE_ID,
      label: 'Environment credentials',
      kind: 'aws',
      credentialKind: 'env',
      available: true,
      defaultRegion: deps.defaultRegion,
      detail: 'AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY of the environment Kiln was started in',
    },
    ...awsAccess(deps.credentials, deps),
  };
}

/** How every real AWS profile reaches AWS and its instances; only the credentials differ between them. */
function awsAccess(
  credentials: AwsCredentialsProvider,
  deps: { endpoint?: string; detectOperatorIp?: () => Promise<string> },
): Pick<ProfileContext, 'clientConfig' | 'agentAddress' | 'operatorCidr'> {
  const detectOperatorIp = deps.detectOperatorIp ?? (() => detectOperatorIpViaCheckip());
  return {
    clientConfig: (region) => ({
      region,
      credentials,
      ...(deps.endpoint ? { endpoint: deps.endpoint, forcePathStyle: true } : {}),
      maxAttempts: 5,
      retryMode: 'adaptive',
    }),
    agentAddress: ({ publicIp }) => publicIp,
    operatorCidr: async () => `${await detectOperatorIp()}/32`,
  };
}

/** Finds the workstation's public address the way Packer does. */
export async function detectOperatorIpViaCheckip(fetchImpl: typeof fetch = fetch): Promise<string> {
  const response = await fetchImpl('https://checkip.amazonaws.com', { signal: AbortSignal.timeout(5_000) });
  const text = (await response.text()).trim();
  if (!/^\d{1,3}(\.\d{1,3}){3}$/.test(text)) throw new Error(`checkip answered "${text.slice(0, 40)}"`);
  return text;
}
