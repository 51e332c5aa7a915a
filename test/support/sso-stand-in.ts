/**
 * A local stand-in for AWS IAM Identity Center on 127.0.0.1: the sso-oidc JSON protocol (RegisterClient,
 * StartDeviceAuthorization, CreateToken with the device-code and refresh-token grants) and the SSO portal's
 * GetRoleCredentials. No OIDC service can be reached from these machines and moto does not emulate sso-oidc, so this
 * is the one mock in the SSO tests: the SDK clients, the SDK's fromSSO and the token cache on disk are all real.
 * The test plays the operator in the browser with `approve`, `deny` and `expire`.
 */
import { randomBytes } from 'node:crypto';
import http from 'node:http';
import type { AddressInfo } from 'node:net';

type DeviceState = 'pending' | 'slow-down' | 'approved' | 'denied' | 'expired';

interface Device {
  deviceCode: string;
  userCode: string;
  clientId: string;
  startUrl: string;
  state: DeviceState;
}

export interface SsoStandInRequest {
  path: string;
  body: Record<string, unknown>;
  bearer?: string;
}

export interface SsoStandIn {
  readonly endpoint: string;
  readonly requests: readonly SsoStandInRequest[];
  /** The operator approves (or denies) the code in the browser; `expire` lets the device code run out. */
  approve(userCode: string): void;
  deny(userCode: string): void;
  expire(userCode: string): void;
  /** The next CreateToken answers slow_down (then pending again). */
  slowDown(userCode: string): void;
  /** Access tokens handed out, to check what GetRoleCredentials receives. */
  readonly accessTokens: ReadonlySet<string>;
  /** Role credentials for a valid token; moto accepts any keys, so they also work against the sandbox. */
  readonly roleCredentials: { accessKeyId: string; secretAccessKey: string; sessionToken: string };
  close(): Promise<void>;
}

const ERRORS: Record<Exclude<DeviceState, 'approved'>, [string, string]> = {
  pending: ['AuthorizationPendingException', 'authorization_pending'],
  'slow-down': ['SlowDownException', 'slow_down'],
  denied: ['AccessDeniedException', 'access_denied'],
  expired: ['ExpiredTokenException', 'expired_token'],
};

export async function startSsoStandIn(
  options: { intervalSeconds?: number; tokenSeconds?: number; verificationUri?: string } = {},
): Promise<SsoStandIn> {
  const devices = new Map<string, Device>();
  const requests: SsoStandInRequest[] = [];
  const accessTokens = new Set<string>();
  const clients = new Map<string, string>();
  const roleCredentials = {
    accessKeyId: 'ASIASSOSTANDIN000001',
    secretAccessKey: 'sso-stand-in-secret',
    sessionToken: 'sso-stand-in-session',
  };
  const id = (n = 12) => randomBytes(n).toString('base64url');

  const server = http.createServer((req, res) => {
    let text = '';
    req.on('data', (chunk: Buffer) => (text += chunk.toString('utf8')));
    req.on('end', () => {
      const url = new URL(req.url ?? '/', 'http://stand-in');
      const body = text ? (JSON.parse(text) as Record<string, unknown>) : {};
      const bearer = req.headers['x-amz-sso_bearer_token'] as string | undefined;
      requests.push({ path: url.pathname, body, bearer });
      const send = (status: number, json: unknown, errorType?: string) => {
        res.writeHead(status, {
          'content-type': 'application/json',
          ...(errorType ? { 'x-amzn-errortype': errorType } : {}),
        });
        res.end(JSON.stringify(json));
      };
      const error = (status: number, type: string, code: string) =>
        send(status, { error: code, error_description: type }, type);

      if (req.method === 'POST' && url.pathname === '/client/register') {
        const clientId = id();
        const clientSecret = id(24);
        clients.set(clientId, clientSecret);
        const now = Math.floor(Date.now() / 1000);
        return send(200, { clientId, clientSecret, clientIdIssuedAt: now, clientSecretExpiresAt: now + 90 * 86_400 });
      }
      if (req.method === 'POST' && url.pathname === '/device_authorization') {
        if (clients.get(String(body.clientId)) !== body.clientSecret)
          return error(400, 'InvalidClientException', 'invalid_client');
        const device: Device = {
          deviceCode: id(),
          userCode: `${randomBytes(2).toString('hex').toUpperCase()}-${randomBytes(2).toString('hex').toUpperCase()}`,
          clientId: String(body.clientId),
          startUrl: String(body.startUrl),
          state: 'pending',
        };
        devices.set(device.deviceCode, device);
        const verificationUri = options.verificationUri ?? 'https://device.sso.us-east-1.amazonaws.com/';
        return send(200, {
          deviceCode: device.deviceCode,
          userCode: device.userCode,
          verificationUri,
          verificationUriComplete: `${verificationUri}?user_code=${device.userCode}`,
          expiresIn: 600,
          interval: options.intervalSeconds ?? 1,
        });
      }
      if (req.method === 'POST' && url.pathname === '/token') {
        if (clients.get(String(body.clientId)) !== body.clientSecret)
          return error(400, 'InvalidClientException', 'invalid_client');
        if (body.grantType === 'refresh_token') return issueToken(send);
        const device = devices.get(String(body.deviceCode));
        if (!device) return error(400, 'InvalidGrantException', 'invalid_grant');
        if (device.state !== 'approved') {
          const [type, code] = ERRORS[device.state];
          if (device.state === 'slow-down') device.state = 'pending';
          return error(400, type, code);
        }
        devices.delete(device.deviceCode);
        return issueToken(send);
      }
      if (req.method === 'GET' && url.pathname === '/federation/credentials') {
        if (!bearer || !accessTokens.has(bearer))
          return error(401, 'UnauthorizedException', 'Session token not found or invalid');
        return send(200, { roleCredentials: { ...roleCredentials, expiration: Date.now() + 3_600_000 } });
      }
      return error(404, 'ResourceNotFoundException', 'not_found');
    });
  });

  function issueToken(send: (status: number, json: unknown) => void) {
    const accessToken = `sso-access-${id()}`;
    accessTokens.add(accessToken);
    send(200, {
      accessToken,
      tokenType: 'Bearer',
      expiresIn: options.tokenSeconds ?? 28_800,
      refreshToken: `sso-refresh-${id()}`,
    });
  }

  const byUserCode = (userCode: string) => {
    const device = [...devices.values()].find((d) => d.userCode === userCode);
    if (!device) throw new Error(`no device authorization with the user code ${userCode}`);
    return device;
  };

  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    endpoint: `http://127.0.0.1:${port}`,
    requests,
    accessTokens,
    roleCredentials,
    approve: (userCode) => void (byUserCode(userCode).state = 'approved'),
    deny: (userCode) => void (byUserCode(userCode).state = 'denied'),
    expire: (userCode) => void (byUserCode(userCode).state = 'expired'),
    slowDown: (userCode) => void (byUserCode(userCode).state = 'slow-down'),
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
