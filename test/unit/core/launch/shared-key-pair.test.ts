import { describe, expect, it } from 'vitest';
import type { LaunchRecord } from '../../../../electron/common/models';
import {
  keptKeyPairOwners,
  keyPairKeptWarning,
  otherKeyPairUsers,
} from '../../../../electron/core/launch/shared-key-pair';
import { launchRecord } from '../../../support/fake-kiln-api';

const owner = (extra: Partial<LaunchRecord> = {}) =>
  launchRecord({
    id: 'owner',
    phase: 'terminated',
    keyPairName: 'web-key',
    spec: {
      ...launchRecord().spec,
      name: 'web-1',
      keyPair: { mode: 'create', name: 'web-key', type: 'ed25519', savePath: '/k.pem' },
    },
    ...extra,
  });
const user = (id: string, extra: Partial<LaunchRecord> = {}) =>
  launchRecord({
    id,
    phase: 'running',
    spec: { ...launchRecord().spec, name: id, keyPair: { mode: 'existing', name: 'web-key' } },
    ...extra,
  });

describe('otherKeyPairUsers', () => {
  it('finds live launches in the same profile and region that use the key as an existing one', () => {
    const records = [
      owner(),
      user('web-2'),
      user('web-3', { phase: 'terminated' }),
      user('web-4', { phase: 'terminating' }),
    ];
    expect(otherKeyPairUsers(owner(), records).map((r) => r.id)).toEqual(['web-2']);
  });

  it('ignores launches in another region, and owners without a key of their own', () => {
    const elsewhere = user('web-2', { spec: { ...user('web-2').spec, region: 'eu-west-1' } });
    expect(otherKeyPairUsers(owner(), [elsewhere])).toEqual([]);
    expect(otherKeyPairUsers(owner({ keyPairName: undefined }), [user('web-2')])).toEqual([]);
  });
});

describe('keptKeyPairOwners', () => {
  it('finds terminated owners whose key was kept for this launch, not those already deleted', () => {
    const kept = owner();
    const deleted = owner({ id: 'old', keyPairDeleted: true });
    expect(keptKeyPairOwners(user('web-2', { phase: 'terminated' }), [kept, deleted]).map((r) => r.id)).toEqual([
      'owner',
    ]);
  });
});

describe('keyPairKeptWarning', () => {
  it('names the key and the launches that still use it', () => {
    expect(keyPairKeptWarning('web-key', [user('web-2')]).message).toBe(
      'Kiln kept the key pair web-key: web-2 still uses it.',
    );
  });
});
