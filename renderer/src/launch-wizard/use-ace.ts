// eslint-disable-next-line @typescript-eslint/triple-slash-reference -- the test project compiles this file, not its folder
/// <reference path="./ace-snippets.d.ts" />
/**
 * Loads Ace for the Cloudscape CodeEditor, on first use and in its own chunk. Everything Ace would otherwise fetch
 * at run time (modes, themes, snippets, the language tools extension, a web worker) is bundled or turned off, so it runs
 * under the renderer's CSP (script-src 'self'; Ace's injected styles are covered by style-src 'unsafe-inline').
 */
import { useCallback, useEffect, useState } from 'react';

/** The themes bundled below: the CodeEditor's preferences offer only these. */
export const ACE_THEMES = { light: ['dawn'], dark: ['tomorrow_night_bright'] } as const;

let loading: Promise<unknown> | undefined;

async function importAce(): Promise<unknown> {
  const ace = (await import('ace-builds/src-noconflict/ace')) as { default?: unknown };
  // The mode and theme files register themselves with the global `ace` that the line above defines.
  await Promise.all([
    import('ace-builds/src-noconflict/mode-sh'),
    import('ace-builds/src-noconflict/mode-powershell'),
    import('ace-builds/src-noconflict/theme-dawn'),
    import('ace-builds/src-noconflict/theme-tomorrow_night_bright'),
    import('ace-builds/src-noconflict/ext-language_tools'),
    // The language tools load the mode's snippets by name; bundled, so nothing is fetched at run time.
    import('ace-builds/src-noconflict/snippets/sh'),
    import('ace-builds/src-noconflict/snippets/powershell'),
  ]);
  const instance = (ace.default ?? ace) as { config: { set(key: string, value: unknown): void } };
  // Syntax-check workers would load from a blob: or a URL, both outside the CSP.
  instance.config.set('useWorker', false);
  instance.config.set('loadWorkerFromBlob', false);
  return instance;
}

export interface AceState {
  ace: unknown;
  loading: boolean;
  failed: boolean;
  retry: () => void;
}

export function useAce(enabled: boolean): AceState {
  const [ace, setAce] = useState<unknown>();
  const [failed, setFailed] = useState(false);
  const [attempt, setAttempt] = useState(0);
  useEffect(() => {
    if (!enabled || ace) return;
    let current = true;
    loading ??= importAce();
    loading.then(
      (loaded) => current && setAce(() => loaded),
      () => {
        loading = undefined;
        if (current) setFailed(true);
      },
    );
    return () => {
      current = false;
    };
  }, [enabled, ace, attempt]);
  const retry = useCallback(() => {
    setFailed(false);
    setAttempt((n) => n + 1);
  }, []);
  return { ace, loading: enabled && !ace && !failed, failed, retry };
}
