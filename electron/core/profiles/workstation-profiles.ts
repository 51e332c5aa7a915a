/** The profiles a workstation offers: the Local sandbox (or why it cannot run), environment credentials, and the
 * profiles of the AWS shared files. Both composition roots use this; they pass in what they read from the process. */
import path from 'node:path';
import { fromEnv } from '@aws-sdk/credential-providers';
import type { Profile } from '../../common/models';
import { createAwsProfileSource, createEnvironmentProfile } from './aws-profile';
import type { ProfileContext } from './profile-context';
import { createSandboxProfile, unavailableSandboxProfile } from './sandbox-profile';

/** The environment variables the AWS CLI and SDK honour for finding profiles. */
export interface ProfileEnvironment {
  AWS_CONFIG_FILE?: string;
  AWS_SHARED_CREDENTIALS_FILE?: string;
  AWS_REGION?: string;
  AWS_DEFAULT_REGION?: string;
  AWS_ACCESS_KEY_ID?: string;
  AWS_SECRET_ACCESS_KEY?: string;
}

export interface WorkstationProfileOptions {
  env: ProfileEnvironment;
  homeDir: string;
  /** The running sandbox, or why it is not running (shown on the unavailable profile). */
  sandbox: { endpoint: string } | { unavailableReason: string };
}

export function createWorkstationProfiles(
  options: WorkstationProfileOptions,
): () => Promise<Array<ProfileContext | Profile>> {
  const { env, homeDir } = options;
  const defaultRegion = env.AWS_REGION ?? env.AWS_DEFAULT_REGION;
  const awsProfiles = createAwsProfileSource({
    configFile: env.AWS_CONFIG_FILE ?? path.join(homeDir, '.aws', 'config'),
    credentialsFile: env.AWS_SHARED_CREDENTIALS_FILE ?? path.join(homeDir, '.aws', 'credentials'),
    ssoCacheDir: path.join(homeDir, '.aws', 'sso', 'cache'),
    defaultRegion,
  });
  const envProfile =
    env.AWS_ACCESS_KEY_ID && env.AWS_SECRET_ACCESS_KEY
      ? createEnvironmentProfile({ credentials: fromEnv(), defaultRegion })
      : undefined;
  const sandbox =
    'endpoint' in options.sandbox
      ? createSandboxProfile(options.sandbox.endpoint)
      : unavailableSandboxProfile(options.sandbox.unavailableReason);
  return async () => [sandbox, ...(envProfile ? [envProfile] : []), ...(await awsProfiles.load())];
}
