// Kiln's side of the agent link against the real agent bundle over TLS with the per-launch pinned certificate:
// exact delivery, a wrong certificate refused before the token is sent, a link restarted mid-stream, and a
// fault proxy that delays and resets connections.
import { writeFile } from 'node:fs/promises';
import { createServer } from 'node:https';
import path from 'node:path';
import type { AddressInfo } from 'node:net';
import { afterAll, describe, expect, it } from 'vitest';
import type { AgentFinalEvent, AgentLineEvent } from '../../../installer-agent/src/protocol';
import type { AgentLinkStatus } from '../../../electron/common/models';
import { createAgentCertificate } from '../../../electron/core/agent-link/agent-certificate';
import { startAgentLink, type AgentLinkOptions } from '../../../electron/core/agent-link/agent-link';
import { startFaultProxy } from '../../support/fault-proxy';
import { waitFor } from '../../support/wait';
import { cleanUpAgents, makeAgentEnv, spawnAgent, type AgentEnv } from '../installer-agent/agent-harness';

const certificate = createAgentCertificate({
  commonName: 'kiln-agent link-test',
  altNames: ['127.0.0.1'],
  notBefore: new Date(Date.now() - 60_000),
  validDays: 1,
});
const pin = { certPem: certificate.certPem, fingerprint256: certificate.fingerprint256 };

interface Received {
  lines: AgentLineEvent[];
  final?: AgentFinalEvent;
  statuses: AgentLinkStatus[];
  cursor: number;
}

function follow(env: AgentEnv, received: Received, overrides: Partial<AgentLinkOptions> = {}) {
  return startAgentLink({
    baseUrl: () => `https://127.0.0.1:${env.port}`,
    token: env.token,
    pin,
    cursor: received.cursor,
    waitMs: 2_000,
    minBackoffMs: 20,
    maxBackoffMs: 200,
    onLines: async (lines, cursor) => {
      received.lines.push(...lines);
      received.cursor = cursor;
    },
    onFinal: async (final) => void (received.final = final),
    onStatus: (status) => void received.statuses.push(status),
    ...overrides,
  });
}
const fresh = (): Received => ({ lines: [], statuses: [], cursor: 0 });

async function tlsAgentEnv(): Promise<AgentEnv> {
  const env = await makeAgentEnv();
  const certFile = path.join(env.dir, 'cert.pem');
  const keyFile = path.join(env.dir, 'key.pem');
  await writeFile(certFile, certificate.certPem);
  await writeFile(keyFile, certificate.keyPem, { mode: 0o600 });
  const config = {
    bind: '127.0.0.1',
    port: env.port,
    tokenSha256: (await import('node:crypto')).createHash('sha256').update(env.token).digest('hex'),
    dataDir: env.dataDir,
    tls: { certFile, keyFile },
  };
  await writeFile(env.configPath, JSON.stringify(config));
  return env;
}

async function runScript(env: AgentEnv, script: string) {
  const serve = await spawnAgent(['serve', '--config', env.configPath]);
  const run = await spawnAgent(['run', '--quiet', '--config', env.configPath, '--', 'bash', '-c', script]);
  return { serve, run };
}

const numbered = (count: number) => Array.from({ length: count }, (_, i) => `line ${i + 1}`);
afterAll(cleanUpAgents);

describe('agent link over pinned TLS', () => {
  it('receives every line exactly once, in order, then the final token', async () => {
    const env = await tlsAgentEnv();
    await runScript(env, 'for i in $(seq 1 2000); do echo "line $i"; done; echo "to stderr" >&2; exit 0');
    const received = fresh();
    const link = follow(env, received);
    await link.done;
    expect(received.lines.map((l) => l.text)).toEqual([...numbered(2000), 'to stderr']);
    expect(received.lines.at(-1)?.stream).toBe('stderr');
    expect(received.final).toMatchObject({ kind: 'final', result: 'success', exitCode: 0 });
    expect(received.statuses.at(-1)?.state).toBe('finished');
  });

  it('refuses an agent with another certificate before sending the token', async () => {
    const other = createAgentCertificate({
      commonName: 'impostor',
      altNames: ['127.0.0.1'],
      notBefore: new Date(Date.now() - 60_000),
      validDays: 1,
    });
    let requests = 0;
    const impostor = createServer({ cert: other.certPem, key: other.keyPem }, (_req, res) => {
      requests += 1;
      res.end('{}');
    });
    await new Promise<void>((resolve) => impostor.listen(0, '127.0.0.1', resolve));
    const port = (impostor.address() as AddressInfo).port;
    const received = fresh();
    const link = follow({ port, token: 'secret' } as AgentEnv, received);
    try {
      const status = await waitFor(
        'tls-mismatch',
        () => received.statuses.find((s) => s.state === 'tls-mismatch'),
        10_000,
      );
      expect(status.detail).toMatch(/not the one Kiln generated/);
      expect(requests).toBe(0);
      expect(received.lines).toEqual([]);
    } finally {
      link.stop();
      await link.done;
      impostor.close();
    }
  });

  it('continues from the saved cursor when the link restarts mid-stream, without loss or duplicates', async () => {
    const env = await tlsAgentEnv();
    await runScript(
      env,
      'for i in $(seq 1 3000); do echo "line $i"; if [ $((i % 250)) = 0 ]; then sleep 0.1; fi; done',
    );
    const received = fresh();
    const first = follow(env, received);
    await waitFor('some lines', () => received.lines.length >= 500 && received.lines.length < 3000, 20_000, 5);
    first.stop();
    await first.done;
    const second = follow(env, received);
    await second.done;
    expect(received.lines.map((l) => l.text)).toEqual(numbered(3000));
    expect(new Set(received.lines.map((l) => l.seq)).size).toBe(3000);
  });

  it('recovers through a proxy that delays and resets connections', async () => {
    const env = await tlsAgentEnv();
    await runScript(
      env,
      'for i in $(seq 1 5000); do echo "line $i with some padding to make pages larger"; if [ $((i % 500)) = 0 ]; then sleep 0.05; fi; done; exit 4',
    );
    const proxy = await startFaultProxy({
      targetPort: env.port,
      resetEvery: 2,
      resetAfterBytes: 20_000,
      maxDelayMs: 30,
    });
    const received = fresh();
    try {
      const link = follow(env, received, { baseUrl: () => `https://127.0.0.1:${proxy.port}` });
      await link.done;
    } finally {
      await proxy.close();
    }
    expect(proxy.resets).toBeGreaterThan(0);
    expect(received.lines.map((l) => l.text)).toEqual(
      numbered(5000).map((l) => `${l} with some padding to make pages larger`),
    );
    expect(received.final).toMatchObject({ result: 'failure', exitCode: 4 });
    expect(received.statuses.some((s) => s.state === 'unreachable')).toBe(true);
  });
});
