/**
 * The IAM Identity Center token cache the SDK's fromSSO and the aws CLI share: `~/.aws/sso/cache/<sha1>.json`,
 * keyed by the sso-session name (new style) or the start URL (legacy profiles).
 */
import { createHash, randomBytes } from 'node:crypto';
import { chmod, mkdir, readFile, rename, writeFile } from 'node:fs/promises';
import path from 'node:path';

/** The fields the SDK reads; `clientId`, `clientSecret` and `refreshToken` let it refresh sso-session tokens. */
export interface SsoCachedToken {
  startUrl: string;
  region: string;
  accessToken: string;
  expiresAt: string;
  clientId?: string;
  clientSecret?: string;
  registrationExpiresAt?: string;
  refreshToken?: string;
}

export type SsoTokenState = 'valid' | 'missing' | 'expired';

/** The cache key: the session name for `[sso-session x]` profiles, else the start URL. */
export function ssoCacheFile(cacheDir: string, sessionNameOrStartUrl: string): string {
  return path.join(cacheDir, `${createHash('sha1').update(sessionNameOrStartUrl).digest('hex')}.json`);
}

/**
 * Whether the cached token can still be used: an sso-session token with a refresh token is usable after expiry,
 * since the SDK refreshes it; a legacy token is not.
 */
export function ssoTokenState(text: string | undefined, now: Date): SsoTokenState {
  if (text === undefined) return 'missing';
  let token: Partial<SsoCachedToken>;
  try {
    token = JSON.parse(text) as Partial<SsoCachedToken>;
  } catch {
    return 'missing';
  }
  if (typeof token.accessToken !== 'string' || typeof token.expiresAt !== 'string') return 'missing';
  const expiresAt = Date.parse(token.expiresAt);
  if (Number.isNaN(expiresAt)) return 'missing';
  if (expiresAt > now.getTime()) return 'valid';
  return token.refreshToken && token.clientId && token.clientSecret ? 'valid' : 'expired';
}

export async function readSsoTokenState(cacheDir: string, key: string, now = new Date()): Promise<SsoTokenState> {
  const text = await readFile(ssoCacheFile(cacheDir, key), 'utf8').catch(() => undefined);
  return ssoTokenState(text, now);
}

/** Writes the token where the SDK and the CLI look, readable by the owner only, replacing any old file atomically. */
export async function writeSsoToken(cacheDir: string, key: string, token: SsoCachedToken): Promise<string> {
  await mkdir(cacheDir, { recursive: true, mode: 0o700 });
  const file = ssoCacheFile(cacheDir, key);
  const temp = `${file}.${randomBytes(4).toString('hex')}.tmp`;
  await writeFile(temp, JSON.stringify(token, null, 2), { mode: 0o600 });
  // The mode given to writeFile is filtered by the umask; the token must not be group- or world-readable.
  await chmod(temp, 0o600);
  await rename(temp, file);
  return file;
}

/** The CLI's timestamp format (`2026-01-01T00:00:00Z`), which both the SDK and the CLI parse. */
export function cacheTimestamp(date: Date): string {
  return date.toISOString().replace(/\.\d{3}Z$/, 'Z');
}
