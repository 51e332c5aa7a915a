// The credential cache shared by all clients of a profile: one resolution at a time, renewed before expiry, and
// a failure is never kept (the next call tries again, e.g. after a sign-in).
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { inspect } from 'node:util';
import { describe, expect, it } from 'vitest';
import { KilnFailure } from '../../../../electron/common/result';
import { createProfileCredentials, memoize } from '../../../../electron/core/profiles/profile-credentials';
import type { AwsCredentials } from '../../../../electron/core/profiles/profile-context';
import type { SharedProfile } from '../../../../electron/core/profiles/shared-profiles';

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

describe('a failing credential_process', () => {
  // A real program that fails: its argument and its stderr both carry a secret.
  const script = "process.stderr.write('stderr-secret-7f3a'); process.exit(7)";
  const command = `${JSON.stringify(process.execPath)} -e "${script}" --token=argv-secret-91bc`;

  async function failureOf(config: string, profile: SharedProfile): Promise<unknown> {
    const dir = await mkdtemp(join(tmpdir(), 'kiln-process-'));
    try {
      const configFile = join(dir, 'config');
      await writeFile(configFile, config);
      const credentials = createProfileCredentials(profile, {
        configFile,
        credentialsFile: join(dir, 'credentials'),
        ssoCacheDir: join(dir, 'sso'),
      });
      return await credentials.provider().then(
        () => expect.unreachable('the program failed'),
        (e: unknown) => e,
      );
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  }

  function expectNoSecret(error: unknown): void {
    expect(error).toBeInstanceOf(KilnFailure);
    const failure = (error as KilnFailure).error;
    expect(failure.code).toBe('CredentialsUnavailable');
    expect(failure.message).toContain('credential_process');
    expect(failure.remedy).toMatch(/run the command yourself/i);
    // What the composition root's log prints (console.error of the error object).
    const logged = `${inspect(error, { depth: 5 })} ${JSON.stringify(failure)}`;
    for (const secret of ['argv-secret-91bc', 'stderr-secret-7f3a', 'Command failed'])
      expect(logged).not.toContain(secret);
  }

  it('names neither the command line nor what the program printed, in the error or in the log', async () => {
    expectNoSecret(
      await failureOf(`[profile tool]\ncredential_process = ${command}\n`, { name: 'tool', kind: 'process', command }),
    );
  });

  it('does not leak them either when the program is the source profile of a role', async () => {
    const config = `[profile tool]\ncredential_process = ${command}\n[profile deploy]\nrole_arn = arn:aws:iam::111122223333:role/Deploy\nsource_profile = tool\n`;
    const role: SharedProfile = {
      name: 'deploy',
      kind: 'assume-role',
      roleArn: 'arn:aws:iam::111122223333:role/Deploy',
      sourceProfile: 'tool',
      webIdentity: false,
    };
    expectNoSecret(await failureOf(config, role));
  });
});
