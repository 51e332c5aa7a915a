/** The console's Copy and Download actions, with their busy flags, last error and a short confirmation. */
import { useCallback, useEffect, useRef, useState } from 'react';
import type { KilnError } from '../../../../electron/common/result';
import { useKilnApi } from '../../common/api-context';
import type { LogLine } from '../../../../electron/common/models';
import { saveBlob } from '../../common/download-file';
import { formatInteger } from '../../common/format';
import type { ConsoleTerminal } from './console-terminal';
import { logFileName } from './format-line';
import { buildLogFile, copyText, plainText } from './log-file';
import type { LogStore } from './log-store';
import { readLogPages } from './read-log-pages';

export interface ConsoleActionsInput {
  store: LogStore;
  terminal: ConsoleTerminal | null;
  launchId: string;
  launchName: string;
  timestamps: boolean;
}

export interface ConsoleActions {
  copy(): Promise<void>;
  download(): Promise<void>;
  copying: boolean;
  downloading: boolean;
  error: KilnError | undefined;
  dismissError: () => void;
  /** What the last action did, e.g. "Copied 21 lines", for a few seconds. */
  notice: string | undefined;
}

const NOTICE_MS = 4_000;

export function useConsoleActions({
  store,
  terminal,
  launchId,
  launchName,
  timestamps,
}: ConsoleActionsInput): ConsoleActions {
  const api = useKilnApi();
  const [busy, setBusy] = useState<'copy' | 'download' | undefined>();
  const [error, setError] = useState<KilnError>();
  const [notice, setNotice] = useState<string>();
  const noticeTimer = useRef<ReturnType<typeof setTimeout>>(undefined);
  const mounted = useRef(true);

  useEffect(() => {
    mounted.current = true;
    return () => {
      mounted.current = false;
      clearTimeout(noticeTimer.current);
    };
  }, []);

  const finish = useCallback((result: { error?: KilnError; notice?: string }) => {
    if (!mounted.current) return;
    setBusy(undefined);
    setError(result.error);
    setNotice(result.notice);
    clearTimeout(noticeTimer.current);
    if (result.notice) noticeTimer.current = setTimeout(() => mounted.current && setNotice(undefined), NOTICE_MS);
  }, []);

  const copy = useCallback(async () => {
    setBusy('copy');
    const selection = terminal?.getSelection() ?? '';
    const held = store.end - store.start;
    const text = selection || plainText(store.slice(store.start, store.end), { timestamps });
    const failure = await copyText(text);
    let done = selection ? 'Copied the selection' : `Copied ${formatInteger(held)} ${held === 1 ? 'line' : 'lines'}`;
    if (!selection && store.start > 0) done += ' (the most recent ones; Download has the full log)';
    finish(failure ? { error: failure } : { notice: done });
  }, [store, terminal, timestamps, finish]);

  const download = useCallback(async () => {
    setBusy('download');
    // The whole log, in pages: one answer of a million lines would block the page while it is parsed.
    const lines: LogLine[] = [];
    const error = await readLogPages(api, { launchId, after: 0 }, (page) => {
      for (const line of page) lines.push(line);
    });
    if (error) return finish({ error });
    const file = await buildLogFile(lines, { timestamps });
    const name = logFileName(launchName, launchId);
    if (!mounted.current) return;
    saveBlob(file, name);
    finish({ notice: `Saved ${formatInteger(lines.length)} lines as ${name}` });
  }, [api, launchId, launchName, timestamps, finish]);

  return {
    copy,
    download,
    copying: busy === 'copy',
    downloading: busy === 'download',
    error,
    dismissError: useCallback(() => setError(undefined), []),
    notice,
  };
}
