/**
 * IAM Identity Center sign-in with the OAuth device authorization grant, as `aws sso login` does: register a
 * public client, start a device authorization the operator approves in a browser, then poll CreateToken at the
 * interval the service gives until it is approved, denied, expired or cancelled. On approval the token is written
 * to the shared cache, where the SDK's fromSSO (and the aws CLI) read it.
 */
import { randomUUID } from 'node:crypto';
import {
  CreateTokenCommand,
  type CreateTokenCommandOutput,
  RegisterClientCommand,
  SSOOIDCClient,
  StartDeviceAuthorizationCommand,
} from '@aws-sdk/client-sso-oidc';
import type { SsoLoginStart, SsoLoginStatus } from '../../common/models';
import { KilnFailure, type KilnError } from '../../common/result';
import { awsErrorCode, toKilnError } from '../aws/errors';
import type { SsoLoginTarget } from './profile-context';
import { cacheTimestamp, ssoCacheFile, writeSsoToken } from './sso-token-cache';

export interface SsoLoginDeps {
  now?: () => number;
}

export interface SsoLogins {
  start(target: SsoLoginTarget): Promise<SsoLoginStart>;
  /** At most one CreateToken per call, and none before the interval has passed. */
  poll(loginId: string): Promise<SsoLoginStatus & { target: SsoLoginTarget }>;
  cancel(loginId: string): void;
  dispose(): void;
}

interface Login {
  target: SsoLoginTarget;
  client: SSOOIDCClient;
  registration: { clientId: string; clientSecret: string; expiresAt?: string };
  deviceCode: string;
  expiresAt: number;
  intervalMs: number;
  nextPollAt: number;
  status: SsoLoginStatus['status'];
}

const DEVICE_GRANT = 'urn:ietf:params:oauth:grant-type:device_code';
/** RFC 8628: a slow_down answer adds five seconds to the polling interval. */
const SLOW_DOWN_MS = 5_000;

export function createSsoLogins(deps: SsoLoginDeps = {}): SsoLogins {
  const now = deps.now ?? Date.now;
  const logins = new Map<string, Login>();
  const close = (login: Login) => login.client.destroy();

  return {
    async start(target) {
      // Finished and timed-out sign-ins are only kept for a late poll; a new start clears them out.
      for (const [id, login] of logins) {
        if (login.status !== 'pending' || now() >= login.expiresAt) {
          if (login.status === 'pending') close(login);
          logins.delete(id);
        }
      }
      const client = new SSOOIDCClient({
        region: target.region,
        ...(target.endpoint ? { endpoint: target.endpoint } : {}),
      });
      try {
        const { registration, device } = await authorizeDevice(client, target, now());
        const intervalMs = (device.interval ?? 5) * 1000;
        const loginId = randomUUID();
        const expiresAt = now() + (device.expiresIn ?? 600) * 1000;
        logins.set(loginId, {
          target,
          client,
          registration,
          deviceCode: device.deviceCode!,
          expiresAt,
          intervalMs,
          nextPollAt: now() + intervalMs,
          status: 'pending',
        });
        return {
          loginId,
          userCode: device.userCode!,
          verificationUri: device.verificationUri,
          verificationUriComplete: isHttps(device.verificationUriComplete) ? device.verificationUriComplete : undefined,
          expiresAt: new Date(expiresAt).toISOString(),
          intervalSeconds: intervalMs / 1000,
        };
      } catch (error) {
        client.destroy();
        throw error;
      }
    },

    async poll(loginId) {
      const login = logins.get(loginId);
      if (!login) {
        throw new KilnFailure({
          code: 'SsoLoginNotFound',
          message: 'This IAM Identity Center sign-in is no longer running.',
          remedy: 'Start the sign-in again.',
        });
      }
      const answer = (status: SsoLoginStatus['status']) => {
        if (status !== 'pending' && login.status === 'pending') close(login);
        login.status = status;
        return { status, intervalSeconds: Math.ceil(login.intervalMs / 1000), target: login.target };
      };
      if (login.status !== 'pending') return answer(login.status);
      if (now() >= login.expiresAt) return answer('expired');
      if (now() < login.nextPollAt) return answer('pending');
      login.nextPollAt = now() + login.intervalMs;
      let token: CreateTokenCommandOutput;
      try {
        token = await login.client.send(
          new CreateTokenCommand({ ...login.registration, grantType: DEVICE_GRANT, deviceCode: login.deviceCode }),
        );
      } catch (error) {
        return answer(pollOutcome(error, login));
      }
      try {
        await writeSsoToken(login.target.cacheDir, login.target.cacheKey, {
          startUrl: login.target.startUrl,
          region: login.target.region,
          accessToken: token.accessToken!,
          expiresAt: cacheTimestamp(new Date(now() + (token.expiresIn ?? 3600) * 1000)),
          // The refresh fields are what lets the SDK renew an sso-session token; legacy profiles cannot use them.
          ...(login.target.sessionName
            ? {
                clientId: login.registration.clientId,
                clientSecret: login.registration.clientSecret,
                registrationExpiresAt: login.registration.expiresAt,
                refreshToken: token.refreshToken,
              }
            : {}),
        });
      } catch (error) {
        // The device code is used up, so this sign-in cannot finish: end it and say where the token should have gone.
        close(login);
        logins.delete(loginId);
        throw new KilnFailure(tokenNotSaved(error, login.target));
      }
      return answer('approved');
    },

    cancel(loginId) {
      const login = logins.get(loginId);
      if (login?.status === 'pending') {
        close(login);
        login.status = 'cancelled';
      }
    },

    dispose() {
      for (const login of logins.values()) if (login.status === 'pending') close(login);
      logins.clear();
    },
  };
}

