// @vitest-environment happy-dom
// The profile step with the fake transport: whose credentials a profile has (with a spinner while asking), the MFA
// code prompt, the IAM Identity Center sign-in code and link, and the region remembered per profile.
import { act, cleanup, fireEvent, screen, waitFor } from '@testing-library/react';
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { Profile } from '../../../../electron/common/models';
import { fail, ok } from '../../../../electron/common/result';
import { LaunchWizard } from '../../../../renderer/src/launch-wizard/launch-wizard';
import { profileOption } from '../../../../renderer/src/launch-wizard/profile-region-step';
import { createFakeKilnApi, deferred, FAKE_IDENTITY, type FakeKilnApi } from '../../../support/fake-kiln-api';
import { renderWithApi, selectOption } from '../render-with-api';

afterEach(() => {
  cleanup();
  vi.useRealTimers();
});

const SANDBOX: Profile = {
  id: 'sandbox',
  label: 'Local sandbox',
  kind: 'sandbox',
  credentialKind: 'sandbox',
  available: true,
  defaultRegion: 'us-east-1',
};
const MFA: Profile = {
  id: 'aws:admin',
  label: 'admin',
  kind: 'aws',
  credentialKind: 'assume-role',
  available: true,
  detail: 'Assumes arn:aws:iam::111122223333:role/Admin with the profile dev',
  mfaSerial: 'arn:aws:iam::111122223333:mfa/alice',
};
const SSO: Profile = {
  id: 'aws:team',
  label: 'team',
  kind: 'aws',
  credentialKind: 'sso',
  available: true,
  ssoSession: 'corp',
  ssoStartUrl: 'https://d-1234567890.awsapps.com/start',
};

function renderStep(api: FakeKilnApi) {
  renderWithApi(<LaunchWizard onLaunched={vi.fn()} onCancel={vi.fn()} />, api);
  return api;
}

describe('ProfileRegionStep: identity', () => {
  it('shows a spinner while asking, then the account, ARN, user id and expiry', async () => {
    const api = createFakeKilnApi({ profiles: [SANDBOX] });
    const held = deferred<ReturnType<typeof ok<typeof FAKE_IDENTITY>>>();
    api.respond('profiles.identity', () => held.promise);
    renderStep(api);
    await screen.findByTestId('identity-loading');
    expect(screen.getByTestId('identity-loading').textContent).toContain('Checking the credentials of Local sandbox');
    await act(async () => held.resolve(ok({ ...FAKE_IDENTITY, expiration: '2030-01-01T10:00:00.000Z' })));
    expect((await screen.findByTestId('identity-account')).textContent).toBe('123456789012');
    expect(screen.getByTestId('identity-arn').textContent).toBe('arn:aws:iam::123456789012:user/operator');
    expect(screen.getByTestId('identity-expiration').textContent).toMatch(/2030/);
    expect(api.callsOf('profiles.identity')).toEqual([{ profileId: 'sandbox' }]);
  });

  it('shows the decoded error with its remedy, and checks again on request', async () => {
    const api = createFakeKilnApi({ profiles: [SANDBOX] });
    api.respond('profiles.identity', () =>
      fail({
        code: 'ExpiredToken',
        message: 'The credentials of this profile have expired.',
        remedy: 'Refresh them (for SSO: aws sso login) and retry.',
      }),
    );
    renderStep(api);
    const alert = await screen.findByTestId('identity-error');
    expect(alert.getAttribute('data-code')).toBe('ExpiredToken');
    expect(alert.textContent).toContain('The credentials of this profile have expired.');
    expect(alert.textContent).toContain('Refresh them');
    api.respond('profiles.identity', () => ok(FAKE_IDENTITY));
    fireEvent.click(screen.getByRole('button', { name: 'Check again' }));
    await screen.findByTestId('identity');
    expect(api.callsOf('profiles.identity')).toHaveLength(2);
  });
});

