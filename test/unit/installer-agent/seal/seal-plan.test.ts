import path from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  formatCommand,
  isInside,
  planSeal,
  sealHostFor,
  type SealHost,
  type SealPlan,
  type SealTarget,
} from '../../../../installer-agent/src/seal/seal-plan';

const linuxHost: SealHost = sealHostFor({ platform: 'linux', programFiles: undefined });
const windowsHost: SealHost = sealHostFor({ platform: 'win32', programFiles: 'C:\\Program Files' });

const linux: SealTarget = {
  root: '/opt/kiln',
  service: { kind: 'systemd', unit: 'kiln-agent.service', unitFile: '/etc/systemd/system/kiln-agent.service' },
  firstBootReset: 'cloud-init',
  configPath: '/opt/kiln/etc/agent.json',
  dataDir: '/opt/kiln/data',
  tls: { certFile: '/opt/kiln/etc/agent.crt', keyFile: '/opt/kiln/etc/agent.key' },
};

const windows: SealTarget = {
  root: 'C:\\ProgramData\\Kiln',
  service: { kind: 'scheduled-task', name: 'Kiln agent' },
  firstBootReset: 'ec2launch-v2',
  configPath: 'C:\\ProgramData\\Kiln\\etc\\agent.json',
  dataDir: 'C:\\ProgramData\\Kiln\\data',
  tls: { certFile: 'C:\\ProgramData\\Kiln\\etc\\agent.crt', keyFile: 'C:\\ProgramData\\Kiln\\etc\\agent.key' },
};

function plan(
  target: SealTarget,
  options: { keepAgent?: boolean; generalize?: boolean } = {},
  host = linuxHost,
): SealPlan {
  const result = planSeal(target, { keepAgent: false, generalize: false, ...options }, host);
  if (!result.ok) throw new Error(result.error.message);
  return result.value;
}

const commands = (p: SealPlan): string[] =>
  p.steps.flatMap((s) => (s.kind === 'run' ? [formatCommand(s.command)] : []));
const removals = (p: SealPlan): string[] => p.steps.flatMap((s) => (s.kind === 'remove' ? [s.path] : []));

