/**
 * The Terminate flow of a launch: opening the confirmation reads the termination protection, and a protected
 * instance needs its typed name; a refusal for protection (turned on since) switches the dialog to ask for it.
 */
import { useRef, useState } from 'react';
import type { LaunchRecord } from '../../../electron/common/models';
import { useCommand } from '../common/use-command';
import type { TerminationProtectionState } from './terminate-modal';

export function useTerminate(
  record: LaunchRecord,
  onRecord: (record: LaunchRecord) => void,
  /** After the dialog closes on success: the Terminate button is disabled then, so focus needs a new home. */
  onTerminated?: () => void,
) {
  const terminate = useCommand('launch.terminate');
  const protectionQuery = useCommand('launch.terminationProtection');
  const [confirming, setConfirming] = useState(false);
  const [protection, setProtection] = useState<TerminationProtectionState>('checking');
  // Counts the protection reads: only the answer to the latest opening may set the state (close and reopen
  // while a read is slow would otherwise let the older answer win).
  const protectionRequest = useRef(0);

  async function open() {
    terminate.clearError();
    setProtection('checking');
    setConfirming(true);
    const request = ++protectionRequest.current;
    const result = await protectionQuery.run({ launchId: record.id });
    if (request !== protectionRequest.current) return;
    setProtection(!result.ok || result.value.protected ? 'protected' : 'unprotected');
  }

  async function confirm(confirmName: string | undefined) {
    const result = await terminate.run(
      confirmName === undefined ? { launchId: record.id } : { launchId: record.id, confirmName },
    );
    if (result.ok) {
      onRecord(result.value);
      setConfirming(false);
      onTerminated?.();
    } else if (result.error.code === 'TerminationProtected') {
      setProtection('protected');
    }
  }

  return {
    open,
    confirm,
    dismiss: () => setConfirming(false),
    confirming,
    protection,
    protectionError: protectionQuery.error,
    loading: terminate.loading,
    error: terminate.error,
  };
}
