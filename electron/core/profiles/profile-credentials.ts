/**
 * Credentials for one shared-config profile, resolved by the SDK's own providers (fromIni, fromProcess, fromSSO)
 * and shared by every client of the profile, so a role is assumed once rather than once per client and region.
 */
import { fromIni, fromProcess, fromSSO } from '@aws-sdk/credential-providers';
import { KilnFailure, type KilnError } from '../../common/result';
import { awsErrorCode } from '../aws/errors';
import type { AwsCredentials, AwsCredentialsProvider } from './profile-context';
import type { SharedProfile } from './shared-profiles';
import { readSsoTokenState } from './sso-token-cache';

export interface SharedConfigPaths {
  configFile: string;
  credentialsFile: string;
}

export interface CredentialDeps extends SharedConfigPaths {
  /** Where the SDK keeps IAM Identity Center tokens (`~/.aws/sso/cache`). */
  ssoCacheDir: string;
  /** Endpoint overrides for AWS (STS role assumption included) and IAM Identity Center; tests use local stand-ins. */
  endpoint?: string;
  ssoEndpoint?: string;
}

export interface ProfileCredentials {
  provider: AwsCredentialsProvider;
  /** Assumes the role with an MFA code; later calls of `provider` return that session until it expires. */
  signInWithMfa?: (mfaCode: string) => Promise<void>;
}

/** Renew temporary credentials this long before they expire, as the SDK does. */
const REFRESH_MARGIN_MS = 5 * 60_000;

export function createProfileCredentials(profile: SharedProfile, deps: CredentialDeps): ProfileCredentials {
  const files = {
    profile: profile.name,
    filepath: deps.credentialsFile,
    configFilepath: deps.configFile,
    ignoreCache: true,
  };
  const stsConfig = deps.endpoint ? { endpoint: deps.endpoint } : undefined;
  if (profile.kind === 'assume-role' && profile.mfaSerial) {
    const mfaSerial = profile.mfaSerial;
    let session: AwsCredentials | undefined;
    return {
      provider: () =>
        session && !expiresSoon(session)
          ? Promise.resolve(session)
          : Promise.reject(new KilnFailure(mfaRequired(profile.name, mfaSerial, session !== undefined))),
      async signInWithMfa(mfaCode) {
        const resolve = fromIni({ ...files, clientConfig: stsConfig, mfaCodeProvider: () => Promise.resolve(mfaCode) });
        // No client calls this provider, so the STS region comes from the profile (or the global endpoint's).
        session = await resolve({
          callerClientConfig: { region: () => Promise.resolve(profile.region ?? 'us-east-1') },
        }).catch((error: unknown) => {
          throw new KilnFailure(mfaSignInError(error, profile.name));
        });
      },
    };
  }
  const resolve = sdkProvider(profile, files, stsConfig, deps);
  return {
    provider: memoize((options) =>
      resolve(options).catch(async (error: unknown) => Promise.reject(await explain(error, profile, deps))),
    ),
  };
}

function sdkProvider(
  profile: SharedProfile,
  files: { profile: string; filepath: string; configFilepath: string; ignoreCache: boolean },
  stsConfig: { endpoint: string } | undefined,
  deps: CredentialDeps,
): AwsCredentialsProvider {
  switch (profile.kind) {
    case 'process':
      return fromProcess(files);
    case 'sso':
      return fromSSO({ ...files, clientConfig: deps.ssoEndpoint ? { endpoint: deps.ssoEndpoint } : undefined });
    default:
      return fromIni({ ...files, clientConfig: stsConfig });
  }
}

/** One resolution at a time, reused until shortly before expiry; a failure is not kept. */
export function memoize(resolve: AwsCredentialsProvider): AwsCredentialsProvider {
  let current: Promise<AwsCredentials> | undefined;
  let value: AwsCredentials | undefined;
  return async (options) => {
    if (value && !expiresSoon(value)) return value;
    current ??= resolve(options)
      .then((credentials) => (value = credentials))
      .finally(() => (current = undefined));
    return current;
  };
}

function expiresSoon(credentials: AwsCredentials, now = Date.now()): boolean {
  return credentials.expiration !== undefined && credentials.expiration.getTime() - now < REFRESH_MARGIN_MS;
}