describe('ProfileRegionStep: MFA', () => {
  const mfaRequired = () =>
    fail({
      code: 'MfaRequired',
      message: 'The profile "admin" needs a code from the MFA device arn:aws:iam::111122223333:mfa/alice.',
      remedy: 'Type the 6-digit code.',
      field: 'mfaCode',
    });

  it('asks for the code, shows a rejected code under the field, and shows the identity after sign-in', async () => {
    const api = createFakeKilnApi({ profiles: [MFA] });
    api.respond('profiles.identity', mfaRequired);
    api.respond('profiles.signIn', ({ mfaCode }) =>
      mfaCode === '111111'
        ? fail({
            code: 'MfaCodeRejected',
            message: 'AWS did not accept the MFA code.',
            remedy: 'Wait for the next code.',
            field: 'mfaCode',
          })
        : ok({
            ...FAKE_IDENTITY,
            arn: 'arn:aws:sts::111122223333:assumed-role/Admin/kiln',
            expiration: '2030-01-01T11:00:00.000Z',
          }),
    );
    renderStep(api);
    const form = await screen.findByTestId('mfa-form');
    expect(form.textContent).toContain('arn:aws:iam::111122223333:mfa/alice');

    fireEvent.change(screen.getByTestId('mfa-code').querySelector('input')!, { target: { value: '111111' } });
    fireEvent.click(screen.getByRole('button', { name: 'Sign in' }));
    await waitFor(() => expect(form.textContent).toContain('AWS did not accept the MFA code. Wait for the next code.'));

    fireEvent.change(screen.getByTestId('mfa-code').querySelector('input')!, { target: { value: '123456' } });
    expect(form.textContent).not.toContain('AWS did not accept');
    fireEvent.click(screen.getByRole('button', { name: 'Sign in' }));
    expect((await screen.findByTestId('identity-arn')).textContent).toBe(
      'arn:aws:sts::111122223333:assumed-role/Admin/kiln',
    );
    await waitFor(() => expect(api.callsOf('regions.list')).toHaveLength(2));
    expect(api.callsOf('profiles.signIn')).toEqual([
      { profileId: 'aws:admin', mfaCode: '111111' },
      { profileId: 'aws:admin', mfaCode: '123456' },
    ]);
  });

  it('refuses a code that is not 6 digits with the contract message', async () => {
    const api = createFakeKilnApi({ profiles: [MFA] });
    api.respond('profiles.identity', mfaRequired);
    renderStep(api);
    await screen.findByTestId('mfa-form');
    fireEvent.change(screen.getByTestId('mfa-code').querySelector('input')!, { target: { value: '12a' } });
    fireEvent.click(screen.getByRole('button', { name: 'Sign in' }));
    await waitFor(() =>
      expect(screen.getByTestId('mfa-form').textContent).toContain('Type the 6-digit code the MFA device shows.'),
    );
  });
});

