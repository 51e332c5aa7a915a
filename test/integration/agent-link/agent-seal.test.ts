// Kiln asks the real agent bundle to seal the instance over TLS with the per-launch pinned certificate: refused while
// the install runs and with a wrong token, then sealed (files gone, the agent exits); a certificate that is not the
// pinned one is refused before the token is sent; an agent without the route is too old to seal.
import { createHash } from 'node:crypto';
import { existsSync } from 'node:fs';
import { mkdir, readdir, writeFile } from 'node:fs/promises';
import { createServer, type Server } from 'node:https';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { createAgentCertificate } from '../../../electron/core/agent-link/agent-certificate';
import { CertificateMismatchError } from '../../../electron/core/agent-link/agent-http';
import { sealThroughAgent } from '../../../electron/core/agent-link/agent-seal';
import { AGENT_API } from '../../../installer-agent/src/protocol';
import {
  cleanUpAgents,
  exitOf,
  makeAgentEnv,
  spawnAgent,
  type AgentEnv,
  type AgentProcess,
} from '../installer-agent/agent-harness';
import { waitFor } from '../../support/wait';

const newCertificate = (commonName: string) =>
  createAgentCertificate({
    commonName,
    altNames: ['127.0.0.1'],
    notBefore: new Date(Date.now() - 60_000),
    validDays: 1,
  });
const certificate = newCertificate('kiln-agent seal-test');
const pin = { certPem: certificate.certPem, fingerprint256: certificate.fingerprint256 };

const servers: Server[] = [];
afterEach(async () => {
  for (const server of servers.splice(0)) await new Promise((resolve) => server.close(resolve));
});
afterAll(cleanUpAgents);

const signal = () => AbortSignal.timeout(20_000);

/** The real agent over TLS, its config, key and certificate under `<root>/etc` as the Linux bootstrap writes them. */
async function startTlsAgent(): Promise<{ env: AgentEnv; root: string; serve: AgentProcess; baseUrl: string }> {
  const env = await makeAgentEnv();
  const root = path.join(env.dir, 'root');
  await mkdir(path.join(root, 'etc'), { recursive: true });
  await mkdir(path.join(root, 'bin'), { recursive: true });
  await writeFile(path.join(root, 'bin', 'kiln-agent.cjs'), '// kept\n');
  const certFile = path.join(root, 'etc', 'agent.crt');
  const keyFile = path.join(root, 'etc', 'agent.key');
  await writeFile(certFile, certificate.certPem);
  await writeFile(keyFile, certificate.keyPem, { mode: 0o600 });
  const configPath = path.join(root, 'etc', 'agent.json');
  await writeFile(
    configPath,
    JSON.stringify({
      bind: '127.0.0.1',
      port: env.port,
      tokenSha256: createHash('sha256').update(env.token).digest('hex'),
      dataDir: path.join(root, 'data'),
      tls: { certFile, keyFile },
      root,
      service: { kind: 'pidfile', pidFile: path.join(root, 'run', 'agent.pid') },
      firstBootReset: 'none',
    }),
  );
  const serve = await spawnAgent(['serve', '--config', configPath]);
  await waitFor('serve to listen', () => serve.stderr().includes('serving on https://'), 10_000, 25);
  return { env: { ...env, configPath }, root, serve, baseUrl: `https://127.0.0.1:${env.port}` };
}

interface Seen {
  method?: string;
  contentType?: string;
  authorization?: string;
  body: string;
}

/** An HTTPS server on 127.0.0.1 that records requests and answers each with `status` and `body`. */
async function startServer(
  cert: { certPem: string; keyPem: string },
  status: number,
  body: unknown,
): Promise<{ baseUrl: string; seen: Seen[] }> {
  const seen: Seen[] = [];
  const server = createServer({ cert: cert.certPem, key: cert.keyPem }, (req, res) => {
    let text = '';
    req.on('data', (chunk: Buffer) => (text += chunk.toString('utf8')));
    req.on('end', () => {
      seen.push({
        method: req.method,
        contentType: req.headers['content-type'],
        authorization: req.headers.authorization,
        body: text,
      });
      res.writeHead(status, { 'content-type': 'application/json' }).end(JSON.stringify(body));
    });
  });
  servers.push(server);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { baseUrl: `https://127.0.0.1:${(server.address() as AddressInfo).port}`, seen };
}

