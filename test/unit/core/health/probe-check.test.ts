// One check against real local servers (HTTP, and HTTPS with a self-signed certificate as instances have).
import http from 'node:http';
import https from 'node:https';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ActiveProbe } from '../../../../electron/common/models';
import { createAgentCertificate } from '../../../../electron/core/agent-link/agent-certificate';
import { createProbeCheck } from '../../../../electron/core/health/probe-check';

const probe: ActiveProbe = {
  id: 'p1',
  protocol: 'http',
  port: 0,
  path: '/',
  expectedStatus: 200,
  bodyContains: '',
  intervalSeconds: 1,
  thresholdSeconds: 3,
  requireValidCertificate: false,
};

const handler: http.RequestListener = (request, response) => {
  if (request.url === '/hang') return; // never answers
  response.writeHead(request.url === '/missing' ? 404 : 200, { 'content-type': 'text/plain' });
  response.end('service ready');
};
const plain = http.createServer(handler);
const cert = createAgentCertificate({
  commonName: 'probe test',
  notBefore: new Date(Date.now() - 60_000),
  validDays: 1,
});
const secure = https.createServer({ cert: cert.certPem, key: cert.keyPem }, handler);
let httpBase: string;
let httpsBase: string;
let closedPort: number;

beforeAll(async () => {
  const listen = (server: http.Server) =>
    new Promise<number>((resolve) =>
      server.listen(0, '127.0.0.1', () => resolve((server.address() as AddressInfo).port)),
    );
  httpBase = `http://127.0.0.1:${await listen(plain)}`;
  httpsBase = `https://127.0.0.1:${await listen(secure)}`;
  const spare = http.createServer();
  closedPort = await listen(spare);
  await new Promise((resolve) => spare.close(resolve));
});
afterAll(() => {
  plain.closeAllConnections();
  secure.closeAllConnections();
  plain.close();
  secure.close();
});

const check = createProbeCheck();

describe('probe check', () => {
  it('is up with the expected status and body text, with its latency', async () => {
    const result = await check({ ...probe, bodyContains: 'ready' }, `${httpBase}/`);
    expect(result).toMatchObject({ ok: true, status: 200 });
    expect(result.latencyMs).toBeGreaterThanOrEqual(0);
  });

  it('fails on another status, missing text, a refused connection and a timeout', async () => {
    expect(await check(probe, `${httpBase}/missing`)).toMatchObject({
      ok: false,
      status: 404,
      error: 'HTTP 404, expected 200.',
    });
    expect(await check({ ...probe, bodyContains: 'healthy' }, `${httpBase}/`)).toMatchObject({
      ok: false,
      error: 'The response does not contain "healthy".',
    });
    expect(await check(probe, `http://127.0.0.1:${closedPort}/`)).toMatchObject({
      ok: false,
      status: null,
      latencyMs: null,
      error: 'Connection refused: nothing listens on the port.',
    });
    expect(await check(probe, `${httpBase}/hang`)).toMatchObject({
      ok: false,
      error: 'Timed out: no answer within 1 s.',
    });
  });

  it('reports an untrusted certificate, and counts it as down only when a valid one is required', async () => {
    const lenient = await check({ ...probe, protocol: 'https' }, `${httpsBase}/`);
    expect(lenient).toMatchObject({ ok: true, status: 200 });
    expect(lenient.certificateError).toMatch(/SELF_SIGNED|self.signed|UNABLE_TO_VERIFY/i);
    const strict = await check({ ...probe, protocol: 'https', requireValidCertificate: true }, `${httpsBase}/`);
    expect(strict.ok).toBe(false);
    expect(strict.error).toMatch(/^The certificate is not trusted: /);
  });
});
