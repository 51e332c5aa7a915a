import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { loadConfig, parseConfigText, sshHostKeyDirOf } from '../../../../installer-agent/src/config/load-config';
import { localBaseUrl } from '../../../../installer-agent/src/config/local-endpoint';

const SHA = 'a'.repeat(64);
const valid = { bind: '127.0.0.1', port: 8443, tokenSha256: SHA, dataDir: '/var/lib/kiln-agent' };

function errorOf(text: string): string {
  const result = parseConfigText(text, '/etc/kiln/agent.json');
  if (result.ok) throw new Error('expected a failure');
  return result.error.message;
}

describe('parseConfigText', () => {
  it('accepts a valid config and applies defaults', () => {
    const result = parseConfigText(JSON.stringify({ port: 1, tokenSha256: SHA, dataDir: '/d' }), 'x');
    expect(result).toEqual({
      ok: true,
      value: { config: { bind: '0.0.0.0', port: 1, tokenSha256: SHA, dataDir: '/d' }, unknownKeys: [] },
    });
  });

  it('names the file and the bad field', () => {
    const message = errorOf(JSON.stringify({ ...valid, port: '8443' }));
    expect(message).toContain('/etc/kiln/agent.json');
    expect(message).toMatch(/^Config \/etc\/kiln\/agent\.json is invalid: port: .*number/);
  });

  it('explains a bad token hash and a missing dataDir together', () => {
    const { dataDir: _omit, ...rest } = valid;
    const message = errorOf(JSON.stringify({ ...rest, tokenSha256: 'ABC' }));
    expect(message).toContain('tokenSha256: tokenSha256 must be 64 lowercase hex characters');
    expect(message).toContain('dataDir:');
  });

  it('names nested fields with their path', () => {
    expect(errorOf(JSON.stringify({ ...valid, tls: { certFile: '/c.pem' } }))).toContain('tls.keyFile:');
    expect(errorOf(JSON.stringify({ ...valid, port: 70_000 }))).toContain('port:');
  });

  it('reports text that is not JSON, and a JSON value that is not an object', () => {
    expect(errorOf('{ port: 1 ')).toMatch(/is not valid JSON/);
    expect(errorOf('[]')).toContain('(config):');
  });

  it('takes sshHostKeyDir as an absolute POSIX or Windows path, and names it when it is not one', () => {
    for (const dir of ['/etc/ssh', 'C:\\ProgramData\\ssh', 'D:/ssh', '\\\\server\\share\\ssh']) {
      const result = parseConfigText(JSON.stringify({ ...valid, sshHostKeyDir: dir }), 'x');
      expect(result.ok && result.value.config.sshHostKeyDir).toBe(dir);
    }
    for (const dir of ['etc/ssh', './ssh', '', 'C:ssh']) {
      expect(errorOf(JSON.stringify({ ...valid, sshHostKeyDir: dir }))).toContain(
        'sshHostKeyDir: sshHostKeyDir must be an absolute path, e.g. /etc/ssh or C:\\ProgramData\\ssh',
      );
    }
    expect(errorOf(JSON.stringify({ ...valid, sshHostKeyDir: 22 }))).toMatch(/sshHostKeyDir: .*string/);
  });

  it('lists unknown keys instead of failing (a newer Kiln may write keys an older agent does not know)', () => {
    const result = parseConfigText(JSON.stringify({ ...valid, TLS: {} }), 'x');
    expect(result.ok && result.value.unknownKeys).toEqual(['TLS']);
  });
});

