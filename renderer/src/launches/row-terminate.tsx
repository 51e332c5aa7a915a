/**
 * Terminate from a row of the launches table: the launch page's own flow (protection check, typed name) and dialog,
 * opened as soon as it mounts; `onClose` when the dialog goes (terminated or dismissed).
 */
import { useEffect } from 'react';
import type { LaunchRecord } from '../../../electron/common/models';
import { LaunchTerminateModal } from '../launch-detail/launch-terminate-modal';
import { useTerminate } from '../launch-detail/use-terminate';

export interface RowTerminateProps {
  record: LaunchRecord;
  onRecord: (record: LaunchRecord) => void;
  onClose: () => void;
}

export function RowTerminate({ record, onRecord, onClose }: RowTerminateProps) {
  const terminate = useTerminate(record, (next) => {
    onRecord(next);
    onClose();
  });
  // Opens once per row the operator picked; the parent mounts a new one for another row.
  const { open } = terminate;
  useEffect(() => {
    void open();
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, []);
  return (
    <LaunchTerminateModal
      record={record}
      terminate={terminate}
      onDismiss={() => {
        terminate.dismiss();
        onClose();
      }}
    />
  );
}
