/** The real bundle with `tls` in its config: HTTPS for readers, and run/log/finish pinned to the same certificate. */
import { execFileSync } from 'node:child_process';
import { readFile, writeFile } from 'node:fs/promises';
import { request } from 'node:https';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { AGENT_API, EventsResponse } from '../../../installer-agent/src/protocol/events';
import { cleanUpAgents, exitOf, makeAgentEnv, spawnAgent, waitUntil, type AgentEnv } from './agent-harness';

const hasOpenssl = (() => {
  try {
    execFileSync('openssl', ['version'], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
})();

afterEach(cleanUpAgents);

function makeCertificate(dir: string, name: string): { certFile: string; keyFile: string } {
  const certFile = join(dir, `${name}.crt`);
  const keyFile = join(dir, `${name}.key`);
  execFileSync(
    'openssl',
    [
      'req',
      '-x509',
      '-newkey',
      'ec',
      '-pkeyopt',
      'ec_paramgen_curve:prime256v1',
      '-nodes',
      '-days',
      '1',
      '-subj',
      '/CN=kiln-agent-test',
      '-addext',
      'subjectAltName=IP:127.0.0.1',
      '-keyout',
      keyFile,
      '-out',
      certFile,
    ],
    { stdio: 'ignore' },
  );
  return { certFile, keyFile };
}

/** GET over HTTPS trusting only `ca`. */
function httpsGet(env: AgentEnv, path: string, ca: string): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    const req = request(
      { host: '127.0.0.1', port: env.port, path, ca, headers: { authorization: `Bearer ${env.token}` } },
      (res) => {
        let body = '';
        res.on('data', (chunk: Buffer) => (body += chunk.toString('utf8')));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, body }));
      },
    );
    req.on('error', reject);
    req.end();
  });
}

describe.skipIf(!hasOpenssl)('kiln-agent with TLS', () => {
  it('serves HTTPS and relays a run over the pinned certificate', async () => {
    const probe = await makeAgentEnv();
    const tls = makeCertificate(probe.dir, 'agent');
    const env = await makeAgentEnv({ tls, dataDir: join(probe.dir, 'data') });
    const ca = await readFile(tls.certFile, 'utf8');
    const serve = await spawnAgent(['serve', '--config', env.configPath]);
    await waitUntil(async () => (await httpsGet(env, AGENT_API.health, ca).catch(() => null))?.status === 200, {
      timeoutMs: 10_000,
      what: 'serve to answer health over HTTPS',
    });
    expect(serve.stderr()).toContain(`serving on https://127.0.0.1:${env.port}`);

    const run = await spawnAgent(['run', '--config', env.configPath, '--', 'bash', '-c', 'echo secure line; exit 0']);
    expect(await exitOf(run)).toBe(0);
    const page = EventsResponse.parse(JSON.parse((await httpsGet(env, `${AGENT_API.events}?after=0`, ca)).body));
    expect(page.events.map((e) => (e.kind === 'line' ? e.text : e.result))).toEqual(['secure line', 'success']);

    // A plain-HTTP client gets nothing from the TLS port.
    await expect(fetch(`http://127.0.0.1:${env.port}${AGENT_API.health}`)).rejects.toThrow();
  });

  it('refuses to deliver to a server whose certificate is not the configured one', async () => {
    const probe = await makeAgentEnv();
    const real = makeCertificate(probe.dir, 'real');
    const other = makeCertificate(probe.dir, 'other');
    const env = await makeAgentEnv({ tls: real, dataDir: join(probe.dir, 'data') });
    const impostorConfig = join(probe.dir, 'impostor.json');
    const config = JSON.parse(await readFile(env.configPath, 'utf8')) as Record<string, unknown>;
    await writeFile(impostorConfig, JSON.stringify({ ...config, tls: other }));
    const serve = await spawnAgent(['serve', '--config', impostorConfig]);
    await waitUntil(() => serve.stderr().includes('serving on'), { timeoutMs: 10_000, what: 'the impostor to listen' });
    const log = await spawnAgent(['log', '--config', env.configPath, 'for the real agent only']);
    expect(await exitOf(log)).toBe(1);
    expect(log.stderr()).toContain('different certificate');
  });
});