describe('parseConfigText: what a seal needs', () => {
  const parse = (extra: Record<string, unknown>) =>
    parseConfigText(JSON.stringify({ ...valid, ...extra }), '/opt/kiln/etc/agent.json');

  it('takes root, each kind of service and firstBootReset as the bootstraps write them', () => {
    const services = [
      { kind: 'systemd', unit: 'kiln-agent.service', unitFile: '/etc/systemd/system/kiln-agent.service' },
      { kind: 'pidfile', pidFile: '/opt/kiln/run/agent.pid' },
      { kind: 'scheduled-task', name: 'Kiln agent' },
    ];
    for (const service of services) {
      const result = parse({ root: '/opt/kiln', service, firstBootReset: 'cloud-init' });
      expect(result.ok && result.value.config).toMatchObject({
        root: '/opt/kiln',
        service,
        firstBootReset: 'cloud-init',
      });
      expect(result.ok && result.value.unknownKeys).toEqual([]);
    }
    const windows = parse({ root: 'C:\\ProgramData\\Kiln', service: services[2], firstBootReset: 'ec2launch-v2' });
    expect(windows.ok).toBe(true);
  });

  it('still loads a config from an older bootstrap, without them', () => {
    const result = parse({});
    expect(result.ok && result.value.config).toEqual({ ...valid });
  });

  it('names a relative root, an unknown service kind, a unit that is not the agent and an unknown reset', () => {
    const message = (extra: Record<string, unknown>): string => {
      const result = parse(extra);
      if (result.ok) throw new Error('expected a failure');
      return result.error.message;
    };
    expect(message({ root: 'opt/kiln' })).toContain(
      'root: root must be an absolute path, e.g. /opt/kiln or C:\\ProgramData\\Kiln',
    );
    expect(message({ service: { kind: 'launchd' } })).toMatch(/service\.kind: /);
    expect(
      message({ service: { kind: 'systemd', unit: 'sshd.service', unitFile: '/etc/systemd/system/sshd.service' } }),
    ).toContain('service.unit: service.unit must be kiln-agent.service (or kiln-agent<suffix>.service)');
    expect(message({ service: { kind: 'pidfile', pidFile: 'run/agent.pid' } })).toContain(
      'service.pidFile: service.pidFile must be an absolute path',
    );
    expect(message({ firstBootReset: 'sysprep' })).toMatch(/firstBootReset: /);
  });
});

describe('loadConfig', () => {
  let dir = '';
  afterEach(async () => {
    if (dir) await rm(dir, { recursive: true, force: true });
  });

  it('reads a file, and names a file it cannot read', async () => {
    dir = await mkdtemp(join(tmpdir(), 'kiln-config-'));
    const path = join(dir, 'agent.json');
    await writeFile(path, JSON.stringify(valid));
    expect((await loadConfig(path)).ok).toBe(true);
    const missing = await loadConfig(join(dir, 'nope.json'));
    expect(missing.ok).toBe(false);
    if (!missing.ok) {
      expect(missing.error.code).toBe('config-unreadable');
      expect(missing.error.message).toContain('nope.json');
    }
  });
});

describe('sshHostKeyDirOf', () => {
  it('uses the configured directory, else /etc/ssh, else %ProgramData%\\ssh on Windows', () => {
    expect(sshHostKeyDirOf({ sshHostKeyDir: '/srv/ssh' }, { platform: 'linux', programData: undefined })).toBe(
      '/srv/ssh',
    );
    expect(sshHostKeyDirOf({ sshHostKeyDir: 'E:\\ssh' }, { platform: 'win32', programData: 'C:\\ProgramData' })).toBe(
      'E:\\ssh',
    );
    expect(sshHostKeyDirOf({}, { platform: 'linux', programData: undefined })).toBe('/etc/ssh');
    expect(sshHostKeyDirOf({}, { platform: 'darwin', programData: 'ignored' })).toBe('/etc/ssh');
    expect(sshHostKeyDirOf({}, { platform: 'win32', programData: 'D:\\ProgramData' })).toBe('D:\\ProgramData\\ssh');
    expect(sshHostKeyDirOf({}, { platform: 'win32', programData: undefined })).toBe('C:\\ProgramData\\ssh');
    expect(sshHostKeyDirOf({}, { platform: 'win32', programData: '' })).toBe('C:\\ProgramData\\ssh');
  });
});

describe('localBaseUrl', () => {
  it('uses loopback for wildcard binds and the bind address otherwise', () => {
    expect(localBaseUrl({ bind: '0.0.0.0', port: 8443 })).toBe('http://127.0.0.1:8443');
    expect(localBaseUrl({ bind: '::', port: 8443 })).toBe('http://127.0.0.1:8443');
    expect(localBaseUrl({ bind: '127.3.0.7', port: 9 })).toBe('http://127.3.0.7:9');
    expect(localBaseUrl({ bind: '::1', port: 9, tls: { certFile: 'c', keyFile: 'k' } })).toBe('https://[::1]:9');
  });
});
