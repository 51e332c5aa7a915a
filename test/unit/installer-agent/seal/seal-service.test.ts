import { existsSync } from 'node:fs';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { silentLogger } from '../../../../installer-agent/src/logger';
import type { AgentConfig } from '../../../../installer-agent/src/protocol/config';
import type { AgentFinalEvent } from '../../../../installer-agent/src/protocol/events';
import { nodeSealFileSystem } from '../../../../installer-agent/src/seal/seal-instance';
import { sealHostFor } from '../../../../installer-agent/src/seal/seal-plan';
import { createSealService, sealTargetOf } from '../../../../installer-agent/src/seal/seal-service';

let base = '';
let root = '';
beforeEach(async () => {
  base = await mkdtemp(path.join(tmpdir(), 'kiln-seal-service-'));
  root = path.join(base, 'kiln');
  await mkdir(path.join(root, 'etc'), { recursive: true });
  await writeFile(path.join(root, 'etc', 'agent.json'), '{}');
  await writeFile(path.join(root, 'etc', 'agent.key'), 'key');
});
afterEach(() => rm(base, { recursive: true, force: true }));

const FINAL: AgentFinalEvent = {
  seq: 3,
  ts: '2024-05-01T12:00:00.000Z',
  kind: 'final',
  result: 'success',
  exitCode: 0,
  signal: null,
};

function service(options: { final?: AgentFinalEvent | null; config?: Partial<AgentConfig> } = {}) {
  const events: string[] = [];
  const config: AgentConfig = {
    bind: '127.0.0.1',
    port: 8443,
    tokenSha256: 'a'.repeat(64),
    dataDir: path.join(root, 'data'),
    root,
    service: { kind: 'pidfile', pidFile: path.join(root, 'run', 'agent.pid') },
    firstBootReset: 'none',
    ...options.config,
  };
  const journal = {
    final: options.final === undefined ? FINAL : options.final,
    close: async () => {
      events.push(`journal closed; key there: ${existsSync(path.join(root, 'etc', 'agent.key'))}`);
    },
  };
  const seal = createSealService({
    config,
    configPath: path.join(root, 'etc', 'agent.json'),
    journal,
    fs: nodeSealFileSystem,
    runner: { run: async () => ({ ok: true }) },
    host: sealHostFor({ platform: 'linux', programFiles: undefined }),
    log: silentLogger,
  });
  return { seal, events };
}

describe('createSealService', () => {
  it('refuses a request that is not two optional booleans', async () => {
    const { seal } = service();
    for (const body of [{ keepagent: true }, { keepAgent: 'yes' }, [], null]) {
      const result = await seal.seal(body);
      expect(result, JSON.stringify(body)).toMatchObject({ ok: false, error: { code: 'bad-request' } });
    }
    expect(seal.sealed).toBe(false);
  });

  it('an older config (no root, service, firstBootReset) cannot seal, and says so', async () => {
    const { seal } = service({ config: { root: undefined, service: undefined, firstBootReset: undefined } });
    const result = await seal.seal({});
    expect(result).toMatchObject({ ok: false, error: { code: 'seal-unsupported' } });
    if (!result.ok) {
      expect(result.error.message).toContain('This agent cannot seal: its config');
      expect(result.error.message).toContain('written by an older Kiln bootstrap');
    }
    expect(existsSync(path.join(root, 'etc', 'agent.key'))).toBe(true);
  });

  it('refuses while the install has no final token', async () => {
    const { seal, events } = service({ final: null });
    expect(await seal.seal({ keepAgent: true })).toMatchObject({ ok: false, error: { code: 'install-running' } });
    expect(seal.sealed).toBe(false);
    expect(events).toEqual([]);
  });

  it('a refused plan leaves the agent open (nothing changed)', async () => {
    const { seal, events } = service();
    expect(await seal.seal({ generalize: true })).toMatchObject({ ok: false, error: { code: 'bad-request' } });
    expect(seal.sealed).toBe(false);
    expect(events).toEqual([]);
  });

  it('seals once: closes the journal before removing anything, refuses a second seal, releases the stop once answered', async () => {
    const { seal, events } = service();
    let stopped: unknown = null;
    void seal.whenSealed.then((stop) => (stopped = stop));
    const first = seal.seal({});
    expect(seal.sealed).toBe(true);
    expect(await seal.seal({})).toMatchObject({ ok: false, error: { code: 'sealed' } });
    // The second request's answer is out while the seal still works: too early to stop.
    seal.answered();
    const result = await first;
    expect(result.ok && result.value.removed).toEqual([
      path.join(root, 'etc', 'agent.key'),
      path.join(root, 'etc', 'agent.json'),
      path.join(root, 'etc'),
      root,
    ]);
    expect(events).toEqual(['journal closed; key there: true']);
    await new Promise((resolve) => setImmediate(resolve));
    expect(stopped).toBe(null);
    seal.answered();
    await new Promise((resolve) => setImmediate(resolve));
    expect(stopped).toEqual({ kind: 'exit' });
  });

  it('sealTargetOf keeps the TLS files and the data directory', () => {
    const target = sealTargetOf(
      {
        bind: '0.0.0.0',
        port: 1,
        tokenSha256: 'a'.repeat(64),
        dataDir: '/opt/kiln/data',
        tls: { certFile: '/c', keyFile: '/k' },
        root: '/opt/kiln',
        service: { kind: 'scheduled-task', name: 'Kiln agent' },
        firstBootReset: 'ec2launch-v2',
      },
      '/opt/kiln/etc/agent.json',
    );
    expect(target).toEqual({
      root: '/opt/kiln',
      service: { kind: 'scheduled-task', name: 'Kiln agent' },
      firstBootReset: 'ec2launch-v2',
      configPath: '/opt/kiln/etc/agent.json',
      dataDir: '/opt/kiln/data',
      tls: { certFile: '/c', keyFile: '/k' },
    });
  });
});
