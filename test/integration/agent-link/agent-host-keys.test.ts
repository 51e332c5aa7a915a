// Kiln asks the real agent bundle for the instance's SSH host keys over TLS with the per-launch pinned certificate:
// the keys from the configured sshHostKeyDir, a wrong token, a certificate that is not the pinned one (refused before
// the token is sent), and an older agent without the route.
import { execFileSync, spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { createServer, type Server } from 'node:https';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { createAgentCertificate } from '../../../electron/core/agent-link/agent-certificate';
import { fetchAgentHostKeys } from '../../../electron/core/agent-link/agent-host-keys';
import { CertificateMismatchError } from '../../../electron/core/agent-link/agent-http';
import { AGENT_API } from '../../../installer-agent/src/protocol';
import { cleanUpAgents, makeAgentEnv, spawnAgent, type AgentEnv } from '../installer-agent/agent-harness';
import { waitFor } from '../../support/wait';

const hasSshKeygen = spawnSync('ssh-keygen', ['-?']).error === undefined;
const newCertificate = (commonName: string) =>
  createAgentCertificate({
    commonName,
    altNames: ['127.0.0.1'],
    notBefore: new Date(Date.now() - 60_000),
    validDays: 1,
  });
const certificate = newCertificate('kiln-agent host-keys-test');
const pin = { certPem: certificate.certPem, fingerprint256: certificate.fingerprint256 };

const servers: Server[] = [];
afterEach(async () => {
  for (const server of servers.splice(0)) await new Promise((resolve) => server.close(resolve));
});
afterAll(cleanUpAgents);

/** The real agent on 127.0.0.1 over TLS, reading host keys from a directory holding keys made by ssh-keygen. */
async function startTlsAgent(): Promise<{ env: AgentEnv; pubKeys: Record<string, string> }> {
  const env = await makeAgentEnv();
  const sshDir = path.join(env.dir, 'ssh');
  await mkdir(sshDir);
  const pubKeys: Record<string, string> = {};
  for (const type of ['ed25519', 'ecdsa']) {
    const file = path.join(sshDir, `ssh_host_${type}_key`);
    execFileSync('ssh-keygen', ['-q', '-t', type, '-N', '', '-C', 'root@tls-agent', '-f', file]);
    pubKeys[type] = (await readFile(`${file}.pub`, 'utf8')).trim();
  }
  const certFile = path.join(env.dir, 'cert.pem');
  const keyFile = path.join(env.dir, 'key.pem');
  await writeFile(certFile, certificate.certPem);
  await writeFile(keyFile, certificate.keyPem, { mode: 0o600 });
  const config = {
    bind: '127.0.0.1',
    port: env.port,
    tokenSha256: createHash('sha256').update(env.token).digest('hex'),
    dataDir: env.dataDir,
    tls: { certFile, keyFile },
    sshHostKeyDir: sshDir,
  };
  await writeFile(env.configPath, JSON.stringify(config));
  const serve = await spawnAgent(['serve', '--config', env.configPath]);
  await waitFor('serve to listen', () => serve.stderr().includes('serving on https://'), 10_000, 25);
  return { env, pubKeys };
}

/** An HTTPS server on 127.0.0.1 that counts requests and answers each with `status` and `body`. */
async function startServer(
  cert: { certPem: string; keyPem: string },
  status: number,
  body: unknown,
): Promise<{ baseUrl: string; requests: () => number }> {
  let requests = 0;
  const server = createServer({ cert: cert.certPem, key: cert.keyPem }, (_req, res) => {
    requests += 1;
    res.writeHead(status, { 'content-type': 'application/json' }).end(JSON.stringify(body));
  });
  servers.push(server);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { baseUrl: `https://127.0.0.1:${(server.address() as AddressInfo).port}`, requests: () => requests };
}

const signal = () => AbortSignal.timeout(20_000);

describe.skipIf(!hasSshKeygen)('fetchAgentHostKeys against the real agent over pinned TLS', () => {
  it('returns the host keys from the directory in the agent config, and 401 names the status and the agent’s message', async () => {
    const { env, pubKeys } = await startTlsAgent();
    const baseUrl = `https://127.0.0.1:${env.port}`;
    const answer = await fetchAgentHostKeys({ baseUrl, token: env.token, pin, signal: signal() });
    expect(answer.problems).toEqual([]);
    expect(answer.keys.map((k) => `${k.type} ${k.key} ${k.comment}`)).toEqual([pubKeys.ecdsa, pubKeys.ed25519]);
    expect(answer.keys.map((k) => k.file)).toEqual(['ssh_host_ecdsa_key.pub', 'ssh_host_ed25519_key.pub']);

    await expect(fetchAgentHostKeys({ baseUrl, token: 'not-the-token', pin, signal: signal() })).rejects.toThrow(
      /^The agent answered HTTP 401 to GET \/v1\/host-keys: The bearer token does not match this agent\./,
    );
  });

  it('refuses the real agent when the pin is another certificate', async () => {
    const { env } = await startTlsAgent();
    const other = newCertificate('someone else');
    const wrongPin = { certPem: other.certPem, fingerprint256: other.fingerprint256 };
    await expect(
      fetchAgentHostKeys({
        baseUrl: `https://127.0.0.1:${env.port}`,
        token: env.token,
        pin: wrongPin,
        signal: signal(),
      }),
    ).rejects.toBeInstanceOf(CertificateMismatchError);
  });
});

describe('fetchAgentHostKeys against other servers', () => {
  it('refuses a server with another certificate before sending the token', async () => {
    const impostor = await startServer(newCertificate('impostor'), 200, { keys: [], problems: [] });
    const attempt = fetchAgentHostKeys({ baseUrl: impostor.baseUrl, token: 'secret', pin, signal: signal() });
    await expect(attempt).rejects.toBeInstanceOf(CertificateMismatchError);
    await expect(attempt).rejects.toThrow(/not the one Kiln generated for this launch/);
    expect(impostor.requests()).toBe(0);
  });

  it('says an agent without the route is too old to report host keys', async () => {
    const old = await startServer(certificate, 404, {
      error: {
        code: 'not-found',
        message: `No route GET ${AGENT_API.hostKeys}. See installer-agent/README.md for the API.`,
      },
    });
    await expect(fetchAgentHostKeys({ baseUrl: old.baseUrl, token: 't', pin, signal: signal() })).rejects.toThrow(
      /^The agent is too old to report SSH host keys \(it has no GET \/v1\/host-keys\)\./,
    );
  });

  it('names the status of any other failure, and refuses a body that is not a host key list', async () => {
    const busy = await startServer(certificate, 503, {
      error: { code: 'journal-unavailable', message: 'The journal is closing.' },
    });
    await expect(fetchAgentHostKeys({ baseUrl: busy.baseUrl, token: 't', pin, signal: signal() })).rejects.toThrow(
      'The agent answered HTTP 503 to GET /v1/host-keys: The journal is closing.',
    );
    const odd = await startServer(certificate, 200, { keys: [{ file: 'ssh_host_x_key.pub', type: 'ssh-ed25519' }] });
    await expect(fetchAgentHostKeys({ baseUrl: odd.baseUrl, token: 't', pin, signal: signal() })).rejects.toThrow(
      /^The agent's answer to GET \/v1\/host-keys is not a host key list: keys\.0\.key: /,
    );
  });
});
