/**
 * Typed profiles from the shared config and credentials files. The files are read and parsed by the SDK's own loader
 * (@smithy/shared-ini-file-loader), so Kiln sees the sections the SDK will later resolve; the classification is pure
 * and follows the order of the SDK's fromIni (assume role, static keys, web identity, process, SSO).
 */
import { loadSharedConfigFiles } from '@smithy/shared-ini-file-loader';
import type { ParsedIniData, SharedConfigFiles } from '@smithy/shared-ini-file-loader';
import type { SharedConfigPaths } from './profile-credentials';

export interface SsoSession {
  name: string;
  startUrl?: string;
  region?: string;
  /** `sso_registration_scopes`, comma separated in the file. */
  scopes: string[];
}

interface Common {
  name: string;
  region?: string;
  /** Set when the SDK cannot use the profile as written; says what is missing. */
  problem?: string;
}

export type SharedProfile = Common &
  (
    | { kind: 'static' }
    | {
        kind: 'assume-role';
        roleArn: string;
        sourceProfile?: string;
        credentialSource?: string;
        webIdentity: boolean;
        mfaSerial?: string;
      }
    | { kind: 'process'; command: string }
    | {
        kind: 'sso';
        session?: SsoSession;
        startUrl?: string;
        ssoRegion?: string;
        accountId?: string;
        roleName?: string;
      }
    | { kind: 'none' }
  );

export interface SharedConfig {
  profiles: SharedProfile[];
  ssoSessions: Map<string, SsoSession>;
  /**
   * Per profile name, the settings its credentials depend on (its own section, its source_profile chain and its
   * sso-session) as one stable string: it changes when those change and only then.
   */
  definitions: Map<string, string>;
}

/**
 * Reads both files afresh (no cache, so an edit shows on the next load). A missing file reads as empty, and so does a
 * file the SDK refuses to parse: the SDK would resolve none of its profiles either.
 */
export async function loadSharedConfig(paths: SharedConfigPaths): Promise<SharedConfig> {
  const files = await loadSharedConfigFiles({
    configFilepath: paths.configFile,
    filepath: paths.credentialsFile,
    ignoreCache: true,
  });
  return readSharedConfig(files);
}

/**
 * Profiles from the parsed files: the config file's `[default]` and `[profile x]` sections (the loader has already
 * dropped the `profile ` prefix and the sections the SDK ignores), then credentials-only ones; the credentials file
 * wins key by key, as in the SDK.
 */
function readSharedConfig({ configFile: config, credentialsFile: credentials }: SharedConfigFiles): SharedConfig {
  const ssoSessions = new Map<string, SsoSession>();
  const merged = new Map<string, Record<string, string>>();
  for (const [section, values] of Object.entries(config)) {
    if (section.startsWith('sso-session.')) {
      const name = section.slice('sso-session.'.length);
      ssoSessions.set(name, {
        name,
        startUrl: values.sso_start_url,
        region: values.sso_region,
        scopes: (values.sso_registration_scopes ?? '')
          .split(',')
          .map((s) => s.trim())
          .filter(Boolean),
      });
    } else if (!section.startsWith('services.')) {
      merged.set(section, definedValues(values));
    }
  }
  for (const [name, values] of Object.entries(credentials)) {
    merged.set(name, { ...merged.get(name), ...definedValues(values) });
  }
  const profiles = [...merged].map(([name, values]) => classify(name, values, merged, ssoSessions));
  const definitions = new Map([...merged.keys()].map((name) => [name, definitionOf(name, merged, config)]));
  return { profiles, ssoSessions, definitions };
}

/** The parser never stores an undefined value; its type allows one, so the few checks below need not. */
function definedValues(section: ParsedIniData[string]): Record<string, string> {
  return Object.fromEntries(
    Object.entries(section).filter((entry): entry is [string, string] => entry[1] !== undefined),
  );
}

