// The shared config and credentials files as the SDK reads them: every profile kind, the SDK's INI quirks, and
// the problems that make a profile unusable (shown in the list with the reason instead of failing later).
// The files are written to disk and read through the SDK's loader, as Kiln reads them.
import { mkdtemp, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { createAwsProfileSource, describeProfile } from '../../../../electron/core/profiles/aws-profile';
import {
  loadSharedConfig,
  type SharedConfig,
  type SharedProfile,
} from '../../../../electron/core/profiles/shared-profiles';

/** Writes the two files' text (undefined: the file does not exist) and loads them. */
async function readSharedConfig(configText?: string, credentialsText?: string): Promise<SharedConfig> {
  const dir = await mkdtemp(path.join(os.tmpdir(), 'kiln-shared-config-'));
  const configFile = path.join(dir, 'config');
  const credentialsFile = path.join(dir, 'credentials');
  if (configText !== undefined) await writeFile(configFile, configText);
  if (credentialsText !== undefined) await writeFile(credentialsFile, credentialsText);
  return loadSharedConfig({ configFile, credentialsFile });
}

const CONFIG = `
[default]
region = eu-west-1

[profile dev]
region=us-west-2
output = json

[profile admin]
role_arn = arn:aws:iam::111122223333:role/Admin
source_profile = dev
mfa_serial = arn:aws:iam::444455556666:mfa/alice

[profile ci]
role_arn = arn:aws:iam::111122223333:role/Ci
credential_source = Environment

[profile vault]
credential_process = /usr/local/bin/vault-creds --role deploy

[profile team]
sso_session = corp
sso_account_id = 111122223333
sso_role_name = PowerUser
region = ap-southeast-2

[sso-session corp]
sso_start_url = https://d-1234567890.awsapps.com/start
sso_region = eu-central-1
sso_registration_scopes = sso:account:access, codecatalyst:read_write

[profile legacy]
sso_start_url = https://legacy.awsapps.com/start
sso_region = us-east-1
sso_account_id = 999988887777
sso_role_name = ReadOnly

[profile web]
role_arn = arn:aws:iam::111122223333:role/Web
web_identity_token_file = /var/run/token
`;

const CREDENTIALS = `
[default]
aws_access_key_id = AKIADEFAULT
aws_secret_access_key = secret/default#not-a-comment

[dev]
aws_access_key_id = AKIADEV
aws_secret_access_key = secret-dev
`;

function byName(profiles: SharedProfile[]): Record<string, SharedProfile> {
  return Object.fromEntries(profiles.map((p) => [p.name, p]));
}

describe('loadSharedConfig', async () => {
  const { profiles, ssoSessions, definitions } = await readSharedConfig(CONFIG, CREDENTIALS);
  const p = byName(profiles);

  it('lists config profiles in file order, then credentials-only ones', () => {
    expect(profiles.map((x) => x.name)).toEqual(['default', 'dev', 'admin', 'ci', 'vault', 'team', 'legacy', 'web']);
  });

  it('reads static keys, with the region from the config file', () => {
    expect(p.default).toEqual({ name: 'default', region: 'eu-west-1', kind: 'static' });
    expect(p.dev).toMatchObject({ kind: 'static', region: 'us-west-2' });
  });

  it('reads assume-role profiles with source_profile, mfa_serial, or credential_source', () => {
    expect(p.admin).toMatchObject({
      kind: 'assume-role',
      roleArn: 'arn:aws:iam::111122223333:role/Admin',
      sourceProfile: 'dev',
      mfaSerial: 'arn:aws:iam::444455556666:mfa/alice',
      problem: undefined,
    });
    expect(p.ci).toMatchObject({ kind: 'assume-role', credentialSource: 'Environment', problem: undefined });
    expect(p.web).toMatchObject({ kind: 'assume-role', webIdentity: true });
  });

  it('reads credential_process profiles', () => {
    expect(p.vault).toMatchObject({ kind: 'process', command: '/usr/local/bin/vault-creds --role deploy' });
  });

  it('reads sso_session profiles with their [sso-session] section, and legacy SSO profiles', () => {
    expect(ssoSessions.get('corp')).toEqual({
      name: 'corp',
      startUrl: 'https://d-1234567890.awsapps.com/start',
      region: 'eu-central-1',
      scopes: ['sso:account:access', 'codecatalyst:read_write'],
    });
    expect(p.team).toMatchObject({
      kind: 'sso',
      session: { name: 'corp' },
      startUrl: 'https://d-1234567890.awsapps.com/start',
      ssoRegion: 'eu-central-1',
      accountId: '111122223333',
      roleName: 'PowerUser',
      region: 'ap-southeast-2',
      problem: undefined,
    });
    expect(p.legacy).not.toHaveProperty('session');
    expect(p.legacy).toMatchObject({
      kind: 'sso',
      startUrl: 'https://legacy.awsapps.com/start',
      ssoRegion: 'us-east-1',
    });
  });

  it('keeps a # that is not preceded by whitespace, as the SDK does', () => {
    expect(definitions.get('default')).toContain('"aws_secret_access_key","secret/default#not-a-comment"');
  });

  it('lets the credentials file win key by key over the config file', async () => {
    const merged = await readSharedConfig(
      '[profile a]\nrole_arn = arn:aws:iam::1:role/A\nsource_profile = b\n',
      '[a]\nsource_profile = c\n[c]\naws_access_key_id=k\naws_secret_access_key=s\n',
    );
    expect(byName(merged.profiles).a).toMatchObject({ kind: 'assume-role', sourceProfile: 'c', problem: undefined });
  });
});

describe('odd formatting', () => {
  it('handles CRLF, comments, indentation, tabs, quotes and sub-properties', async () => {
    const text = [
      '# leading comment',
      '; another',
      '[profile "quoted"]\t',
      '  region = eu-north-1   ; trailing comment',
      's3 =',
      '  max_concurrent_requests = 20',
      'aws_access_key_id=AKIA1',
      'aws_secret_access_key =  s1 # comment',
      '[profile  two-spaces]',
      'region = us-east-2',
      '[other x]',
      'region = us-east-2',
      '[plain]',
      'region = us-east-2',
      'no equals sign here',
      '= value without key',
    ].join('\r\n');
    const { profiles, definitions } = await readSharedConfig(text, '');
    // `[profile  two-spaces]`, `[other x]` and `[plain]` in the config file are not profiles for the SDK: left out.
    expect(profiles).toEqual([{ name: 'quoted', region: 'eu-north-1', kind: 'static' }]);
    expect(JSON.parse(definitions.get('quoted') ?? '')).toEqual([
      [
        'profile quoted',
        [
          ['aws_access_key_id', 'AKIA1'],
          ['aws_secret_access_key', 's1'],
          ['region', 'eu-north-1'],
          ['s3.max_concurrent_requests', '20'],
        ],
      ],
    ]);
  });

  it('ignores key lines before the first section', async () => {
    const { profiles } = await readSharedConfig('region = x\n[profile ok]\ncredential_process = get-creds\n', '');
    expect(profiles).toEqual([{ name: 'ok', region: undefined, kind: 'process', command: 'get-creds' }]);
  });

  it('offers nothing from a file the SDK refuses (a __proto__ section), and pollutes no prototype', async () => {
    const refused = '[profile ok]\nregion = eu-west-1\n[__proto__]\npolluted = yes\n';
    expect((await readSharedConfig(refused, '')).profiles).toEqual([]);
    expect((await readSharedConfig('', refused.replace('profile ok', 'ok'))).profiles).toEqual([]);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });

  it('reads nothing from empty or missing files', async () => {
    const nothing = { profiles: [], ssoSessions: new Map(), definitions: new Map() };
    expect(await readSharedConfig('', '')).toEqual(nothing);
    expect(await readSharedConfig()).toEqual(nothing);
  });
});

describe('problems that make a profile unusable', () => {
  const cases: Array<[string, string, RegExp]> = [
    ['[profile r]\nrole_arn = arn:aws:iam::1:role/R\n', '', /needs a source_profile or a credential_source/],
    [
      '[profile r]\nrole_arn = arn:aws:iam::1:role/R\nsource_profile = nowhere\n',
      '',
      /source_profile "nowhere" does not exist/,
    ],
    [
      '[profile r]\nrole_arn = arn:aws:iam::1:role/R\nsource_profile = r\ncredential_source = Environment\n',
      '',
      /not both/,
    ],
    [
      '[profile r]\nrole_arn = arn:aws:iam::1:role/R\ncredential_source = Laptop\n',
      '',
      /credential_source must be one of/,
    ],
    [
      '[profile s]\nsso_session = gone\nsso_account_id = 1\nsso_role_name = R\n',
      '',
      /has no \[sso-session gone\] section/,
    ],
    [
      '[profile s]\nsso_session = x\n[sso-session x]\nsso_region = us-east-1\n',
      '',
      /lack sso_account_id, sso_role_name, sso_start_url \(in \[sso-session x\]\)/,
    ],
    [
      '[profile s]\nsso_start_url = https://x.awsapps.com/start\n',
      '',
      /lack sso_region, sso_account_id, sso_role_name/,
    ],
    ['[profile empty]\nregion = us-east-1\n', '', /has no credentials/],
    ['', '[half]\naws_access_key_id = AKIA\n', /has no credentials/],
  ];
  it.each(cases)('%j', async (config, credentials, problem) => {
    const [profile] = (await readSharedConfig(config, credentials)).profiles;
    expect(profile.problem).toMatch(problem);
    const shown = describeProfile(profile);
    expect(shown.available).toBe(false);
    expect(shown.reason).toMatch(problem);
  });
});

describe('describeProfile (what the renderer sees)', async () => {
  const p = byName((await readSharedConfig(CONFIG, CREDENTIALS)).profiles);

  it('names the credential kind, MFA device and SSO session, never a key or the process command', () => {
    expect(describeProfile(p.admin)).toMatchObject({
      id: 'aws:admin',
      credentialKind: 'assume-role',
      mfaSerial: 'arn:aws:iam::444455556666:mfa/alice',
      available: true,
    });
    expect(describeProfile(p.team)).toMatchObject({
      credentialKind: 'sso',
      ssoSession: 'corp',
      defaultRegion: 'ap-southeast-2',
    });
    expect(describeProfile(p.legacy)).toMatchObject({
      credentialKind: 'sso',
      ssoSession: undefined,
      ssoStartUrl: 'https://legacy.awsapps.com/start',
    });
    expect(describeProfile(p.vault)).toMatchObject({ credentialKind: 'process' });
    const everything = JSON.stringify(Object.values(p).map((x) => describeProfile(x)));
    expect(everything).not.toMatch(/AKIADEV|secret-dev|secret\/default|vault-creds/);
  });

  it('falls back to the environment region for profiles without one', () => {
    expect(describeProfile(p.admin, 'sa-east-1').defaultRegion).toBe('sa-east-1');
    expect(describeProfile(p.dev, 'sa-east-1').defaultRegion).toBe('us-west-2');
  });
});

describe('createAwsProfileSource (files on disk)', () => {
  it('lists nothing when both files are missing', async () => {
    const dir = await mkdtemp(path.join(os.tmpdir(), 'kiln-profiles-'));
    const source = createAwsProfileSource({
      configFile: path.join(dir, 'nope', 'config'),
      credentialsFile: path.join(dir, 'nope', 'credentials'),
      ssoCacheDir: path.join(dir, 'sso'),
    });
    expect(await source.load()).toEqual([]);
  });

  it('reads a credentials file alone, and keeps a profile context while the files are unchanged', async () => {
    const dir = await mkdtemp(path.join(os.tmpdir(), 'kiln-profiles-'));
    const credentialsFile = path.join(dir, 'credentials');
    await writeFile(credentialsFile, CREDENTIALS);
    const source = createAwsProfileSource({ configFile: path.join(dir, 'config'), credentialsFile, ssoCacheDir: dir });
    const first = await source.load();
    expect(first.map((c) => ('profile' in c ? c.profile.id : c.id))).toEqual(['aws:default', 'aws:dev']);
    const again = await source.load();
    const revision = (list: typeof first) => ('profile' in list[0] ? list[0].revision : undefined);
    expect(revision(again)).toBe(revision(first));
    await writeFile(credentialsFile, CREDENTIALS.replace('AKIADEFAULT', 'AKIAROTATED'));
    expect(revision(await source.load())).not.toBe(revision(first));
  });

  it("changes a profile's revision only when its own sections, its source_profile chain or sso-session change", async () => {
    const dir = await mkdtemp(path.join(os.tmpdir(), 'kiln-profiles-'));
    const configFile = path.join(dir, 'config');
    const credentialsFile = path.join(dir, 'credentials');
    await writeFile(configFile, CONFIG);
    await writeFile(credentialsFile, CREDENTIALS);
    const source = createAwsProfileSource({ configFile, credentialsFile, ssoCacheDir: dir });
    const revisions = async () =>
      Object.fromEntries(
        (await source.load()).flatMap((c) => ('profile' in c ? [[c.profile.label, c.revision] as const] : [])),
      );
    const first = await revisions();

    // Another profile's section changes: admin (MFA, chained through dev) and team (sso-session corp) keep theirs.
    await writeFile(configFile, CONFIG.replace('role/Ci', 'role/Ci2').replace('ReadOnly', 'ReadOnly2'));
    const second = await revisions();
    expect(second.admin).toBe(first.admin);
    expect(second.team).toBe(first.team);
    expect(second.ci).not.toBe(first.ci);
    expect(second.legacy).not.toBe(first.legacy);

    // The source profile's keys or the sso-session change: the dependent profiles get a new revision.
    await writeFile(credentialsFile, CREDENTIALS.replace('AKIADEV', 'AKIADEV2'));
    await writeFile(configFile, CONFIG.replace('eu-central-1', 'eu-west-3'));
    const third = await revisions();
    expect(third.admin).not.toBe(first.admin);
    expect(third.team).not.toBe(first.team);
    expect(third.default).toBe(first.default);
  });
});
