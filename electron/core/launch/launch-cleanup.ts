/**
 * Cleanup of a terminated launch: its DNS record (only while it holds the launch's address), its recovery alarms, its snapshot policy (its snapshots stay), its security group,
 * root volumes a restore swapped out, its key pair (kept while another launch uses it) and its
 * secrets. A failed step is shown on the record with what to delete by hand; one run per launch at a time.
 */
import { KilnFailure } from '../../common/result';
import type { AwsClientPool } from '../aws/clients';
import { deleteAlarms } from '../health/alarm-calls';
import { deleteRetiredVolumes } from './retired-volumes';
import { deleteKeyPair } from '../keypairs/key-pairs';
import type { ProfileRegistry } from '../profiles/profile-registry';
import { deleteSnapshotPolicy } from '../snapshots/dlm-calls';
import type { SecretStore } from '../store/secret-store';
import { agentTokenKey } from './create-resources';
import { deleteLaunchSecret } from './launch-ledger';
import type { LaunchDns } from './launch-dns';
import type { LaunchRecords } from './launch-records';
import { deleteSecurityGroupWithRetry } from './launch-resources';
import { keptKeyPairOwners, keyPairKeptWarning, otherKeyPairUsers } from './shared-key-pair';

export interface LaunchCleanupDeps {
  records: LaunchRecords;
  profiles: ProfileRegistry;
  clients: AwsClientPool;
  secrets: SecretStore;
  /** Removes the launch's DNS record (only while it holds the launch's address). */
  dns: Pick<LaunchDns, 'remove'>;
}

/** Returns the cleanup: it settles once the launch's own cleanup is done; the outcome shows on the record. */
export function createLaunchCleanup(deps: LaunchCleanupDeps): (launchId: string) => Promise<void> {
  const { records } = deps;
  const running = new Set<string>();

  async function cleanup(launchId: string): Promise<void> {
    const record = records.get(launchId);
    if (running.has(launchId)) return;
    const keyPairPending = Boolean(record.keyPairName && !record.keyPairDeleted);
    const groupPending = Boolean(record.securityGroupId && !record.securityGroupDeleted);
    running.add(launchId);
    let step = `the DNS record ${record.dns?.recordName ?? ''} (Route 53)`;
    // A Route 53 outage or denial must not keep the rest from being cleaned up: the DNS failure is reported at the end.
    const dnsFailure = await deps.dns.remove(launchId).then(
      () => undefined,
      (error: unknown) => (error instanceof Error ? error : new Error(String(error))),
    );
    try {
      step = `the recovery alarms ${(record.recoveryAlarms ?? []).join(', ')}`;
      const context = await deps.profiles.get(record.spec.profileId);
      const { ec2, ssm, cloudwatch, dlm } = deps.clients.get(context, record.spec.region);
      // Alarms that are already gone (deleted by hand, or by the cleanup page) are fine.
      if ((record.recoveryAlarms?.length ?? 0) > 0) {
        await deleteAlarms(context, cloudwatch, record.recoveryAlarms ?? []);
        await records.update(launchId, (r) => ({ ...r, recoveryAlarms: undefined }));
      }
      step = `the snapshot policy ${record.snapshotPolicyId ?? ''} (Data Lifecycle Manager)`;
      if (record.snapshotPolicyId) {
        await deleteSnapshotPolicy(context, dlm, record.snapshotPolicyId);
        await records.update(launchId, (r) => ({ ...r, snapshotPolicyId: undefined }));
      }
      step = 'the launch security group';
      if (groupPending) {
        await deleteSecurityGroupWithRetry(context, ec2, record.securityGroupId!);
        await records.update(launchId, (r) => ({ ...r, securityGroupDeleted: true }));
      }
      step = 'the old root volumes a restore kept';
      await deleteRetiredVolumes(context, ec2, record, records);
      step = 'the launch key pair';
      const keyUsers = keyPairPending ? otherKeyPairUsers(record, records.values()) : [];
      if (keyUsers.length > 0) {
        const warning = keyPairKeptWarning(record.keyPairName!, keyUsers);
        await records.update(launchId, (r) => ({
          ...r,
          keyPairDeleted: false,
          warnings: [...(r.warnings ?? []).filter((w) => w.code !== warning.code), warning],
        }));
      } else if (keyPairPending) {
        await deleteKeyPair(context, ec2, record.keyPairName!);
        await records.update(launchId, (r) => ({
          ...r,
          keyPairDeleted: true,
          warnings: r.warnings?.filter((w) => w.code !== 'KeyPairKept'),
        }));
      }
      // Always, also for imported launches without a group: both tolerate "already gone".
      step = `the launch secret in Parameter Store (${launchId})`;
      await deleteLaunchSecret(context, ssm, launchId);
      await deps.secrets.delete(agentTokenKey(launchId));
      step = `the DNS record ${record.dns?.recordName ?? ''} (Route 53)`;
      if (dnsFailure !== undefined) throw dnsFailure;
    } catch (error) {
      const failure = error instanceof KilnFailure ? error.error : { code: 'CleanupFailed', message: String(error) };
      await records.update(launchId, (r) => ({
        ...r,
        error: { ...failure, remedy: `Retry cleanup, or delete ${step} by hand in the AWS console.` },
      }));
    } finally {
      running.delete(launchId);
    }
    // A key pair kept for this launch may go now.
    for (const owner of keptKeyPairOwners(record, records.values())) void cleanup(owner.id);
  }

  return cleanup;
}
