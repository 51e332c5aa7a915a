// The credential cache shared by all clients of a profile: one resolution at a time, renewed before expiry, and
// a failure is never kept (the next call tries again, e.g. after a sign-in).
import { describe, expect, it } from 'vitest';
import { memoize } from '../../../../electron/core/profiles/profile-credentials';
import type { AwsCredentials } from '../../../../electron/core/profiles/profile-context';

const creds = (n: number, expiresInMs?: number): AwsCredentials => ({
  accessKeyId: `AKIA${n}`,
  secretAccessKey: 's',
  ...(expiresInMs === undefined ? {} : { expiration: new Date(Date.now() + expiresInMs) }),
});

describe('memoize', () => {
  it('shares one resolution between concurrent callers and reuses it', async () => {
    let calls = 0;
    const provider = memoize(async () => creds(++calls, 3_600_000));
    const [a, b] = await Promise.all([provider(), provider()]);
    expect(a).toBe(b);
    expect(await provider()).toBe(a);
    expect(calls).toBe(1);
  });

  it('resolves again when the credentials expire within five minutes', async () => {
    let calls = 0;
    const provider = memoize(async () => creds(++calls, calls === 1 ? 60_000 : 3_600_000));
    expect((await provider()).accessKeyId).toBe('AKIA1');
    expect((await provider()).accessKeyId).toBe('AKIA2');
    expect((await provider()).accessKeyId).toBe('AKIA2');
  });

  it('does not keep a failure', async () => {
    let calls = 0;
    const provider = memoize(async () => {
      calls++;
      if (calls === 1) throw new Error('not signed in');
      return creds(calls);
    });
    await expect(provider()).rejects.toThrow('not signed in');
    expect((await provider()).accessKeyId).toBe('AKIA2');
  });

  it('passes the calling client settings through', async () => {
    const seen: unknown[] = [];
    const provider = memoize(async (options) => {
      seen.push(options);
      return creds(1);
    });
    await provider({ callerClientConfig: { region: 'eu-west-1' } });
    expect(seen).toEqual([{ callerClientConfig: { region: 'eu-west-1' } }]);
  });
});
