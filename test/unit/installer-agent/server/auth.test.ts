import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { bearerToken, tokenMatches } from '../../../../installer-agent/src/server/auth';

const sha = (text: string): string => createHash('sha256').update(text).digest('hex');

describe('bearer token check', () => {
  it('matches the token whose SHA-256 is configured, and nothing else', () => {
    expect(tokenMatches('s3cret', sha('s3cret'))).toBe(true);
    expect(tokenMatches('s3cret ', sha('s3cret'))).toBe(false);
    expect(tokenMatches('', sha('s3cret'))).toBe(false);
  });

  it('reads the token from an Authorization header', () => {
    expect(bearerToken('Bearer abc.def')).toBe('abc.def');
    expect(bearerToken('bearer   abc')).toBe('abc');
    expect(bearerToken('Basic abc')).toBeNull();
    expect(bearerToken('Bearer')).toBeNull();
    expect(bearerToken('Bearer a b')).toBeNull();
    expect(bearerToken(undefined)).toBeNull();
  });
});