describe('planSeal', () => {
  it('systemd + cloud-init: disables the unit while its file exists, removes it, reloads, then cleans cloud-init', () => {
    const p = plan(linux);
    expect(commands(p)).toEqual([
      'systemctl disable kiln-agent.service',
      'systemctl daemon-reload',
      'cloud-init clean --logs --seed',
    ]);
    expect(p.steps.slice(0, 3).map((s) => s.kind)).toEqual(['run', 'remove', 'run']);
    expect(p.steps[1]).toEqual({
      kind: 'remove',
      path: '/etc/systemd/system/kiln-agent.service',
      within: '/etc/systemd/system',
    });
    expect(p.steps.at(-1)).toEqual({
      kind: 'remove-entries',
      dir: '/var/lib/cloud/instance',
      within: '/var/lib/cloud/instance',
      prefixes: ['user-data.txt', 'scripts'],
    });
    expect(p.stop).toEqual({
      kind: 'systemctl',
      command: { file: 'systemctl', args: ['stop', '--no-block', 'kiln-agent.service'], timeoutMs: 30_000 },
    });
  });

  it('removes the secrets first, then the per-launch directories, the agent and Node; keeps nothing by default', () => {
    const p = plan(linux);
    expect(removals(p)).toEqual([
      '/etc/systemd/system/kiln-agent.service',
      '/opt/kiln/etc/agent.key',
      '/opt/kiln/etc/agent.json',
      '/opt/kiln/etc/agent.crt',
      '/opt/kiln/install',
      '/opt/kiln/data',
      '/opt/kiln/run',
      '/opt/kiln/bin',
      '/opt/kiln/node',
    ]);
    expect(p.keep).toEqual([]);
    expect(
      p.steps.filter((s) => s.kind === 'remove-if-empty').map((s) => s.kind === 'remove-if-empty' && s.path),
    ).toEqual(['/opt/kiln/bin', '/opt/kiln/etc', '/opt/kiln']);
    expect(p.steps.filter((s) => s.kind === 'refuse')).toEqual([]);
  });

  it('keepAgent: keeps the bundle and Node, and empties bin of everything else', () => {
    const p = plan(linux, { keepAgent: true });
    expect(p.keep).toEqual(['/opt/kiln/bin/kiln-agent.cjs', '/opt/kiln/node']);
    expect(removals(p)).not.toContain('/opt/kiln/bin');
    expect(removals(p)).not.toContain('/opt/kiln/node');
    expect(p.steps).toContainEqual({
      kind: 'remove-entries',
      dir: '/opt/kiln/bin',
      within: '/opt/kiln',
      except: ['kiln-agent.cjs'],
    });
  });

  it('pidfile: no service commands; the agent just exits (the pid file goes with run/)', () => {
    const p = plan({
      ...linux,
      service: { kind: 'pidfile', pidFile: '/opt/kiln/run/agent.pid' },
      firstBootReset: 'none',
    });
    expect(commands(p)).toEqual([]);
    expect(p.stop).toEqual({ kind: 'exit' });
    expect(removals(p)).not.toContain('/opt/kiln/run/agent.pid');
  });

  it('scheduled task + EC2Launch v2: resets EC2Launch, adds sysprep only with generalize, and exits', () => {
    const exe = 'C:\\Program Files\\Amazon\\EC2Launch\\EC2Launch.exe';
    const reset = plan(windows, {}, windowsHost);
    expect(commands(reset)).toEqual([`"${exe}" reset --clean`]);
    expect(reset.stop).toEqual({ kind: 'exit' });
    expect(removals(reset)).toContain('C:\\ProgramData\\Kiln\\etc\\agent.key');
    expect(removals(reset)).toContain('C:\\ProgramData\\Kiln\\node');
    const sysprep = plan(windows, { generalize: true }, windowsHost);
    expect(commands(sysprep)).toEqual([`"${exe}" reset --clean`, `"${exe}" sysprep --clean`]);
    // Sysprep last: it may take the machine down.
    expect(sysprep.steps.at(-1)).toMatchObject({ kind: 'run', command: { file: exe, args: ['sysprep', '--clean'] } });
    expect(plan(windows, { keepAgent: true }, windowsHost).keep).toEqual([
      'C:\\ProgramData\\Kiln\\bin\\kiln-agent.cjs',
      'C:\\ProgramData\\Kiln\\node',
    ]);
  });

  it('Windows paths compare without case, as the file system does', () => {
    const p = planSeal(
      { ...windows, configPath: 'c:\\programdata\\kiln\\ETC\\agent.json' },
      { keepAgent: false, generalize: false },
      windowsHost,
    );
    expect(p.ok).toBe(true);
  });

  it('refuses generalize where there is no sysprep', () => {
    const result = planSeal(linux, { keepAgent: false, generalize: true }, linuxHost);
    expect(result).toMatchObject({ ok: false, error: { code: 'bad-request' } });
    if (!result.ok) expect(result.error.message).toContain("this agent's is cloud-init");
  });

  describe('a hostile or broken config', () => {
    it('refuses a root that is not a directory of its own, or that the config file is not in', () => {
      for (const root of ['/', '/opt', '/opt/']) {
        const result = planSeal(
          { ...linux, root, configPath: `${root}/etc/agent.json` },
          { keepAgent: false, generalize: false },
          linuxHost,
        );
        expect(result, root).toMatchObject({ ok: false, error: { code: 'seal-unsupported' } });
      }
      for (const root of ['C:\\', 'C:\\ProgramData']) {
        const result = planSeal(
          { ...windows, root, configPath: `${root}\\etc\\agent.json` },
          { keepAgent: false, generalize: false },
          windowsHost,
        );
        expect(result, root).toMatchObject({ ok: false, error: { code: 'seal-unsupported' } });
      }
      const elsewhere = planSeal({ ...linux, root: '/usr/local' }, { keepAgent: false, generalize: false }, linuxHost);
      expect(elsewhere).toMatchObject({ ok: false, error: { code: 'seal-unsupported' } });
      if (!elsewhere.ok) {
        expect(elsewhere.error.message).toBe(
          "The agent was started with config /opt/kiln/etc/agent.json, not /usr/local/etc/agent.json, so root /usr/local is not this agent's directory; the agent refuses to seal.",
        );
      }
      const dotted = planSeal(
        { ...linux, root: '/opt/kiln/../..', configPath: '/etc/agent.json' },
        { keepAgent: false, generalize: false },
        linuxHost,
      );
      expect(dotted.ok).toBe(false);
    });

    it('refuses a unit file other than the agent unit in /etc/systemd/system, and a unit that is not the agent', () => {
      const passwd = plan({
        ...linux,
        service: { kind: 'systemd', unit: 'kiln-agent.service', unitFile: '/etc/passwd' },
      });
      expect(commands(passwd)).toEqual(['cloud-init clean --logs --seed']);
      expect(removals(passwd)).not.toContain('/etc/passwd');
      expect(passwd.steps[0]).toMatchObject({ kind: 'refuse', path: '/etc/passwd' });
      const sshd = plan({
        ...linux,
        service: { kind: 'systemd', unit: 'sshd.service', unitFile: '/etc/systemd/system/sshd.service' },
      });
      expect(commands(sshd).filter((c) => c.startsWith('systemctl'))).toEqual([]);
      expect(sshd.stop).toEqual({ kind: 'exit' });
      expect(sshd.steps[0]).toMatchObject({ kind: 'refuse', path: '/etc/systemd/system/sshd.service' });
    });

    it('removes files the config names elsewhere below root, and refuses those outside it', () => {
      const p = plan({
        ...linux,
        dataDir: '/var/lib/kiln-agent',
        tls: { certFile: '/opt/kiln/tls/agent.crt', keyFile: '/opt/kiln/etc/../../../etc/shadow' },
      });
      expect(removals(p)).toContain('/opt/kiln/tls/agent.crt');
      expect(removals(p)).not.toContain('/etc/shadow');
      expect(removals(p)).not.toContain('/var/lib/kiln-agent');
      expect(p.steps.filter((s) => s.kind === 'refuse').map((s) => s.kind === 'refuse' && s.path)).toEqual([
        '/var/lib/kiln-agent',
        '/etc/shadow',
      ]);
    });

    it('never removes, as a config-named path, what keepAgent keeps', () => {
      const p = plan({ ...linux, dataDir: '/opt/kiln/bin' }, { keepAgent: true });
      expect(removals(p)).not.toContain('/opt/kiln/bin');
      expect(p.steps).toContainEqual({
        kind: 'refuse',
        path: '/opt/kiln/bin',
        reason: 'it holds the agent that keepAgent keeps',
      });
    });
  });
});

describe('isInside and formatCommand', () => {
  it('tell strictly-below from equal, sibling and parent paths', () => {
    expect(isInside('/opt/kiln', '/opt/kiln/data', path.posix)).toBe(true);
    expect(isInside('/opt/kiln', '/opt/kiln', path.posix)).toBe(false);
    expect(isInside('/opt/kiln', '/opt/kiln2/data', path.posix)).toBe(false);
    expect(isInside('/opt/kiln', '/opt', path.posix)).toBe(false);
    expect(isInside('/opt/kiln', '/opt/kiln/..data', path.posix)).toBe(true);
    expect(isInside('C:\\ProgramData\\Kiln', 'c:\\programdata\\kiln\\run', path.win32)).toBe(true);
  });

  it('quotes arguments with spaces', () => {
    expect(formatCommand({ file: 'C:\\Program Files\\x.exe', args: ['reset', '--clean'] })).toBe(
      '"C:\\Program Files\\x.exe" reset --clean',
    );
  });
});