function mfaRequired(name: string, mfaSerial: string, expired: boolean): KilnError {
  return {
    code: 'MfaRequired',
    message: expired
      ? `The MFA session of the profile "${name}" has expired.`
      : `The profile "${name}" needs a code from the MFA device ${mfaSerial}.`,
    remedy: 'Type the 6-digit code from the MFA device and sign in.',
    field: 'mfaCode',
  };
}

function mfaSignInError(error: unknown, name: string): KilnError {
  const raw = error instanceof Error ? error.message : String(error);
  const code = awsErrorCode(error);
  if (code === 'AccessDenied' || /MultiFactorAuthentication|one time pass/i.test(raw)) {
    return {
      code: 'MfaCodeRejected',
      message: `AWS did not accept the MFA code for the profile "${name}": ${raw}`,
      remedy: 'Wait for the next code from the MFA device, type it and sign in again (each code works once).',
      field: 'mfaCode',
    };
  }
  return credentialsError(raw, name, 'Check the role_arn, source_profile and mfa_serial of the profile, then retry.');
}

/** Names what went wrong while resolving credentials; an SSO profile without a usable token needs a sign-in. */
async function explain(error: unknown, profile: SharedProfile, deps: CredentialDeps): Promise<KilnFailure> {
  if (error instanceof KilnFailure) return error;
  const raw = error instanceof Error ? error.message : String(error);
  if (profile.kind === 'sso') {
    const key = profile.session?.name ?? profile.startUrl;
    const state = key ? await readSsoTokenState(deps.ssoCacheDir, key) : 'missing';
    if (state !== 'valid') {
      return new KilnFailure({
        code: 'SsoLoginRequired',
        message: `The IAM Identity Center sign-in of the profile "${profile.name}" is ${state === 'expired' ? 'expired' : 'missing'}.`,
        remedy: 'Sign in with AWS IAM Identity Center (or run aws sso login for this profile), then retry.',
      });
    }
  }
  if (profile.kind === 'process') return new KilnFailure(processError(raw, profile.name));
  const remedy: Record<Exclude<SharedProfile['kind'], 'process'>, string> = {
    static: 'Check the aws_access_key_id and aws_secret_access_key of the profile.',
    'assume-role': 'Check the role_arn and the source profile (or credential_source) of the profile.',
    sso: 'Check that the account and role of the profile are still assigned to you in IAM Identity Center.',
    none: 'Add credentials to the profile in ~/.aws/credentials or ~/.aws/config.',
  };
  return new KilnFailure(credentialsError(raw, profile.name, remedy[profile.kind]));
}

/** The SDK's own messages about the program's answer; they name the profile and nothing the program printed. */
const SAFE_PROCESS_MESSAGE =
  /^Profile \S+ (credential_process (did not return Version 1|returned invalid credentials|returned expired credentials|returned invalid JSON)|did not contain credential_process)\.$/;

/**
 * A failed credential_process surfaces as Node's exec error, "Command failed: <command line>\n<stderr>", also when
 * it is the source profile of a role: the arguments and what the program printed may be secrets, so neither
 * reaches the message (shown and logged). The SDK keeps only that text, not the exit status, so it is not named.
 */
const EXEC_FAILURE = /Command failed:/;

function processError(raw: string, name: string): KilnError {
  if (SAFE_PROCESS_MESSAGE.test(raw)) {
    return credentialsError(
      raw,
      name,
      'Run the credential_process command of the profile yourself and check that it prints Version 1 JSON credentials.',
    );
  }
  return processFailed(name);
}

function processFailed(name: string): KilnError {
  return {
    code: 'CredentialsUnavailable',
    message: `A credential_process of the profile "${name}" failed (the command exited with an error).`,
    remedy: 'Run the command yourself in a terminal to see why it fails, fix it, then retry.',
  };
}

function credentialsError(raw: string, name: string, remedy: string): KilnError {
  if (EXEC_FAILURE.test(raw)) return processFailed(name);
  return {
    code: 'CredentialsUnavailable',
    message: `Kiln could not get credentials for the profile "${name}": ${raw}`,
    remedy,
  };
}
