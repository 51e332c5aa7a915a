// Profiles end to end through the real backend commands: caller identity on the sandbox and on shared-config
// profiles against moto, MFA sign-in with fromIni against moto's STS AssumeRole, and the IAM Identity Center
// device sign-in against a local stand-in (no OIDC service can be had here; see test/support/sso-stand-in.ts),
// ending with the token cache file the SDK's fromSSO and the aws CLI read.
import { execFile } from 'node:child_process';
import { createHash } from 'node:crypto';
import { mkdir, mkdtemp, readFile, stat, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createKilnBackend, type KilnBackend } from '../../../electron/core/kiln-backend';
import { fromEnv } from '@aws-sdk/credential-providers';
import {
  createAwsProfileSource,
  createEnvironmentProfile,
  ENV_PROFILE_ID,
} from '../../../electron/core/profiles/aws-profile';
import { createSandboxProfile, SANDBOX_PROFILE_ID } from '../../../electron/core/profiles/sandbox-profile';
import { startMotoProcess, type MotoProcess } from '../../../electron/core/sandbox/moto-process';
import { createMemorySecretStore } from '../../../electron/core/store/secret-store';
import { startAwsFaultProxy, type AwsFaultProxy } from '../../support/aws-fault-proxy';
import { REPO_ROOT } from '../../support/sandbox-backend';
import { startSsoStandIn, type SsoStandIn } from '../../support/sso-stand-in';
import { backendCommands } from '../../support/backend-commands';
import { waitFor } from '../../support/wait';

const MFA_SERIAL = 'arn:aws:iam::123456789012:mfa/alice';
const START_URL = 'https://d-1234567890.awsapps.com/start';
const LEGACY_URL = 'https://legacy.awsapps.com/start';

let moto: MotoProcess;
let proxy: AwsFaultProxy;
let standIn: SsoStandIn;
let backend: KilnBackend;
let home: string;
const savedEnv = { ...process.env };

const sha1 = (text: string) => createHash('sha1').update(text).digest('hex');
const cacheFile = (key: string) => path.join(home, '.aws', 'sso', 'cache', `${sha1(key)}.json`);

const { call } = backendCommands(() => backend.handlers);

function config(): string {
  return `[profile base]
region = us-east-1

[profile mfa]
role_arn = arn:aws:iam::123456789012:role/kiln-operator
source_profile = base
mfa_serial = ${MFA_SERIAL}

[profile team]
sso_session = corp
sso_account_id = 123456789012
sso_role_name = PowerUser
region = us-east-1

[sso-session corp]
sso_start_url = ${START_URL}
sso_region = us-east-1
sso_registration_scopes = sso:account:access

[profile legacy]
sso_start_url = ${LEGACY_URL}
sso_region = us-east-1
sso_account_id = 123456789012
sso_role_name = ReadOnly
`;
}

beforeAll(async () => {
  home = await mkdtemp(path.join(os.tmpdir(), 'kiln-home-'));
  // The SDK's fromSSO finds the token cache under $HOME, as the aws CLI does: the test's home is a temp dir.
  process.env.HOME = home;
  // What the composition roots see when Kiln is started with keys in the environment.
  process.env.AWS_ACCESS_KEY_ID = 'AKIAKILNTESTENV00001';
  process.env.AWS_SECRET_ACCESS_KEY = 'env-secret';
  await mkdir(path.join(home, '.aws'), { recursive: true });
  await writeFile(path.join(home, '.aws', 'config'), config());
  // moto accepts any access key; these stand for a user's long-lived keys.
  await writeFile(
    path.join(home, '.aws', 'credentials'),
    '[base]\naws_access_key_id = AKIAKILNTESTBASE0001\naws_secret_access_key = base-secret\n',
  );
  moto = await startMotoProcess({ pendingSeconds: 0 });
  proxy = await startAwsFaultProxy({ target: moto.endpoint });
  standIn = await startSsoStandIn({ intervalSeconds: 1 });
  const source = createAwsProfileSource({
    configFile: path.join(home, '.aws', 'config'),
    credentialsFile: path.join(home, '.aws', 'credentials'),
    ssoCacheDir: path.join(home, '.aws', 'sso', 'cache'),
    endpoint: proxy.endpoint,
    ssoEndpoint: standIn.endpoint,
  });
  backend = await createKilnBackend({
    dataDir: await mkdtemp(path.join(os.tmpdir(), 'kiln-data-')),
    assetsDir: path.join(REPO_ROOT, 'assets'),
    // No launch happens here, so the agent bundle is never read.
    agentBundlePath: path.join(home, 'no-agent-bundle.cjs'),
    secrets: createMemorySecretStore(),
    log: () => undefined,
    loadProfiles: async () => [
      createSandboxProfile(moto.endpoint),
      createEnvironmentProfile({ credentials: fromEnv(), endpoint: proxy.endpoint }),
      ...(await source.load()),
    ],
  });
}, 60_000);

