// The device sign-in's polling rules on a controlled clock, against the local IAM Identity Center stand-in (no OIDC
// service can be had here; see test/support/sso-stand-in.ts): no CreateToken before the interval has passed,
// slow_down adds five seconds, the device code's lifetime ends the sign-in, and only https sign-in pages are accepted.
import { mkdtemp, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { KilnFailure } from '../../../electron/common/result';
import type { SsoLoginTarget } from '../../../electron/core/profiles/profile-context';
import { createSsoLogins } from '../../../electron/core/profiles/sso-device-login';
import { ssoCacheFile } from '../../../electron/core/profiles/sso-token-cache';
import { startSsoStandIn, type SsoStandIn } from '../../support/sso-stand-in';

let standIn: SsoStandIn;
let target: SsoLoginTarget;

beforeAll(async () => {
  standIn = await startSsoStandIn({ intervalSeconds: 2 });
  target = {
    cacheKey: 'corp',
    cacheDir: path.join(await mkdtemp(path.join(os.tmpdir(), 'kiln-sso-')), 'cache'),
    startUrl: 'https://d-1234567890.awsapps.com/start',
    region: 'us-east-1',
    scopes: [],
    sessionName: 'corp',
    endpoint: standIn.endpoint,
  };
});
afterAll(() => standIn?.close());

const tokenCalls = () => standIn.requests.filter((r) => r.path === '/token').length;

describe('createSsoLogins', () => {
  it('waits the interval between CreateToken calls and adds five seconds on slow_down', async () => {
    let clock = 1_000_000;
    const logins = createSsoLogins({ now: () => clock });
    const started = await logins.start(target);
    expect(started.intervalSeconds).toBe(2);
    const before = tokenCalls();

    expect((await logins.poll(started.loginId)).status).toBe('pending');
    expect(tokenCalls()).toBe(before);

    clock += 2_000;
    standIn.slowDown(started.userCode);
    expect(await logins.poll(started.loginId)).toMatchObject({ status: 'pending', intervalSeconds: 7 });
    expect(tokenCalls()).toBe(before + 1);

    clock += 2_000;
    await logins.poll(started.loginId);
    expect(tokenCalls()).toBe(before + 1);
    clock += 5_000;
    standIn.approve(started.userCode);
    expect((await logins.poll(started.loginId)).status).toBe('approved');
    expect(tokenCalls()).toBe(before + 2);
    // A late poll answers the final status without asking the service again.
    clock += 60_000;
    expect((await logins.poll(started.loginId)).status).toBe('approved');
    expect(tokenCalls()).toBe(before + 2);
    logins.dispose();
  });

  it('ends as expired when the device code lifetime is over, without calling the service', async () => {
    let clock = 2_000_000;
    const logins = createSsoLogins({ now: () => clock });
    const started = await logins.start(target);
    const before = tokenCalls();
    clock += 600_000;
    expect((await logins.poll(started.loginId)).status).toBe('expired');
    expect(tokenCalls()).toBe(before);
    logins.dispose();
  });

  it('refuses a sign-in page that is not https, and an unknown login id', async () => {
    const plain = await startSsoStandIn({ verificationUri: 'javascript:alert(1)' });
    try {
      const logins = createSsoLogins();
      await expect(logins.start({ ...target, endpoint: plain.endpoint })).rejects.toMatchObject({
        error: { code: 'SsoLoginUnexpectedAnswer' },
      });
      await expect(logins.poll('nope')).rejects.toMatchObject({ error: { code: 'SsoLoginNotFound' } });
    } finally {
      await plain.close();
    }
  });

  it('ends the sign-in with the cache path named when the approved token cannot be saved', async () => {
    // The cache folder's place is taken by a file, so writing the token fails after CreateToken succeeded.
    const blocked = path.join(await mkdtemp(path.join(os.tmpdir(), 'kiln-sso-')), 'cache');
    await writeFile(blocked, 'not a folder');
    let clock = 3_000_000;
    const logins = createSsoLogins({ now: () => clock });
    const started = await logins.start({ ...target, cacheDir: blocked });
    clock += 2_000;
    standIn.approve(started.userCode);
    const failure = await logins.poll(started.loginId).then(
      () => expect.unreachable('the token could not be saved'),
      (e: unknown) => (e as KilnFailure).error,
    );
    expect(failure).toMatchObject({ code: 'SsoTokenNotSaved' });
    expect(failure.message).toContain(ssoCacheFile(blocked, 'corp'));
    expect(failure.remedy).toContain(blocked);
    // The used device code is not polled again: the sign-in is over and a new one must be started.
    const before = tokenCalls();
    clock += 10_000;
    await expect(logins.poll(started.loginId)).rejects.toMatchObject({ error: { code: 'SsoLoginNotFound' } });
    expect(tokenCalls()).toBe(before);
    logins.dispose();
  });

  it('names an unreachable IAM Identity Center', async () => {
    const logins = createSsoLogins();
    await expect(logins.start({ ...target, endpoint: 'http://127.0.0.1:9' })).rejects.toMatchObject({
      error: { code: 'NetworkError' },
    });
  });
});
