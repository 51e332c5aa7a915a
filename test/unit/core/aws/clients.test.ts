// The client pool per profile and region: reused while nothing changes, rebuilt after a sign-in (invalidate) or when
// the profile's definition changes (revision), so new credentials are always picked up. No request is sent.
import { describe, expect, it } from 'vitest';
import { KilnFailure } from '../../../../electron/common/result';
import { createAwsClientPool, throwAwsFailure } from '../../../../electron/core/aws/clients';
import type { ProfileContext } from '../../../../electron/core/profiles/profile-context';

function context(id: string, revision?: string): ProfileContext {
  return {
    profile: { id, label: id, kind: 'aws', credentialKind: 'static', available: true },
    revision,
    clientConfig: (region) => ({
      region,
      credentials: { accessKeyId: 'AKIA', secretAccessKey: 's' },
      maxAttempts: 1,
      retryMode: 'standard',
    }),
    agentAddress: () => undefined,
    operatorCidr: async () => '127.0.0.1/32',
  };
}

describe('createAwsClientPool', () => {
  it('reuses the clients of a profile and region', () => {
    const pool = createAwsClientPool();
    const a = context('aws:a', 'r1');
    expect(pool.get(a, 'us-east-1')).toBe(pool.get(a, 'us-east-1'));
    expect(pool.get(a, 'us-east-1')).not.toBe(pool.get(a, 'eu-west-1'));
    pool.destroy();
  });

  it('rebuilds every region of one profile after invalidate, and leaves other profiles alone', () => {
    const pool = createAwsClientPool();
    const a = context('aws:a');
    const ab = context('aws:ab');
    const [east, west, other] = [pool.get(a, 'us-east-1'), pool.get(a, 'eu-west-1'), pool.get(ab, 'us-east-1')];
    pool.invalidate('aws:a');
    expect(pool.get(a, 'us-east-1')).not.toBe(east);
    expect(pool.get(a, 'eu-west-1')).not.toBe(west);
    expect(pool.get(ab, 'us-east-1')).toBe(other);
    pool.destroy();
  });

  it('rebuilds the clients when the profile revision changes', () => {
    const pool = createAwsClientPool();
    const first = pool.get(context('aws:a', 'r1'), 'us-east-1');
    expect(pool.get(context('aws:a', 'r1'), 'us-east-1')).toBe(first);
    expect(pool.get(context('aws:a', 'r2'), 'us-east-1')).not.toBe(first);
    pool.destroy();
  });
});

describe('throwAwsFailure', () => {
  it('throws an AWS error as a KilnFailure naming the action, and a KilnFailure as it is', () => {
    const denied = Object.assign(new Error('The key pair is in use.'), { name: 'InvalidKeyPair.InUse' });
    let thrown: unknown;
    try {
      throwAwsFailure(context('p'), 'delete key pair k', denied);
    } catch (error) {
      thrown = error;
    }
    expect(thrown).toBeInstanceOf(KilnFailure);
    expect((thrown as KilnFailure).error.code).toBe('InvalidKeyPair.InUse');
    expect((thrown as KilnFailure).error.message).toContain('delete key pair k');
    const own = new KilnFailure({ code: 'Mine', message: 'as it was' });
    expect(() => throwAwsFailure(context('p'), 'anything', own)).toThrow(own);
  });
});