/** RegisterClient, then StartDeviceAuthorization; sso-session logins ask for a refresh token the SDK can use. */
async function authorizeDevice(client: SSOOIDCClient, target: SsoLoginTarget, nowMs: number) {
  const action = 'start the IAM Identity Center sign-in';
  const registered = await call(
    () =>
      client.send(
        new RegisterClientCommand({
          clientName: `kiln-${Math.floor(nowMs / 1000)}`,
          clientType: 'public',
          ...(target.sessionName
            ? {
                scopes: target.scopes.length ? target.scopes : ['sso:account:access'],
                grantTypes: [DEVICE_GRANT, 'refresh_token'],
              }
            : {}),
        }),
      ),
    action,
  );
  const registration = {
    clientId: registered.clientId!,
    clientSecret: registered.clientSecret!,
    expiresAt: registered.clientSecretExpiresAt
      ? cacheTimestamp(new Date(registered.clientSecretExpiresAt * 1000))
      : undefined,
  };
  const device = await call(
    () => client.send(new StartDeviceAuthorizationCommand({ ...registration, startUrl: target.startUrl })),
    action,
  );
  if (!isHttps(device.verificationUri)) {
    throw new KilnFailure({
      code: 'SsoLoginUnexpectedAnswer',
      message: `IAM Identity Center answered with a sign-in page that is not https (${String(device.verificationUri).slice(0, 80)}).`,
      remedy: 'Check the sso_region and any endpoint or proxy settings, then start the sign-in again.',
    });
  }
  return { registration, device: { ...device, verificationUri: device.verificationUri } };
}

function pollOutcome(error: unknown, login: Login): SsoLoginStatus['status'] {
  switch (awsErrorCode(error)) {
    case 'AuthorizationPendingException':
      return 'pending';
    case 'SlowDownException':
      login.intervalMs += SLOW_DOWN_MS;
      login.nextPollAt += SLOW_DOWN_MS;
      return 'pending';
    case 'ExpiredTokenException':
      return 'expired';
    case 'AccessDeniedException':
      return 'denied';
    default:
      throw new KilnFailure(toKilnError(error, { action: 'finish the IAM Identity Center sign-in' }));
  }
}

function tokenNotSaved(error: unknown, target: SsoLoginTarget): KilnError {
  const reason = error instanceof Error ? error.message : String(error);
  return {
    code: 'SsoTokenNotSaved',
    message: `The IAM Identity Center sign-in was approved, but Kiln could not save the token to ${ssoCacheFile(target.cacheDir, target.cacheKey)}: ${reason}`,
    remedy: `Make sure ${target.cacheDir} is a folder you can write to (aws sso login uses it too), then sign in again.`,
  };
}

function isHttps(url: string | undefined): url is string {
  return typeof url === 'string' && url.startsWith('https://');
}

async function call<T>(send: () => Promise<T>, action: string): Promise<T> {
  try {
    return await send();
  } catch (error) {
    throw new KilnFailure(toKilnError(error, { action }));
  }
}