afterAll(async () => {
  backend?.dispose();
  await standIn?.close();
  await proxy?.close();
  await moto?.stop();
  process.env = savedEnv;
});

describe('profiles.identity', () => {
  it('answers for the Local sandbox profile against moto', async () => {
    const result = await call('profiles.identity', { profileId: SANDBOX_PROFILE_ID });
    expect(result).toEqual({
      ok: true,
      value: {
        account: '123456789012',
        arn: expect.stringMatching(/^arn:aws:sts::123456789012:/),
        userId: expect.any(String),
      },
    });
  });

  it('answers for a profile with static keys from the shared files', async () => {
    const result = await call('profiles.identity', { profileId: 'aws:base' });
    expect(result.ok && result.value.account).toBe('123456789012');
    expect(result.ok && result.value.expiration).toBeUndefined();
  });

  it('answers for the Environment credentials profile (fromEnv)', async () => {
    const result = await call('profiles.identity', { profileId: ENV_PROFILE_ID });
    expect(result).toMatchObject({ ok: true, value: { account: '123456789012' } });
  });

  it('lists what each profile needs, without secrets', async () => {
    const result = await call('profiles.list', {});
    const list = result.ok ? result.value : [];
    expect(list.find((p) => p.id === 'aws:mfa')).toMatchObject({
      credentialKind: 'assume-role',
      mfaSerial: MFA_SERIAL,
      available: true,
    });
    expect(list.find((p) => p.id === 'aws:team')).toMatchObject({
      credentialKind: 'sso',
      ssoSession: 'corp',
      ssoStartUrl: START_URL,
    });
    expect(list.find((p) => p.id === ENV_PROFILE_ID)).toMatchObject({
      credentialKind: 'env',
      label: 'Environment credentials',
    });
    expect(JSON.stringify(list)).not.toMatch(/base-secret|AKIAKILNTESTBASE0001|env-secret|AKIAKILNTESTENV00001/);
  });
});

