/**
 * Getting the Windows Administrator password: ask, and while EC2 has none yet, ask again every 15 s until the
 * operator cancels; ask for the key's passphrase when the key needs one. The password lives only in this state
 * (never stored, never logged) and is forgotten when the tab is left.
 */
import { useCallback, useEffect, useRef, useState } from 'react';
import type { KilnError } from '../../../../electron/common/result';
import { useKilnApi } from '../../common/api-context';
import { callCommand } from '../../common/call-command';

export const PASSWORD_POLL_MS = 15_000;

/** Error codes that mean "the key file needs its passphrase". */
const PASSPHRASE_CODES = new Set(['PassphraseRequired', 'WrongPassphrase']);

export type PasswordState =
  | { step: 'idle' }
  | { step: 'asking' }
  | { step: 'waiting'; launchedAt?: string; nextCheckAt: number; checking: boolean }
  | { step: 'passphrase'; error?: KilnError; checking: boolean }
  | { step: 'ready'; user: string; password: string }
  | { step: 'failed'; error: KilnError };

export interface WindowsPasswordControls {
  state: PasswordState;
  start: () => void;
  submitPassphrase: (passphrase: string) => void;
  cancel: () => void;
}

export function useWindowsPassword(launchId: string, active: boolean): WindowsPasswordControls {
  const api = useKilnApi();
  const [state, setState] = useState<PasswordState>({ step: 'idle' });
  const passphrase = useRef<string | undefined>(undefined);
  const timer = useRef<ReturnType<typeof setTimeout>>(undefined);
  // Each start or cancel begins a new round; answers of an older round are dropped.
  const round = useRef(0);

  const ask = useCallback(
    // Named, so that the next poll can call it before `ask` itself is assigned.
    async function askOnce(current: number): Promise<void> {
      setState((s) =>
        s.step === 'waiting' || s.step === 'passphrase' ? { ...s, checking: true } : { step: 'asking' },
      );
      const secret = passphrase.current;
      const result = await callCommand(api, 'connect.windowsPassword', {
        launchId,
        ...(secret ? { passphrase: secret } : {}),
      });
      if (current !== round.current) return;
      if (!result.ok) {
        if (!PASSPHRASE_CODES.has(result.error.code)) return setState({ step: 'failed', error: result.error });
        passphrase.current = undefined;
        return setState({
          step: 'passphrase',
          error: result.error.code === 'WrongPassphrase' ? result.error : undefined,
          checking: false,
        });
      }
      const answer = result.value;
      if (answer.status === 'not-ready') {
        timer.current = setTimeout(() => void askOnce(current), PASSWORD_POLL_MS);
        return setState({
          step: 'waiting',
          launchedAt: answer.launchedAt,
          nextCheckAt: Date.now() + PASSWORD_POLL_MS,
          checking: false,
        });
      }
      passphrase.current = undefined;
      setState({ step: 'ready', user: answer.user, password: answer.password });
    },
    [api, launchId],
  );

  const stop = useCallback(() => {
    round.current += 1;
    clearTimeout(timer.current);
  }, []);
  const start = useCallback(() => {
    stop();
    void ask(round.current);
  }, [stop, ask]);
  const submitPassphrase = useCallback(
    (value: string) => {
      passphrase.current = value;
      start();
    },
    [start],
  );
  const cancel = useCallback(() => {
    stop();
    passphrase.current = undefined;
    setState({ step: 'idle' });
  }, [stop]);

  // Leaving the tab forgets the password and stops asking; so does unmounting.
  useEffect(() => {
    if (!active) cancel();
  }, [active, cancel]);
  useEffect(() => stop, [stop]);

  return { state, start, submitPassphrase, cancel };
}