describe('sealThroughAgent against the real agent over pinned TLS', () => {
  it('says the install is still running, refuses a wrong token, then seals: secrets gone, the agent kept, the agent exits', async () => {
    const { env, root, serve, baseUrl } = await startTlsAgent();
    await expect(
      sealThroughAgent({ baseUrl, token: env.token, pin, keepAgent: true, signal: signal() }),
    ).rejects.toThrow(
      'The agent did not seal the instance: The install is still running (no final token yet); sealing now would pull its files from under it. Wait until the install has finished, then seal.',
    );
    const finish = await spawnAgent(['finish', '--config', env.configPath, 'success']);
    expect(await exitOf(finish)).toBe(0);
    await expect(
      sealThroughAgent({ baseUrl, token: 'not-the-token', pin, keepAgent: true, signal: signal() }),
    ).rejects.toThrow(
      /^The agent refused Kiln's token \(HTTP 401\): The bearer token does not match this agent\..* The instance was not sealed\.$/,
    );

    const report = await sealThroughAgent({ baseUrl, token: env.token, pin, keepAgent: true, signal: signal() });
    expect(report.stoppingAgent).toBe(true);
    expect(report.kept).toEqual([path.join(root, 'bin', 'kiln-agent.cjs')]);
    expect(report.removed).toEqual([
      path.join(root, 'etc', 'agent.key'),
      path.join(root, 'etc', 'agent.json'),
      path.join(root, 'etc', 'agent.crt'),
      path.join(root, 'data'),
      path.join(root, 'etc'),
    ]);
    expect(report.actions).toEqual([]);
    expect(await exitOf(serve, 10_000)).toBe(0);
    expect(await readdir(root)).toEqual(['bin']);
    expect(existsSync(path.join(root, 'etc', 'agent.key'))).toBe(false);
  }, 40_000);

  it('refuses the real agent when the pin is another certificate, and seals nothing', async () => {
    const { env, root, baseUrl } = await startTlsAgent();
    const other = newCertificate('someone else');
    const wrongPin = { certPem: other.certPem, fingerprint256: other.fingerprint256 };
    await expect(
      sealThroughAgent({ baseUrl, token: env.token, pin: wrongPin, keepAgent: false, signal: signal() }),
    ).rejects.toBeInstanceOf(CertificateMismatchError);
    expect(existsSync(path.join(root, 'etc', 'agent.key'))).toBe(true);
  }, 30_000);
});

describe('sealThroughAgent against other servers', () => {
  it('posts {keepAgent, generalize} as JSON with the token', async () => {
    const report = {
      removed: ['/opt/kiln/etc/agent.key'],
      kept: [],
      actions: [{ command: 'cloud-init clean --logs --seed', ok: true }],
      stoppingAgent: true,
    };
    const agent = await startServer(certificate, 200, report);
    expect(
      await sealThroughAgent({
        baseUrl: agent.baseUrl,
        token: 'secret',
        pin,
        keepAgent: false,
        generalize: true,
        signal: signal(),
      }),
    ).toEqual(report);
    expect(agent.seen).toEqual([
      {
        method: 'POST',
        contentType: 'application/json',
        authorization: 'Bearer secret',
        body: '{"keepAgent":false,"generalize":true}',
      },
    ]);
  });

  it('refuses a server with another certificate before sending the token', async () => {
    const impostor = await startServer(newCertificate('impostor'), 200, {});
    const attempt = sealThroughAgent({
      baseUrl: impostor.baseUrl,
      token: 'secret',
      pin,
      keepAgent: false,
      signal: signal(),
    });
    await expect(attempt).rejects.toBeInstanceOf(CertificateMismatchError);
    expect(impostor.seen).toEqual([]);
  });

  it('says an agent without the route is too old to seal, and passes on the agent’s own refusals', async () => {
    const old = await startServer(certificate, 404, {
      error: { code: 'not-found', message: `No route POST ${AGENT_API.seal}.` },
    });
    await expect(
      sealThroughAgent({ baseUrl: old.baseUrl, token: 't', pin, keepAgent: false, signal: signal() }),
    ).rejects.toThrow(/^This agent is too old to seal \(it has no POST \/v1\/seal\); the instance was not sealed\./);
    const unsupported = await startServer(certificate, 409, {
      error: {
        code: 'seal-unsupported',
        message: 'This agent cannot seal: its config … was written by an older Kiln bootstrap.',
      },
    });
    await expect(
      sealThroughAgent({ baseUrl: unsupported.baseUrl, token: 't', pin, keepAgent: false, signal: signal() }),
    ).rejects.toThrow(
      'The agent did not seal the instance: This agent cannot seal: its config … was written by an older Kiln bootstrap.',
    );
  });

  it('names the status of any other failure, and refuses a body that is not a seal report', async () => {
    const broken = await startServer(certificate, 500, {
      error: { code: 'internal', message: 'The agent failed to handle this request; see its log.' },
    });
    await expect(
      sealThroughAgent({ baseUrl: broken.baseUrl, token: 't', pin, keepAgent: false, signal: signal() }),
    ).rejects.toThrow(
      'The agent answered HTTP 500 to POST /v1/seal: The agent failed to handle this request; see its log.',
    );
    const odd = await startServer(certificate, 200, { removed: [], kept: [], actions: [] });
    await expect(
      sealThroughAgent({ baseUrl: odd.baseUrl, token: 't', pin, keepAgent: false, signal: signal() }),
    ).rejects.toThrow(/^The agent's answer to POST \/v1\/seal is not a seal report: stoppingAgent: /);
  });
});