describe('MFA sign-in (fromIni with mfaCodeProvider, STS AssumeRole on moto)', () => {
  it('asks for the code before the profile can be used', async () => {
    const result = await call('profiles.identity', { profileId: 'aws:mfa' });
    expect(result.ok ? undefined : result.error).toMatchObject({ code: 'MfaRequired', field: 'mfaCode' });
    expect(proxy.count('AssumeRole')).toBe(0);
  });

  it('refuses a code that is not 6 digits before calling AWS', async () => {
    const result = await call('profiles.signIn', { profileId: 'aws:mfa', mfaCode: '12ab' });
    expect(result.ok ? undefined : result.error.message).toMatch(/6-digit code/);
    expect(proxy.count('AssumeRole')).toBe(0);
  });

  it('gives a clear error when AWS rejects the code', async () => {
    // moto accepts any TokenCode, so AWS's answer to a wrong code is played by the proxy in front of moto.
    proxy.throttle('AssumeRole', {
      sequence: [true],
      error: {
        status: 403,
        code: 'AccessDenied',
        message: 'MultiFactorAuthentication failed with invalid MFA one time pass code.',
      },
    });
    const result = await call('profiles.signIn', { profileId: 'aws:mfa', mfaCode: '000000' });
    expect(result.ok ? undefined : result.error).toMatchObject({ code: 'MfaCodeRejected', field: 'mfaCode' });
    proxy.stopThrottling('AssumeRole');
  });

  it('assumes the role with SerialNumber and TokenCode, then every client of the profile uses the session', async () => {
    const before = proxy.requests.length;
    const result = await call('profiles.signIn', { profileId: 'aws:mfa', mfaCode: ' 123456 ' });
    expect(result).toMatchObject({ ok: true, value: { arn: expect.stringContaining(':assumed-role/kiln-operator/') } });
    expect(result.ok && Date.parse(result.value.expiration!)).toBeGreaterThan(Date.now());
    const assume = proxy.requests.slice(before).find((r) => r.action === 'AssumeRole')!;
    expect(assume.params.get('SerialNumber')).toBe(MFA_SERIAL);
    expect(assume.params.get('TokenCode')).toBe('123456');
    expect(assume.params.get('RoleArn')).toBe('arn:aws:iam::123456789012:role/kiln-operator');

    const again = await call('profiles.identity', { profileId: 'aws:mfa' });
    expect(again.ok && again.value.arn).toContain(':assumed-role/kiln-operator/');
    const regions = await call('regions.list', { profileId: 'aws:mfa' });
    expect(regions.ok && regions.value.length).toBeGreaterThan(0);
    expect(proxy.requests.slice(before).filter((r) => r.action === 'AssumeRole')).toHaveLength(1);
  });
});

