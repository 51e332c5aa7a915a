/** Saves the operator's login user or key file for a launch (null goes back to Kiln's choice). */
import { useState } from 'react';
import type { LaunchRecord } from '../../../../electron/common/models';
import type { KilnError } from '../../../../electron/common/result';
import { useKilnApi } from '../../common/api-context';
import { callCommand } from '../../common/call-command';

export type ConnectOption = 'user' | 'keyPath';

export interface ConnectOptionsState {
  saving: ConnectOption | undefined;
  errors: Partial<Record<ConnectOption, KilnError>>;
  save(option: ConnectOption, value: string | null): Promise<void>;
}

export function useConnectOptions(launchId: string, onRecord: (record: LaunchRecord) => void): ConnectOptionsState {
  const api = useKilnApi();
  const [saving, setSaving] = useState<ConnectOption>();
  const [errors, setErrors] = useState<ConnectOptionsState['errors']>({});

  async function save(option: ConnectOption, value: string | null): Promise<void> {
    setSaving(option);
    const result = await callCommand(api, 'connect.setOptions', { launchId, [option]: value });
    setSaving(undefined);
    setErrors((current) => ({ ...current, [option]: result.ok ? undefined : result.error }));
    if (result.ok) onRecord(result.value);
  }

  return { saving, errors, save };
}
