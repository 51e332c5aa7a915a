/**
 * Whether a key pair Kiln created for one launch is still in use by another: "Launch again" and the saved defaults
 * reuse such a key as an "existing" one, so deleting it with its first launch would break the others (pure).
 */
import type { KeyPairChoice, LaunchPhase, LaunchRecord } from '../../common/models';

/** Phases whose instance no longer needs its key pair. */
const DONE_PHASES: ReadonlySet<LaunchPhase> = new Set(['terminating', 'terminated', 'lost', 'error']);

const keyNameOf = (choice: KeyPairChoice | undefined): string | undefined =>
  choice && choice.mode !== 'none' ? choice.name : undefined;

/** The other launches, in the owner's profile and region, whose instance is live and was launched with the owner's key. */
export function otherKeyPairUsers(owner: LaunchRecord, records: Iterable<LaunchRecord>): LaunchRecord[] {
  const name = owner.keyPairName;
  if (!name) return [];
  const users: LaunchRecord[] = [];
  for (const record of records) {
    if (record.id === owner.id || DONE_PHASES.has(record.phase)) continue;
    if (record.spec.profileId !== owner.spec.profileId || record.spec.region !== owner.spec.region) continue;
    if (record.keyPairName === name || keyNameOf(record.spec.keyPair) === name) users.push(record);
  }
  return users;
}

/** Terminated launches whose key pair was kept for `user` and may be deleted once it is done with it. */
export function keptKeyPairOwners(user: LaunchRecord, records: Iterable<LaunchRecord>): LaunchRecord[] {
  const name = keyNameOf(user.spec.keyPair);
  if (!name) return [];
  return [...records].filter(
    (record) =>
      record.id !== user.id &&
      record.phase === 'terminated' &&
      record.keyPairName === name &&
      !record.keyPairDeleted &&
      record.spec.profileId === user.spec.profileId &&
      record.spec.region === user.spec.region,
  );
}

/** The warning on a terminated launch whose key pair Kiln kept because other launches use it. */
export function keyPairKeptWarning(keyName: string, users: readonly LaunchRecord[]) {
  return {
    code: 'KeyPairKept',
    message: `Kiln kept the key pair ${keyName}: ${users.map((u) => u.spec.name).join(', ')} still ${users.length === 1 ? 'uses' : 'use'} it.`,
    remedy:
      'Kiln deletes it once those launches are terminated; or delete it in the EC2 console when no instance needs it.',
  };
}
