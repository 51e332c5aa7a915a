/**
 * The Connect tab's `connect.info`: loaded when the tab first opens, again each time it is shown, when the
 * instance changes (state, address, host keys) and on demand. The last answer stays on screen while the next
 * loads or fails, so the terminals below it never unmount.
 */
import { useCallback, useEffect, useRef, useState } from 'react';
import type { ConnectInfo, LaunchRecord } from '../../../../electron/common/models';
import type { KilnError } from '../../../../electron/common/result';
import { useKilnApi } from '../../common/api-context';
import { callCommand } from '../../common/call-command';

export interface ConnectInfoState {
  info: ConnectInfo | undefined;
  loading: boolean;
  error: KilnError | undefined;
  reload: () => void;
}

/** What, in a launch record, changes what connect.info says (the operator's own changes reload explicitly). */
export function connectInfoKey(record: LaunchRecord): string {
  return [record.phase, record.instanceState, record.publicIp, record.publicDnsName, record.hostKeys?.collectedAt].join(
    '|',
  );
}

export function useConnectInfo(record: LaunchRecord, active: boolean): ConnectInfoState {
  const api = useKilnApi();
  const launchId = record.id;
  const [state, setState] = useState<Omit<ConnectInfoState, 'reload'>>({
    info: undefined,
    loading: true,
    error: undefined,
  });
  const latest = useRef(0);

  const reload = useCallback(() => {
    const request = ++latest.current;
    setState((s) => ({ ...s, loading: true }));
    void callCommand(api, 'connect.info', { launchId }).then((result) => {
      // A slower, older answer never overwrites a newer one.
      if (request !== latest.current) return;
      setState((s) =>
        result.ok
          ? { info: result.value, loading: false, error: undefined }
          : { info: s.info, loading: false, error: result.error },
      );
    });
  }, [api, launchId]);

  useEffect(() => () => void (latest.current += 1), []);

  const key = connectInfoKey(record);
  useEffect(() => {
    // Fetching is what this effect is for; reload marks the info as loading as the request starts.
    // eslint-disable-next-line react-hooks/set-state-in-effect -- see above
    if (active) reload();
  }, [active, key, reload]);

  return { ...state, reload };
}
