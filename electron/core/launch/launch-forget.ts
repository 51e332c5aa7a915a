/**
 * Forgetting a finished launch: its record and install log leave this workstation. Only a terminated launch whose
 * cleanup is done may go; anything else could leave an instance, a security group or a key pair that Kiln no longer
 * tracks, so it is refused with what to do first.
 */
import type { LaunchRecord } from '../../common/models';
import { KilnFailure } from '../../common/result';
import type { LaunchStore } from '../store/launch-store';
import type { LaunchRecords } from './launch-records';
import { dnsCleanupPending } from './launch-dns';

export interface LaunchForgetDeps {
  records: LaunchRecords;
  store: Pick<LaunchStore, 'remove'>;
}

/** Why the launch cannot be forgotten yet, or undefined when it can. */
export function forgetRefusal(record: LaunchRecord): KilnFailure | undefined {
  if (record.phase !== 'terminated') {
    return new KilnFailure({
      code: 'NotTerminated',
      message: `${record.spec.name} is not terminated (it is ${record.phase}); Kiln keeps the record of a launch whose instance may still run.`,
      remedy: 'Terminate it first, then remove it from the list.',
    });
  }
  const left = [
    record.securityGroupId && !record.securityGroupDeleted ? `security group ${record.securityGroupId}` : undefined,
    record.keyPairName && !record.keyPairDeleted ? `key pair ${record.keyPairName}` : undefined,
    dnsCleanupPending(record) ? `DNS record ${record.dns?.recordName}` : undefined,
  ].filter(Boolean);
  if (left.length > 0) {
    return new KilnFailure({
      code: 'CleanupPending',
      message: `Kiln has not deleted the ${left.join(' and ')} of ${record.spec.name} yet.`,
      remedy:
        'Retry cleanup on the launch page (a key pair another launch uses stays until that launch is terminated), then remove it.',
    });
  }
  return undefined;
}

/** Returns `forget(launchId)`: drops the record, then deletes its files; a refusal changes nothing. */
export function createLaunchForget(deps: LaunchForgetDeps): (launchId: string) => Promise<void> {
  return async function forget(launchId) {
    const refusal = forgetRefusal(deps.records.get(launchId));
    if (refusal) throw refusal;
    deps.records.drop(launchId);
    await deps.store.remove(launchId);
  };
}
