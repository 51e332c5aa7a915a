/**
 * An IAM Identity Center device sign-in as the profile step runs it: start, then ask the backend at the interval
 * the service gives until the operator approves in the browser, denies, lets the code expire, or cancels.
 */
import { useCallback, useEffect, useEffectEvent, useRef, useState } from 'react';
import type { SsoLoginStart, SsoLoginStatus } from '../../../electron/common/models';
import type { KilnError } from '../../../electron/common/result';
import { useKilnApi } from '../common/api-context';
import { callCommand } from '../common/call-command';

export type SsoLoginState =
  | { step: 'idle' }
  | { step: 'starting' }
  | { step: 'waiting'; login: SsoLoginStart }
  | { step: 'done'; status: Exclude<SsoLoginStatus['status'], 'pending'> }
  | { step: 'failed'; error: KilnError };

export interface SsoLogin {
  state: SsoLoginState;
  start: () => void;
  cancel: () => void;
}

export function useSsoLogin(profileId: string, onApproved: () => void): SsoLogin {
  const api = useKilnApi();
  const [state, setState] = useState<SsoLoginState>({ step: 'idle' });
  const approved = useEffectEvent(onApproved);
  // A new profile (or unmount) abandons the sign-in in progress; its poll answers are ignored.
  const generation = useRef(0);

  const loginId = state.step === 'waiting' ? state.login.loginId : undefined;
  useEffect(() => {
    generation.current++;
    // Goes with the generation bump above, which only an effect may make; the poll effect then cancels the login.
    // eslint-disable-next-line react-hooks/set-state-in-effect -- see above
    setState({ step: 'idle' });
  }, [profileId]);

  useEffect(() => {
    if (state.step !== 'waiting') return;
    const { login } = state;
    const mine = generation.current;
    let timer: ReturnType<typeof setTimeout>;
    let settled = false;
    const poll = (delaySeconds: number) => {
      timer = setTimeout(async () => {
        const result = await callCommand(api, 'profiles.ssoLogin.poll', { loginId: login.loginId });
        if (mine !== generation.current) return;
        if (!result.ok) {
          settled = true;
          return setState({ step: 'failed', error: result.error });
        }
        const { status, intervalSeconds } = result.value;
        if (status === 'pending') return poll(intervalSeconds);
        settled = true;
        setState({ step: 'done', status });
        if (status === 'approved') approved();
      }, delaySeconds * 1000);
    };
    poll(login.intervalSeconds);
    return () => {
      clearTimeout(timer);
      // Leaving the step (or Cancel) while the sign-in is open ends it in the backend too.
      if (!settled) void callCommand(api, 'profiles.ssoLogin.cancel', { loginId: login.loginId });
    };
    // Keyed by the login id: a re-render with the same login must not restart the poll timer.
    // eslint-disable-next-line react-hooks/exhaustive-deps -- see above
  }, [api, loginId]);

  const start = useCallback(() => {
    const mine = ++generation.current;
    setState({ step: 'starting' });
    void callCommand(api, 'profiles.ssoLogin.start', { profileId }).then((result) => {
      if (mine !== generation.current) return;
      setState(result.ok ? { step: 'waiting', login: result.value } : { step: 'failed', error: result.error });
    });
  }, [api, profileId]);

  // The poll effect's cleanup tells the backend.
  const cancel = useCallback(() => {
    generation.current++;
    setState({ step: 'done', status: 'cancelled' });
  }, []);

  return { state, start, cancel };
}
