/** Asks the backend for a connect file (script, ssh_config, known_hosts, .rdp) and saves it through the browser. */
import { useState } from 'react';
import type { ConnectFileKind } from '../../../../electron/common/models';
import type { KilnError } from '../../../../electron/common/result';
import { useKilnApi } from '../../common/api-context';
import { callCommand } from '../../common/call-command';
import { downloadFile } from '../../common/download-file';

export interface ConnectFileState {
  /** The file being made, if any. */
  loading: ConnectFileKind | undefined;
  error: { kind: ConnectFileKind; error: KilnError } | undefined;
  /** The name of the last file saved. */
  saved: string | undefined;
  download(kind: ConnectFileKind): Promise<void>;
  dismissError: () => void;
}

export function useConnectFile(launchId: string): ConnectFileState {
  const api = useKilnApi();
  const [loading, setLoading] = useState<ConnectFileKind>();
  const [error, setError] = useState<ConnectFileState['error']>();
  const [saved, setSaved] = useState<string>();

  async function download(kind: ConnectFileKind): Promise<void> {
    setLoading(kind);
    setError(undefined);
    setSaved(undefined);
    const result = await callCommand(api, 'connect.file', { launchId, kind });
    setLoading(undefined);
    if (!result.ok) return setError({ kind, error: result.error });
    downloadFile(result.value);
    setSaved(result.value.fileName);
  }

  return { loading, error, saved, download, dismissError: () => setError(undefined) };
}
