/** React hooks around the KilnApi: queries that load with their input, commands run on demand, events. */
import { useCallback, useEffect, useLayoutEffect, useRef, useState } from 'react';
import type {
  CommandInput,
  CommandName,
  CommandOutput,
  EventName,
  EventPayload,
} from '../../../electron/common/contract';
import type { KilnError, Result } from '../../../electron/common/result';
import { useKilnApi } from './api-context';
import { callCommand } from './call-command';

/** What a query hook returns: the value of the latest answer for the current input, or its error. */
export interface QueryState<T> {
  loading: boolean;
  value: T | undefined;
  error: KilnError | undefined;
  reload: () => void;
}

/**
 * Runs `name` whenever `input` changes (compared by JSON); `null` input means "not yet" and loads nothing.
 * Answers for an outdated input are dropped, so a slow reply never overwrites a newer one.
 */
export function useQuery<K extends CommandName>(name: K, input: CommandInput<K> | null): QueryState<CommandOutput<K>> {
  const api = useKilnApi();
  const json = input === null ? null : JSON.stringify(input);
  const [nonce, setNonce] = useState(0);
  const [answer, setAnswer] = useState<{ json: string | null; nonce: number; result: Result<CommandOutput<K>> }>();

  useEffect(() => {
    if (json === null) return;
    let current = true;
    void callCommand(api, name, JSON.parse(json) as CommandInput<K>).then((result) => {
      if (current) setAnswer({ json, nonce, result });
    });
    return () => {
      current = false;
    };
  }, [api, name, json, nonce]);

  const result = answer && answer.json === json && answer.nonce === nonce ? answer.result : undefined;
  const reload = useCallback(() => setNonce((n) => n + 1), []);
  return {
    loading: json !== null && result === undefined,
    value: result?.ok ? result.value : undefined,
    error: result && !result.ok ? result.error : undefined,
    reload,
  };
}

/** What a command hook returns: `run` resolves to the Result, and `loading`/`error` follow the last run. */
export interface CommandState<K extends CommandName> {
  run: (input: CommandInput<K>) => Promise<Result<CommandOutput<K>>>;
  loading: boolean;
  error: KilnError | undefined;
  clearError: () => void;
}

/** A command the user triggers (launch, terminate…), with its busy flag and last error. */
export function useCommand<K extends CommandName>(name: K): CommandState<K> {
  const api = useKilnApi();
  const [state, setState] = useState<{ loading: boolean; error?: KilnError }>({ loading: false });
  const run = useCallback(
    async (input: CommandInput<K>) => {
      setState({ loading: true });
      const result = await callCommand(api, name, input);
      setState({ loading: false, error: result.ok ? undefined : result.error });
      return result;
    },
    [api, name],
  );
  const clearError = useCallback(() => setState((s) => ({ ...s, error: undefined })), []);
  return { run, loading: state.loading, error: state.error, clearError };
}

/** Subscribes to a backend event for the component's lifetime; the latest `listener` is always the one called. */
export function useEvent<E extends EventName>(event: E, listener: (payload: EventPayload<E>) => void): void {
  const api = useKilnApi();
  const latest = useRef(listener);
  useLayoutEffect(() => {
    latest.current = listener;
  });
  useEffect(() => api.on(event, (payload) => latest.current(payload)), [api, event]);
}
