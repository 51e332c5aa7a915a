/**
 * "Get password" for a Windows instance: the wait (elapsed since launch, the usual delay, the next check, Cancel),
 * the key passphrase when one is needed, and the password, hidden until Show, with Copy.
 */
import { useEffect, useState } from 'react';
import Box from '@cloudscape-design/components/box';
import Button from '@cloudscape-design/components/button';
import CopyToClipboard from '@cloudscape-design/components/copy-to-clipboard';
import FormField from '@cloudscape-design/components/form-field';
import Input from '@cloudscape-design/components/input';
import SpaceBetween from '@cloudscape-design/components/space-between';
import StatusIndicator from '@cloudscape-design/components/status-indicator';
import { ErrorAlert, errorText } from '../../common/error-alert';
import { describePasswordWait } from './password-wait';
import { useWindowsPassword, type PasswordState } from './use-windows-password';

export interface WindowsPasswordProps {
  launchId: string;
  /** When the launch started, in case EC2 does not say when the instance launched. */
  createdAt: string;
  active: boolean;
}

export function WindowsPassword({ launchId, createdAt, active }: WindowsPasswordProps) {
  const password = useWindowsPassword(launchId, active);
  const { state } = password;
  switch (state.step) {
    case 'idle':
    case 'asking':
      return (
        <Button data-testid="get-password" loading={state.step === 'asking'} onClick={password.start}>
          Get password
        </Button>
      );
    case 'waiting':
      return (
        <PasswordWaiting state={state} createdAt={createdAt} onCheckNow={password.start} onCancel={password.cancel} />
      );
    case 'passphrase':
      return (
        <PassphrasePrompt
          error={state.error?.code === 'WrongPassphrase' ? state.error : undefined}
          checking={state.checking}
          onSubmit={password.submitPassphrase}
          onCancel={password.cancel}
        />
      );
    case 'ready':
      return <PasswordValue user={state.user} password={state.password} onHide={password.cancel} />;
    case 'failed':
      return (
        <ErrorAlert
          error={state.error}
          header="Kiln could not get the password"
          action={
            <Button data-testid="get-password" onClick={password.start}>
              Try again
            </Button>
          }
          testId="password-error"
        />
      );
  }
}

/** The current time, ticking every second while mounted. */
function useNow(): number {
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => {
    const tick = setInterval(() => setNow(Date.now()), 1_000);
    return () => clearInterval(tick);
  }, []);
  return now;
}

type Waiting = Extract<PasswordState, { step: 'waiting' }>;

function PasswordWaiting({
  state,
  createdAt,
  onCheckNow,
  onCancel,
}: {
  state: Waiting;
  createdAt: string;
  onCheckNow: () => void;
  onCancel: () => void;
}) {
  const now = useNow();
  const wait = describePasswordWait(state.launchedAt ?? createdAt, now);
  const seconds = Math.max(0, Math.ceil((state.nextCheckAt - now) / 1000));
  return (
    <div data-testid="password-wait">
      <SpaceBetween size="xs">
        <StatusIndicator type={wait.late ? 'warning' : 'in-progress'}>
          EC2 does not have the password yet
        </StatusIndicator>
        <Box variant="p">
          EC2 usually has the password about 4 minutes after launch, up to 15. {wait.elapsed && `${wait.elapsed}. `}
          {wait.estimate}
        </Box>
        <Box variant="small" data-testid="password-next-check">
          {state.checking ? 'Checking…' : `Checking again in ${seconds} s.`}
        </Box>
        <SpaceBetween direction="horizontal" size="xs">
          <Button data-testid="password-check-now" disabled={state.checking} onClick={onCheckNow}>
            Check now
          </Button>
          <Button data-testid="password-cancel" onClick={onCancel}>
            Cancel
          </Button>
        </SpaceBetween>
      </SpaceBetween>
    </div>
  );
}

function PassphrasePrompt({
  error,
  checking,
  onSubmit,
  onCancel,
}: {
  error?: Parameters<typeof errorText>[0];
  checking: boolean;
  onSubmit: (passphrase: string) => void;
  onCancel: () => void;
}) {
  const [value, setValue] = useState('');
  const submit = () => value && onSubmit(value);
  return (
    <div data-testid="passphrase-prompt">
      <FormField
        label="Passphrase of the private key"
        description="The key file that decrypts the password is protected by a passphrase. Kiln uses it once and keeps it nowhere."
        errorText={error && errorText(error)}
      >
        <SpaceBetween direction="horizontal" size="xs">
          <div className="kiln-option-input">
            <Input
              data-testid="key-passphrase-input"
              type="password"
              value={value}
              invalid={error !== undefined}
              onChange={(event) => setValue(event.detail.value)}
              onKeyDown={(event) => event.detail.key === 'Enter' && submit()}
            />
          </div>
          <Button
            data-testid="key-passphrase-submit"
            variant="primary"
            disabled={!value}
            loading={checking}
            onClick={submit}
          >
            Decrypt
          </Button>
          <Button onClick={onCancel}>Cancel</Button>
        </SpaceBetween>
      </FormField>
    </div>
  );
}

function PasswordValue({ user, password, onHide }: { user: string; password: string; onHide: () => void }) {
  const [shown, setShown] = useState(false);
  return (
    <div data-testid="windows-password" data-shown={String(shown)}>
      <SpaceBetween size="xs">
        <Box variant="small">Password of {user}:</Box>
        <SpaceBetween direction="horizontal" size="xs" alignItems="center">
          <span className="kiln-fingerprint" data-testid="windows-password-value">
            {shown ? password : '•'.repeat(12)}
          </span>
          <Button
            data-testid="windows-password-show"
            iconName={shown ? 'lock-private' : 'unlocked'}
            onClick={() => setShown(!shown)}
          >
            {shown ? 'Hide' : 'Show'}
          </Button>
          <CopyToClipboard
            variant="button"
            textToCopy={password}
            copyButtonText="Copy"
            copySuccessText="Password copied"
            copyErrorText="The password could not be copied: Show it and copy it by hand"
          />
          <Button data-testid="windows-password-forget" variant="link" onClick={onHide}>
            Forget
          </Button>
        </SpaceBetween>
      </SpaceBetween>
    </div>
  );
}