function definitionOf(name: string, merged: Map<string, Record<string, string>>, config: ParsedIniData): string {
  const sections: Array<[string, Array<[string, string]> | null]> = [];
  const sorted = (values: Record<string, string> | undefined) =>
    values ? Object.entries(values).sort(([a], [b]) => a.localeCompare(b)) : null;
  const seen = new Set<string>();
  for (let current: string | undefined = name; current !== undefined && !seen.has(current);) {
    seen.add(current);
    const values = merged.get(current);
    sections.push([`profile ${current}`, sorted(values)]);
    if (values?.sso_session !== undefined) {
      const session: ParsedIniData[string] | undefined = config[`sso-session.${values.sso_session}`];
      sections.push([`sso-session ${values.sso_session}`, sorted(session && definedValues(session))]);
    }
    current = values?.source_profile;
  }
  return JSON.stringify(sections);
}

function classify(
  name: string,
  v: Record<string, string>,
  all: Map<string, Record<string, string>>,
  ssoSessions: Map<string, SsoSession>,
): SharedProfile {
  const common = { name, region: v.region };
  if (v.role_arn !== undefined && (v.source_profile !== undefined || v.credential_source !== undefined)) {
    return { ...common, ...assumeRole(v.role_arn, v, all), webIdentity: false };
  }
  if (v.aws_access_key_id !== undefined && v.aws_secret_access_key !== undefined) return { ...common, kind: 'static' };
  if (v.web_identity_token_file !== undefined && v.role_arn !== undefined) {
    return { ...common, kind: 'assume-role', roleArn: v.role_arn, webIdentity: true };
  }
  if (v.credential_process !== undefined) return { ...common, kind: 'process', command: v.credential_process };
  if (
    ['sso_start_url', 'sso_account_id', 'sso_session', 'sso_region', 'sso_role_name'].some((k) => v[k] !== undefined)
  ) {
    return { ...common, ...sso(v, ssoSessions) };
  }
  if (v.role_arn !== undefined) {
    return { ...common, kind: 'none', problem: 'role_arn needs a source_profile or a credential_source' };
  }
  return {
    ...common,
    kind: 'none',
    problem: 'the profile has no credentials (no keys, role, process or SSO settings)',
  };
}

function assumeRole(roleArn: string, v: Record<string, string>, all: Map<string, Record<string, string>>) {
  const base = { kind: 'assume-role' as const, roleArn, mfaSerial: v.mfa_serial };
  if (v.source_profile !== undefined && v.credential_source !== undefined) {
    return { ...base, problem: 'a profile may set source_profile or credential_source, not both' };
  }
  if (v.source_profile !== undefined) {
    const problem = all.has(v.source_profile) ? undefined : `its source_profile "${v.source_profile}" does not exist`;
    return { ...base, sourceProfile: v.source_profile, problem };
  }
  const known = ['Environment', 'Ec2InstanceMetadata', 'EcsContainer'];
  const problem =
    v.credential_source !== undefined && known.includes(v.credential_source)
      ? undefined
      : `credential_source must be one of ${known.join(', ')} (it is "${v.credential_source}")`;
  return { ...base, credentialSource: v.credential_source, problem };
}

function sso(v: Record<string, string>, ssoSessions: Map<string, SsoSession>) {
  const base = { kind: 'sso' as const, accountId: v.sso_account_id, roleName: v.sso_role_name };
  const missing = (keys: Record<string, string | undefined>) =>
    Object.entries(keys)
      .filter(([, value]) => !value)
      .map(([key]) => key);
  if (v.sso_session !== undefined) {
    const session = ssoSessions.get(v.sso_session);
    if (!session)
      return { ...base, problem: `its sso_session "${v.sso_session}" has no [sso-session ${v.sso_session}] section` };
    const lacking = [
      ...missing({ sso_account_id: v.sso_account_id, sso_role_name: v.sso_role_name }),
      ...missing({ sso_start_url: session.startUrl, sso_region: session.region }).map(
        (k) => `${k} (in [sso-session ${session.name}])`,
      ),
    ];
    return {
      ...base,
      session,
      startUrl: session.startUrl,
      ssoRegion: session.region,
      problem: missingProblem(lacking),
    };
  }
  const lacking = missing({
    sso_start_url: v.sso_start_url,
    sso_region: v.sso_region,
    sso_account_id: v.sso_account_id,
    sso_role_name: v.sso_role_name,
  });
  return { ...base, startUrl: v.sso_start_url, ssoRegion: v.sso_region, problem: missingProblem(lacking) };
}

function missingProblem(keys: string[]): string | undefined {
  return keys.length ? `the SSO settings lack ${keys.join(', ')}` : undefined;
}