describe('ProfileRegionStep: IAM Identity Center', () => {
  it('offers the sign-in, shows the code and the verification link, and shows the identity once approved', async () => {
    const api = createFakeKilnApi({ profiles: [SSO] });
    let signedIn = false;
    api.respond('profiles.identity', () =>
      signedIn
        ? ok({ ...FAKE_IDENTITY, arn: 'arn:aws:sts::123456789012:assumed-role/AWSReservedSSO_PowerUser/alice' })
        : fail({
            code: 'SsoLoginRequired',
            message: 'The IAM Identity Center sign-in of the profile "team" is missing.',
            remedy: 'Sign in.',
          }),
    );
    const polls: string[] = [];
    api.respond('profiles.ssoLogin.poll', () => {
      polls.push('poll');
      if (polls.length < 2) return ok({ status: 'pending', intervalSeconds: 1 });
      signedIn = true;
      return ok({ status: 'approved', intervalSeconds: 1 });
    });
    renderStep(api);
    await screen.findByTestId('sso-needed');
    fireEvent.click(screen.getByRole('button', { name: 'Sign in with AWS IAM Identity Center' }));

    expect((await screen.findByTestId('sso-user-code')).textContent).toBe('ABCD-EFGH');
    const link = screen.getByTestId<HTMLAnchorElement>('sso-verification-link');
    expect(link.getAttribute('href')).toBe('https://device.sso.us-east-1.amazonaws.com/?user_code=ABCD-EFGH');
    expect(link.getAttribute('target')).toBe('_blank');
    expect(link.getAttribute('rel')).toBe('noopener');
    expect(api.callsOf('profiles.ssoLogin.start')).toEqual([{ profileId: 'aws:team' }]);

    const arn = await screen.findByTestId('identity-arn', {}, { timeout: 5_000 });
    expect(arn.textContent).toContain('AWSReservedSSO_PowerUser');
    expect(polls).toHaveLength(2);
    expect(api.callsOf('profiles.ssoLogin.cancel')).toEqual([]);
  });

  it('ends an open sign-in in the backend when the wizard closes', async () => {
    const api = createFakeKilnApi({ profiles: [SSO] });
    api.respond('profiles.identity', () =>
      fail({ code: 'SsoLoginRequired', message: 'Sign-in missing.', remedy: 'Sign in.' }),
    );
    api.respond('profiles.ssoLogin.poll', () => ok({ status: 'pending', intervalSeconds: 1 }));
    renderStep(api);
    // Generous waits: under a loaded machine the identity answer and the first poll can take over a second.
    fireEvent.click(
      await screen.findByRole('button', { name: 'Sign in with AWS IAM Identity Center' }, { timeout: 5_000 }),
    );
    await screen.findByTestId('sso-waiting', {}, { timeout: 5_000 });
    cleanup();
    expect(api.callsOf('profiles.ssoLogin.cancel')).toEqual([{ loginId: 'login-1' }]);
  });

  it('says when the sign-in was denied and offers to start again; cancel stops polling', async () => {
    const api = createFakeKilnApi({ profiles: [SSO] });
    api.respond('profiles.identity', () =>
      fail({ code: 'SsoLoginRequired', message: 'Sign-in missing.', remedy: 'Sign in.' }),
    );
    api.respond('profiles.ssoLogin.poll', () => ok({ status: 'denied', intervalSeconds: 1 }));
    renderStep(api);
    fireEvent.click(await screen.findByRole('button', { name: 'Sign in with AWS IAM Identity Center' }));
    const ended = await screen.findByTestId('sso-ended', {}, { timeout: 5_000 });
    expect(ended.textContent).toContain('The sign-in was denied in the browser.');

    api.respond('profiles.ssoLogin.poll', () => ok({ status: 'pending', intervalSeconds: 1 }));
    fireEvent.click(screen.getByRole('button', { name: 'Start again' }));
    await screen.findByTestId('sso-waiting');
    fireEvent.click(screen.getByRole('button', { name: 'Cancel sign-in' }));
    expect((await screen.findByTestId('sso-ended')).textContent).toContain('The sign-in was cancelled.');
    expect(api.callsOf('profiles.ssoLogin.cancel')).toEqual([{ loginId: 'login-1' }]);
  });
});

describe('ProfileRegionStep: remembered region', () => {
  it('preselects the region last chosen for the profile, and remembers a new choice', async () => {
    const api = createFakeKilnApi({ regionByProfile: { sandbox: 'eu-west-1' } });
    renderStep(api);
    await waitFor(() => expect(screen.getByTestId('region-select').textContent).toContain('eu-west-1'));
    selectOption('region-select', 'ap-southeast-2');
    await waitFor(() =>
      expect(api.callsOf('preferences.set')).toEqual([
        { lastRegion: { profileId: 'sandbox', region: 'ap-southeast-2' } },
      ]),
    );
    expect(api.data.regionByProfile).toEqual({ sandbox: 'ap-southeast-2' });
  });
});

describe('profile options', () => {
  it('names the sandbox profile once, and other profiles with their kind of credentials', () => {
    expect(profileOption(SANDBOX)).toMatchObject({ label: 'Local sandbox', tags: [] });
    expect(profileOption(MFA)).toMatchObject({ label: 'admin', tags: ['Assumed role', 'MFA'] });
  });
});
