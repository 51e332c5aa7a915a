/**
 * Under the chosen profile: whose credentials they are (STS GetCallerIdentity) and, when the profile cannot be used
 * yet, what gets it going: the MFA code, or the IAM Identity Center sign-in.
 */
import { useState } from 'react';
import Alert from '@cloudscape-design/components/alert';
import Box from '@cloudscape-design/components/box';
import Button from '@cloudscape-design/components/button';
import FormField from '@cloudscape-design/components/form-field';
import Input from '@cloudscape-design/components/input';
import KeyValuePairs from '@cloudscape-design/components/key-value-pairs';
import SpaceBetween from '@cloudscape-design/components/space-between';
import StatusIndicator from '@cloudscape-design/components/status-indicator';
import type { CallerIdentity, Profile } from '../../../electron/common/models';
import { ErrorAlert, errorText } from '../common/error-alert';
import { formatDateTime } from '../common/format';
import { useCommand, useQuery } from '../common/use-command';
import { useSsoLogin, type SsoLogin } from './use-sso-login';

export interface ProfileAccessPanelProps {
  profile: Profile;
  /** After an MFA or IAM Identity Center sign-in: what failed for want of credentials can be loaded again. */
  onSignedIn: () => void;
}

export function ProfileAccessPanel({ profile, onSignedIn }: ProfileAccessPanelProps) {
  const identity = useQuery('profiles.identity', { profileId: profile.id });
  const [signedIn, setSignedIn] = useState<{ profileId: string; identity: CallerIdentity }>();
  const sso = useSsoLogin(profile.id, () => {
    identity.reload();
    onSignedIn();
  });
  const current = signedIn?.profileId === profile.id ? signedIn.identity : identity.value;

  if (current) return <IdentityFacts identity={current} />;
  if (identity.loading) {
    return (
      <div data-testid="identity-loading">
        <StatusIndicator type="loading">Checking the credentials of {profile.label}…</StatusIndicator>
      </div>
    );
  }
  const error = identity.error!;
  if (error.code === 'MfaRequired' && profile.mfaSerial) {
    const handleSignedIn = (value: CallerIdentity) => {
      setSignedIn({ profileId: profile.id, identity: value });
      onSignedIn();
    };
    return <MfaSignIn profile={profile} reason={error.message} onSignedIn={handleSignedIn} />;
  }
  if (error.code === 'SsoLoginRequired') return <SsoSignIn message={error.message} sso={sso} />;
  return (
    <ErrorAlert
      testId="identity-error"
      header="Kiln cannot use this profile"
      error={error}
      action={<Button onClick={identity.reload}>Check again</Button>}
    />
  );
}

function IdentityFacts({ identity }: { identity: CallerIdentity }) {
  return (
    <div data-testid="identity">
      <KeyValuePairs
        columns={2}
        items={[
          { label: 'Account', value: <span data-testid="identity-account">{identity.account}</span> },
          { label: 'ARN', value: <span data-testid="identity-arn">{identity.arn}</span> },
          { label: 'User ID', value: identity.userId },
          {
            label: 'Credentials expire',
            value: (
              <span data-testid="identity-expiration">
                {identity.expiration ? formatDateTime(identity.expiration) : 'Not temporary'}
              </span>
            ),
          },
        ]}
      />
    </div>
  );
}

function MfaSignIn(props: { profile: Profile; reason: string; onSignedIn(identity: CallerIdentity): void }) {
  const { profile } = props;
  const [code, setCode] = useState('');
  const signIn = useCommand('profiles.signIn');

  async function handleSubmit() {
    if (signIn.loading) return;
    const result = await signIn.run({ profileId: profile.id, mfaCode: code });
    if (result.ok) props.onSignedIn(result.value);
  }

  return (
    <form
      data-testid="mfa-form"
      onSubmit={(event) => {
        event.preventDefault();
        void handleSubmit();
      }}
    >
      <SpaceBetween size="s">
        <Box variant="p">{props.reason}</Box>
        <FormField
          label="MFA code"
          description={`The 6-digit code the device ${profile.mfaSerial} shows now.`}
          errorText={signIn.error && errorText(signIn.error)}
        >
          <SpaceBetween direction="horizontal" size="xs">
            <Input
              data-testid="mfa-code"
              value={code}
              inputMode="numeric"
              autoComplete="one-time-code"
              placeholder="123456"
              onChange={(event) => {
                setCode(event.detail.value);
                signIn.clearError();
              }}
            />
            <Button data-testid="mfa-sign-in" variant="primary" formAction="submit" loading={signIn.loading}>
              Sign in
            </Button>
          </SpaceBetween>
        </FormField>
      </SpaceBetween>
    </form>
  );
}

function SsoSignIn({ message, sso }: { message: string; sso: SsoLogin }) {
  const { state } = sso;
  const startButton = (label: string) => (
    <Button data-testid="sso-sign-in" onClick={sso.start} loading={state.step === 'starting'}>
      {label}
    </Button>
  );
  if (state.step === 'waiting') {
    const { login } = state;
    return (
      <Alert
        type="info"
        header="Confirm the sign-in in your browser"
        data-testid="sso-waiting"
        action={<Button onClick={sso.cancel}>Cancel sign-in</Button>}
      >
        <SpaceBetween size="s">
          <Box variant="p">
            Open the IAM Identity Center page and check that it shows this code, then allow access. Kiln waits until you
            do (the code is valid until {formatDateTime(login.expiresAt)}).
          </Box>
          <Box variant="h2" fontSize="display-l" data-testid="sso-user-code">
            {login.userCode}
          </Box>
          {/* A new-window link: the browser opens it in web mode; Electron hands https AWS pages to the system browser. */}
          <Button
            data-testid="sso-verification-link"
            href={login.verificationUriComplete ?? login.verificationUri}
            target="_blank"
            rel="noopener"
            iconName="external"
            iconAlign="right"
          >
            Open the sign-in page
          </Button>
          <StatusIndicator type="loading">Waiting for your approval…</StatusIndicator>
        </SpaceBetween>
      </Alert>
    );
  }
  if (state.step === 'done' && state.status !== 'approved') {
    const why = {
      denied: 'The sign-in was denied in the browser.',
      expired: 'The sign-in code expired before it was confirmed.',
      cancelled: 'The sign-in was cancelled.',
    }[state.status];
    return (
      <Alert type="warning" header={why} data-testid="sso-ended" action={startButton('Start again')}>
        Start the sign-in again and confirm the new code in the browser.
      </Alert>
    );
  }
  if (state.step === 'failed') {
    return (
      <ErrorAlert
        testId="sso-error"
        header="The sign-in did not work"
        error={state.error}
        action={startButton('Start again')}
      />
    );
  }
  return (
    <Alert
      type="info"
      header="Sign-in needed"
      data-testid="sso-needed"
      action={startButton('Sign in with AWS IAM Identity Center')}
    >
      {message} Kiln shows a code to confirm in your browser and stores the token where the aws CLI finds it too.
    </Alert>
  );
}
