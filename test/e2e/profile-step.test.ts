// End to end, the wizard's profile step in Chromium on a real backend: the sandbox identity from moto, an MFA role
// assumed with moto's STS after typing the code, and an IAM Identity Center sign-in whose code the operator confirms
// (the local stand-in plays IAM Identity Center: no OIDC service can be had here; see test/support/sso-stand-in.ts).
import { mkdir, mkdtemp, stat, writeFile } from 'node:fs/promises';
import { createHash } from 'node:crypto';
import os from 'node:os';
import path from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createKilnBackend, type KilnBackend } from '../../electron/core/kiln-backend';
import { createAwsProfileSource } from '../../electron/core/profiles/aws-profile';
import { createSandboxProfile } from '../../electron/core/profiles/sandbox-profile';
import { startMotoProcess, type MotoProcess } from '../../electron/core/sandbox/moto-process';
import { createMemorySecretStore } from '../../electron/core/store/secret-store';
import { REPO_ROOT } from '../support/sandbox-backend';
import { startSsoStandIn, type SsoStandIn } from '../support/sso-stand-in';
import { openWebApp, type WebApp } from './support/web-app';

const savedEnv = { ...process.env };
let home: string;
let moto: MotoProcess;
let standIn: SsoStandIn;
let backend: KilnBackend;
let app: WebApp;
let page: Page;

beforeAll(async () => {
  home = await mkdtemp(path.join(os.tmpdir(), 'kiln-home-'));
  // The SDK's fromSSO reads the token cache under $HOME: the test's home is a temp dir.
  process.env.HOME = home;
  await mkdir(path.join(home, '.aws'));
  await writeFile(
    path.join(home, '.aws', 'config'),
    `[profile ops]
role_arn = arn:aws:iam::123456789012:role/kiln-ops
source_profile = base
mfa_serial = arn:aws:iam::123456789012:mfa/operator

[profile team]
sso_session = corp
sso_account_id = 123456789012
sso_role_name = PowerUser
region = us-east-1

[sso-session corp]
sso_start_url = https://d-1234567890.awsapps.com/start
sso_region = us-east-1
`,
  );
  await writeFile(
    path.join(home, '.aws', 'credentials'),
    '[base]\naws_access_key_id = AKIAKILNE2EBASE00001\naws_secret_access_key = e2e-secret\n',
  );
  moto = await startMotoProcess({ pendingSeconds: 0 });
  standIn = await startSsoStandIn({ intervalSeconds: 1 });
  const source = createAwsProfileSource({
    configFile: path.join(home, '.aws', 'config'),
    credentialsFile: path.join(home, '.aws', 'credentials'),
    ssoCacheDir: path.join(home, '.aws', 'sso', 'cache'),
    endpoint: moto.endpoint,
    ssoEndpoint: standIn.endpoint,
  });
  backend = await createKilnBackend({
    dataDir: await mkdtemp(path.join(os.tmpdir(), 'kiln-data-')),
    assetsDir: path.join(REPO_ROOT, 'assets'),
    // Nothing is launched here, so the agent bundle is never read.
    agentBundlePath: path.join(home, 'no-agent-bundle.cjs'),
    secrets: createMemorySecretStore(),
    log: (m, e) => console.error(m, e ?? ''),
    loadProfiles: async () => [createSandboxProfile(moto.endpoint), ...(await source.load())],
  });
  app = await openWebApp(backend);
  page = app.page;
}, 120_000);

afterAll(async () => {
  await app?.close();
  backend?.dispose();
  await standIn?.close();
  await moto?.stop();
  process.env = savedEnv;
});

async function chooseProfile(label: string) {
  await page.getByTestId('profile-select').locator('button').first().click();
  await page.getByRole('option', { name: new RegExp(`^${label}`) }).click();
}

describe('profile step', () => {
  it('shows whose credentials each profile has, after the MFA code or the IAM Identity Center sign-in', async () => {
    await page.getByTestId('launch-instance-button').click();
    await expect
      .poll(() => page.getByTestId('profile-select').innerText(), { timeout: 20_000 })
      .toContain('Local sandbox');
    await expect.poll(() => page.getByTestId('identity-account').innerText(), { timeout: 20_000 }).toBe('123456789012');
    expect(await page.getByTestId('identity-expiration').innerText()).toBe('Not temporary');

    await chooseProfile('ops');
    await page.getByTestId('mfa-form').waitFor({ timeout: 20_000 });
    await page.getByTestId('mfa-code').locator('input').fill('123456');
    await page.getByTestId('mfa-sign-in').click();
    await expect
      .poll(() => page.getByTestId('identity-arn').innerText(), { timeout: 20_000 })
      .toContain(':assumed-role/kiln-ops/');
    // The region list needed the signed-in session too: it loads once the code is accepted.
    await expect.poll(() => page.getByTestId('region-select').innerText(), { timeout: 20_000 }).toContain('us-east-1');
    await app.screenshot('profile-mfa');

    await chooseProfile('team');
    await page.getByTestId('sso-needed').waitFor({ timeout: 20_000 });
    await expect
      .poll(() => page.getByTestId('region-select').innerText(), { timeout: 20_000 })
      .toContain('Sign in to list the regions');
    await page.getByRole('button', { name: 'Sign in with AWS IAM Identity Center' }).click();
    const userCode = (await page.getByTestId('sso-user-code').innerText({ timeout: 20_000 })).trim();
    const link = page.getByTestId('sso-verification-link');
    expect(await link.getAttribute('href')).toBe(`https://device.sso.us-east-1.amazonaws.com/?user_code=${userCode}`);
    expect(await link.getAttribute('target')).toBe('_blank');
    await app.screenshot('profile-sso-code');

    standIn.approve(userCode);
    await expect.poll(() => page.getByTestId('identity-account').innerText(), { timeout: 20_000 }).toBe('123456789012');
    await expect.poll(() => page.getByTestId('region-select').innerText(), { timeout: 20_000 }).toContain('us-east-1');
    await app.screenshot('profile-sso-done');
    const file = path.join(home, '.aws', 'sso', 'cache', `${createHash('sha1').update('corp').digest('hex')}.json`);
    expect((await stat(file)).mode & 0o777).toBe(0o600);
  });
});
