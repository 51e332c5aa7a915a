/**
 * Terminate from a row of the launches table: the launch page's own flow (protection check, typed name) and dialog,
 * opened as soon as it mounts; `onClose` when the dialog goes (terminated or dismissed).
 */
import { useEffect } from 'react';
import type { LaunchRecord } from '../../../electron/common/models';
import { TerminateModal } from '../launch-detail/terminate-modal';
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
    <TerminateModal
      visible={terminate.confirming}
      name={record.spec.name}
      instanceId={record.instanceId}
      securityGroupId={record.securityGroupDeleted ? undefined : record.securityGroupId}
      keyPairName={record.keyPairDeleted ? undefined : record.keyPairName}
      protection={terminate.protection}
      protectionError={terminate.protectionError}
      loading={terminate.loading}
      error={terminate.error}
      onConfirm={(confirmName) => void terminate.confirm(confirmName)}
      onDismiss={() => {
        terminate.dismiss();
        onClose();
      }}
    />
  );
}
