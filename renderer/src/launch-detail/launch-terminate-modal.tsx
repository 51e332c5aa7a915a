/**
 * The terminate dialog of one launch, driven by its `useTerminate` flow: what goes away is read from the record (a
 * security group or key pair Kiln already deleted is not listed). Used by the launch page and the launches table.
 */
import type { LaunchRecord } from '../../../electron/common/models';
import { TerminateModal } from './terminate-modal';
import type { useTerminate } from './use-terminate';

export interface LaunchTerminateModalProps {
  record: LaunchRecord;
  terminate: ReturnType<typeof useTerminate>;
  onDismiss: () => void;
}

export function LaunchTerminateModal({ record, terminate, onDismiss }: LaunchTerminateModalProps) {
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
      onDismiss={onDismiss}
    />
  );
}