describe('IAM Identity Center sign-in (device authorization against the local stand-in)', () => {
  it('says a sign-in is needed while no token is cached', async () => {
    const result = await call('profiles.identity', { profileId: 'aws:team' });
    expect(result.ok ? undefined : result.error).toMatchObject({ code: 'SsoLoginRequired' });
  });

  it('pending, then approved: writes the token cache file the SDK reads, and the profile works', async () => {
    const started = await call('profiles.ssoLogin.start', { profileId: 'aws:team' });
    if (!started.ok) throw new Error(started.error.message);
    expect(started.value).toMatchObject({
      userCode: expect.stringMatching(/^\w{4}-\w{4}$/),
      verificationUri: expect.stringMatching(/^https:/),
      intervalSeconds: 1,
    });
    expect(JSON.stringify(started.value)).not.toMatch(/deviceCode|clientSecret/);
    const register = standIn.requests.find((r) => r.path === '/client/register')!;
    expect(register.body).toMatchObject({ clientType: 'public', scopes: ['sso:account:access'] });

    await new Promise((r) => setTimeout(r, 1_100));
    expect(await call('profiles.ssoLogin.poll', { loginId: started.value.loginId })).toMatchObject({
      ok: true,
      value: { status: 'pending' },
    });
    standIn.approve(started.value.userCode);
    await waitFor(
      'the approval',
      async () => {
        const poll = await call('profiles.ssoLogin.poll', { loginId: started.value.loginId });
        return poll.ok && poll.value.status === 'approved';
      },
      10_000,
      300,
    );

    const file = cacheFile('corp');
    expect((await stat(file)).mode & 0o777).toBe(0o600);
    const token = JSON.parse(await readFile(file, 'utf8')) as Record<string, string>;
    expect(token).toMatchObject({
      startUrl: START_URL,
      region: 'us-east-1',
      clientId: expect.any(String),
      clientSecret: expect.any(String),
      refreshToken: expect.stringMatching(/^sso-refresh-/),
    });
    expect(token.expiresAt).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/);
    expect(standIn.accessTokens.has(token.accessToken)).toBe(true);

    const identity = await call('profiles.identity', { profileId: 'aws:team' });
    expect(identity).toMatchObject({ ok: true, value: { account: '123456789012' } });
    expect(identity.ok && Date.parse(identity.value.expiration!)).toBeGreaterThan(Date.now());
    const portal = standIn.requests.filter((r) => r.path === '/federation/credentials');
    expect(portal.at(-1)?.bearer).toBe(token.accessToken);
  });

  it('the aws CLI reads the same token cache file', async () => {
    // botocore resolves the sso-session token from ~/.aws/sso/cache/<sha1("corp")>.json and asks the portal for
    // role credentials; the service endpoint variables point it at the stand-in and at moto.
    const { stdout } = await promisify(execFile)(
      'aws',
      ['sts', 'get-caller-identity', '--profile', 'team', '--output', 'json'],
      {
        env: {
          PATH: process.env.PATH,
          HOME: home,
          AWS_ENDPOINT_URL_SSO: standIn.endpoint,
          AWS_ENDPOINT_URL_STS: moto.endpoint,
        },
      },
    );
    expect(JSON.parse(stdout)).toMatchObject({ Account: '123456789012' });
    expect(standIn.requests.at(-1)).toMatchObject({
      path: '/federation/credentials',
      bearer: expect.stringMatching(/^sso-access-/),
    });
  });

  it('a denied sign-in ends as denied and writes nothing', async () => {
    const started = await call('profiles.ssoLogin.start', { profileId: 'aws:legacy' });
    if (!started.ok) throw new Error(started.error.message);
    standIn.deny(started.value.userCode);
    const status = await waitFor(
      'the denial',
      async () => {
        const poll = await call('profiles.ssoLogin.poll', { loginId: started.value.loginId });
        return poll.ok && poll.value.status !== 'pending' && poll.value.status;
      },
      10_000,
      300,
    );
    expect(status).toBe('denied');
    await expect(stat(cacheFile(LEGACY_URL))).rejects.toThrow(/ENOENT/);
  });

  it('an expired device code ends as expired; a cancelled sign-in stays cancelled', async () => {
    const started = await call('profiles.ssoLogin.start', { profileId: 'aws:legacy' });
    if (!started.ok) throw new Error(started.error.message);
    standIn.expire(started.value.userCode);
    const status = await waitFor(
      'the expiry',
      async () => {
        const poll = await call('profiles.ssoLogin.poll', { loginId: started.value.loginId });
        return poll.ok && poll.value.status !== 'pending' && poll.value.status;
      },
      10_000,
      300,
    );
    expect(status).toBe('expired');

    const second = await call('profiles.ssoLogin.start', { profileId: 'aws:legacy' });
    if (!second.ok) throw new Error(second.error.message);
    expect(await call('profiles.ssoLogin.cancel', { loginId: second.value.loginId })).toEqual({ ok: true, value: {} });
    standIn.approve(second.value.userCode);
    await new Promise((r) => setTimeout(r, 1_100));
    expect(await call('profiles.ssoLogin.poll', { loginId: second.value.loginId })).toMatchObject({
      ok: true,
      value: { status: 'cancelled' },
    });
  });

  it('a legacy profile gets a token keyed by its start URL, without refresh fields', async () => {
    const started = await call('profiles.ssoLogin.start', { profileId: 'aws:legacy' });
    if (!started.ok) throw new Error(started.error.message);
    const register = standIn.requests.filter((r) => r.path === '/client/register').at(-1)!;
    expect(register.body.scopes).toBeUndefined();
    standIn.approve(started.value.userCode);
    await waitFor(
      'the approval',
      async () => {
        const poll = await call('profiles.ssoLogin.poll', { loginId: started.value.loginId });
        return poll.ok && poll.value.status === 'approved';
      },
      10_000,
      300,
    );
    const token = JSON.parse(await readFile(cacheFile(LEGACY_URL), 'utf8')) as Record<string, string>;
    expect(Object.keys(token).sort()).toEqual(['accessToken', 'expiresAt', 'region', 'startUrl']);
    expect(await call('profiles.identity', { profileId: 'aws:legacy' })).toMatchObject({
      ok: true,
      value: { account: '123456789012' },
    });
  });
});
