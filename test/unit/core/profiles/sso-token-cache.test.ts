// The IAM Identity Center token cache: where the SDK and the aws CLI look, when a cached token still works, and
// that the file Kiln writes is the owner's alone.
import { createHash } from 'node:crypto';
import { mkdtemp, readdir, readFile, stat } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  cacheTimestamp,
  readSsoTokenState,
  ssoCacheFile,
  ssoTokenState,
  writeSsoToken,
} from '../../../../electron/core/profiles/sso-token-cache';

const NOW = new Date('2026-03-01T12:00:00Z');

describe('ssoCacheFile', () => {
  it('is the SHA-1 of the session name or start URL, as in the SDK and botocore', () => {
    const sha1 = createHash('sha1').update('corp').digest('hex');
    expect(ssoCacheFile('/home/u/.aws/sso/cache', 'corp')).toBe(`/home/u/.aws/sso/cache/${sha1}.json`);
    // The SHA-1 of `corp`, computed independently (`printf corp | sha1sum`).
    expect(sha1).toBe('ee0bfd2552fbd840c02cc48b6e823320543c450f');
  });
});

describe('ssoTokenState', () => {
  const token = (fields: Record<string, unknown>) =>
    JSON.stringify({ accessToken: 'a', expiresAt: '2026-03-01T13:00:00Z', ...fields });
  it.each([
    ['no file', undefined, 'missing'],
    ['not JSON', '{', 'missing'],
    ['no access token', JSON.stringify({ expiresAt: '2026-03-01T13:00:00Z' }), 'missing'],
    ['a bad date', token({ expiresAt: 'soon' }), 'missing'],
    ['a future expiry', token({}), 'valid'],
    ['a past expiry', token({ expiresAt: '2026-03-01T11:59:59Z' }), 'expired'],
    [
      'a past expiry with refresh fields',
      token({ expiresAt: '2026-03-01T11:00:00Z', refreshToken: 'r', clientId: 'c', clientSecret: 's' }),
      'valid',
    ],
  ])('%s → %s', (_what, text, state) => {
    expect(ssoTokenState(text, NOW)).toBe(state);
  });
});

describe('writeSsoToken', () => {
  it('creates the cache directory and writes a 0600 file atomically, in the CLI timestamp format', async () => {
    const dir = path.join(await mkdtemp(path.join(os.tmpdir(), 'kiln-sso-')), '.aws', 'sso', 'cache');
    const previous = process.umask(0o022);
    try {
      const file = await writeSsoToken(dir, 'corp', {
        startUrl: 'https://x.awsapps.com/start',
        region: 'eu-west-1',
        accessToken: 't',
        expiresAt: cacheTimestamp(NOW),
      });
      expect(file).toBe(ssoCacheFile(dir, 'corp'));
      expect((await stat(file)).mode & 0o777).toBe(0o600);
      expect((await stat(dir)).mode & 0o077).toBe(0);
      expect(JSON.parse(await readFile(file, 'utf8'))).toEqual({
        startUrl: 'https://x.awsapps.com/start',
        region: 'eu-west-1',
        accessToken: 't',
        expiresAt: '2026-03-01T12:00:00Z',
      });
      expect(await readdir(dir)).toEqual([path.basename(file)]);
      expect(await readSsoTokenState(dir, 'corp', new Date('2026-03-01T11:00:00Z'))).toBe('valid');
      expect(await readSsoTokenState(dir, 'other')).toBe('missing');
    } finally {
      process.umask(previous);
    }
  });
});
