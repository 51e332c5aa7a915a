/**
 * Adopting launches found in AWS: each unknown Kiln instance becomes a record, with its agent token and certificate
 * from Parameter Store when they are there, and is saved, announced and watched like a launch made here.
 */
import type { LaunchRecord } from '../../common/models';
import { certificateFingerprint } from '../agent-link/agent-certificate';
import type { AwsClientPool } from '../aws/clients';
import type { ProfileRegistry } from '../profiles/profile-registry';
import type { LaunchStore } from '../store/launch-store';
import type { SecretStore } from '../store/secret-store';
import { agentTokenKey } from './create-resources';
import { findUnknownLaunches } from './import-from-aws';
import { fetchLaunchSecret } from './launch-ledger';
import type { LaunchRecords } from './launch-records';

export interface LaunchImportDeps {
  records: LaunchRecords;
  profiles: ProfileRegistry;
  clients: AwsClientPool;
  secrets: SecretStore;
  store: LaunchStore;
  onRecord: (record: LaunchRecord) => void;
  watch: (record: LaunchRecord) => void;
  now: () => Date;
}

/** Returns the import: it rebuilds and adopts the launches of a profile in these regions that are not known here. */
export function createLaunchImport(
  deps: LaunchImportDeps,
): (profileId: string, regions: readonly string[]) => Promise<LaunchRecord[]> {
  const { records } = deps;
  return async (profileId, regions) => {
    const context = await deps.profiles.get(profileId);
    const found = await findUnknownLaunches(context, deps.clients, regions, new Set(records.ids()), deps.now());
    for (const imported of found) {
      const secret = await fetchLaunchSecret(context, deps.clients.get(context, imported.spec.region).ssm, imported.id);
      const record: LaunchRecord = secret
        ? {
            ...imported,
            agentCertificate: { pem: secret.certPem, fingerprint256: certificateFingerprint(secret.certPem) },
          }
        : imported;
      if (secret) await deps.secrets.set(agentTokenKey(record.id), secret.token);
      records.hold(record);
      await deps.store.save(record);
      deps.onRecord(record);
      deps.watch(record);
    }
    return found.map((r) => records.find(r.id)!);
  };
}
