/**
 * The seal on real temp directories: a fake Kiln root, a fake /etc/systemd/system and /var/lib/cloud/instance beside
 * it, a fake command runner, and a file system that fails the test if anything outside the temp dir is removed.
 */
import { existsSync } from 'node:fs';
import { mkdir, mkdtemp, readdir, rm, symlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { AgentService, FirstBootReset } from '../../../../installer-agent/src/protocol/config';
import { SealResponse } from '../../../../installer-agent/src/protocol/seal';
import {
  nodeSealFileSystem,
  sealInstance,
  type CommandOutcome,
  type SealFileSystem,
} from '../../../../installer-agent/src/seal/seal-instance';
import {
  formatCommand,
  isInside,
  type SealCommand,
  type SealHost,
  type SealTarget,
} from '../../../../installer-agent/src/seal/seal-plan';

let base = '';
let root = '';
let host: SealHost;
/** Where the fake machine keeps things that must survive any seal. */
let outside = '';

beforeEach(async () => {
  base = await mkdtemp(path.join(tmpdir(), 'kiln-seal-'));
  root = path.join(base, 'opt', 'kiln');
  outside = path.join(base, 'elsewhere');
  host = {
    path: path.posix,
    systemdUnitDir: path.join(base, 'etc', 'systemd', 'system'),
    cloudInstanceDir: path.join(base, 'var', 'lib', 'cloud', 'instance'),
    programFiles: 'C:\\Program Files',
  };
  const files: Record<string, string> = {
    'opt/kiln/etc/agent.json': '{"tokenSha256":"…"}',
    'opt/kiln/etc/agent.key': '-----BEGIN PRIVATE KEY-----',
    'opt/kiln/etc/agent.crt': '-----BEGIN CERTIFICATE-----',
    'opt/kiln/data/journal.jsonl': '{"seq":1}\n',
    'opt/kiln/run/agent.pid': '4242\n',
    'opt/kiln/run/agent.log': 'kiln-agent: serving\n',
    'opt/kiln/run/spool/install-77/000001.jsonl': '{}\n',
    'opt/kiln/install/install.sh': 'echo secret-password\n',
    'opt/kiln/bin/kiln-agent.cjs': '#!/usr/bin/env node\n',
    'opt/kiln/bin/kiln-agent-serve.ps1': 'while ($true) {}\n',
    'opt/kiln/node/bin/node': '#!/bin/sh\n',
    'etc/systemd/system/kiln-agent.service': '[Unit]\n',
    'etc/systemd/system/sshd.service': '[Unit]\n',
    'var/lib/cloud/instance/user-data.txt': '#!/bin/bash\nTOKEN…',
    'var/lib/cloud/instance/user-data.txt.i': 'MIME…',
    'var/lib/cloud/instance/scripts/part-001': '#!/bin/bash\n',
    'var/lib/cloud/instance/obj.pkl': 'pickle',
    'var/lib/cloud/instance/boot-finished': 'done',
    'elsewhere/agent.json': 'not ours',
    'elsewhere/agent.key': 'not ours',
    'elsewhere/journal.jsonl': 'not ours',
  };
  for (const [file, text] of Object.entries(files)) {
    await mkdir(path.dirname(path.join(base, file)), { recursive: true });
    await writeFile(path.join(base, file), text);
  }
});

afterEach(async () => {
  await rm(base, { recursive: true, force: true });
});

/** The real file system, except that removing anything outside the test's temp dir fails the test. */
const guardedFs = (): SealFileSystem & { removed: string[] } => {
  const removed: string[] = [];
  return {
    ...nodeSealFileSystem,
    removed,
    async remove(target) {
      if (!isInside(base, target, path.posix)) throw new Error(`test guard: refused to remove ${target}`);
      removed.push(target);
      await nodeSealFileSystem.remove(target);
    },
  };
};

/** Records commands; each answers ok unless `failing` names its command line. */
function fakeRunner(failing: Record<string, CommandOutcome> = {}, onRun?: (line: string) => void) {
  const ran: string[] = [];
  return {
    ran,
    async run(command: SealCommand): Promise<CommandOutcome> {
      const line = formatCommand(command);
      ran.push(line);
      onRun?.(line);
      return failing[line] ?? { ok: true };
    },
  };
}

function target(
  service: AgentService = { kind: 'pidfile', pidFile: `${root}/run/agent.pid` },
  firstBootReset: FirstBootReset = 'none',
): SealTarget {
  return {
    root,
    service,
    firstBootReset,
    configPath: path.join(root, 'etc', 'agent.json'),
    dataDir: path.join(root, 'data'),
    tls: { certFile: path.join(root, 'etc', 'agent.crt'), keyFile: path.join(root, 'etc', 'agent.key') },
  };
}

const systemd = (): AgentService => ({
  kind: 'systemd',
  unit: 'kiln-agent.service',
  unitFile: path.join(host.systemdUnitDir, 'kiln-agent.service'),
});

async function seal(
  sealTarget: SealTarget,
  options: { keepAgent?: boolean; generalize?: boolean } = {},
  runner = fakeRunner(),
  fs = guardedFs(),
) {
  const outcome = await sealInstance(
    sealTarget,
    { keepAgent: false, generalize: false, ...options },
    { fs, runner, host },
  );
  if (!outcome.ok) throw new Error(outcome.error.message);
  SealResponse.parse(outcome.value.response);
  return { ...outcome.value, fs, runner };
}

const exists = (relative: string): boolean => existsSync(path.join(base, relative));
const outsideUntouched = async (): Promise<void> => {
  expect((await readdir(outside)).sort()).toEqual(['agent.json', 'agent.key', 'journal.jsonl']);
  expect(exists('etc/systemd/system/sshd.service')).toBe(true);
};

describe('sealInstance', () => {
  it('keepAgent false, pid file: removes every file of the agent and the launch, then the emptied root', async () => {
    const { response, stop, runner } = await seal(target());
    expect(response).toEqual({
      removed: [
        `${root}/etc/agent.key`,
        `${root}/etc/agent.json`,
        `${root}/etc/agent.crt`,
        `${root}/install`,
        `${root}/data`,
        `${root}/run`,
        `${root}/bin`,
        `${root}/node`,
        `${root}/etc`,
        root,
      ],
      kept: [],
      actions: [],
      stoppingAgent: true,
    });
    expect(exists('opt/kiln')).toBe(false);
    expect(exists('opt')).toBe(true);
    expect(runner.ran).toEqual([]);
    expect(stop).toEqual({ kind: 'exit' });
    // The unit file and cloud-init's files are not this agent's business without systemd and cloud-init.
    expect(exists('etc/systemd/system/kiln-agent.service')).toBe(true);
    expect(exists('var/lib/cloud/instance/user-data.txt')).toBe(true);
    await outsideUntouched();
  });

  it('keepAgent true: leaves the bundle and Node, removes the rest of bin and every secret', async () => {
    const { response } = await seal(target(), { keepAgent: true });
    expect(response.kept).toEqual([`${root}/bin/kiln-agent.cjs`, `${root}/node`]);
    expect(response.removed).toContain(`${root}/bin/kiln-agent-serve.ps1`);
    expect(response.removed).not.toContain(root);
    expect((await readdir(root)).sort()).toEqual(['bin', 'node']);
    expect(await readdir(path.join(root, 'bin'))).toEqual(['kiln-agent.cjs']);
    expect(exists('opt/kiln/node/bin/node')).toBe(true);
    // kept lists only what is there: Node from the distribution leaves no <root>/node.
    await rm(path.join(root, 'node'), { recursive: true });
    await mkdir(path.join(root, 'etc'));
    await writeFile(path.join(root, 'etc', 'agent.json'), '{}');
    expect((await seal(target(), { keepAgent: true })).response.kept).toEqual([`${root}/bin/kiln-agent.cjs`]);
  });

  it('systemd + cloud-init: disables the unit before its file goes, reloads, cleans cloud-init and its user data copy', async () => {
    const unitFile = path.join(host.systemdUnitDir, 'kiln-agent.service');
    const unitAt: Record<string, boolean> = {};
    const runner = fakeRunner({}, (line) => (unitAt[line] = existsSync(unitFile)));
    const { response, stop } = await seal(target(systemd(), 'cloud-init'), {}, runner);
    expect(runner.ran).toEqual([
      'systemctl disable kiln-agent.service',
      'systemctl daemon-reload',
      'cloud-init clean --logs --seed',
    ]);
    expect(unitAt).toEqual({
      'systemctl disable kiln-agent.service': true,
      'systemctl daemon-reload': false,
      'cloud-init clean --logs --seed': false,
    });
    expect(response.actions).toEqual(runner.ran.map((command) => ({ command, ok: true })));
    expect(response.removed[0]).toBe(unitFile);
    expect(response.removed.slice(-3)).toEqual([
      `${host.cloudInstanceDir}/scripts`,
      `${host.cloudInstanceDir}/user-data.txt`,
      `${host.cloudInstanceDir}/user-data.txt.i`,
    ]);
    expect((await readdir(host.cloudInstanceDir)).sort()).toEqual(['boot-finished', 'obj.pkl']);
    expect(stop).toEqual({
      kind: 'systemctl',
      command: { file: 'systemctl', args: ['stop', '--no-block', 'kiln-agent.service'], timeoutMs: 30_000 },
    });
    await outsideUntouched();
  });

  it('scheduled task + EC2Launch v2: runs the reset (and sysprep with generalize) and exits; no systemd or cloud-init', async () => {
    const exe = '"C:\\Program Files\\Amazon\\EC2Launch\\EC2Launch.exe"';
    const task: AgentService = { kind: 'scheduled-task', name: 'Kiln agent' };
    const plain = await seal(target(task, 'ec2launch-v2'));
    expect(plain.runner.ran).toEqual([`${exe} reset --clean`]);
    expect(plain.stop).toEqual({ kind: 'exit' });
    expect(exists('var/lib/cloud/instance/user-data.txt')).toBe(true);
    expect(exists('etc/systemd/system/kiln-agent.service')).toBe(true);

    await mkdir(path.join(root, 'etc'), { recursive: true });
    await writeFile(path.join(root, 'etc', 'agent.json'), '{}');
    const generalized = await seal(target(task, 'ec2launch-v2'), { generalize: true });
    expect(generalized.runner.ran).toEqual([`${exe} reset --clean`, `${exe} sysprep --clean`]);
  });

  it('reports a failing command and carries on with every other step', async () => {
    const runner = fakeRunner({
      'systemctl disable kiln-agent.service': { ok: false, detail: 'Exited with code 1: Failed to connect to bus' },
      'cloud-init clean --logs --seed': { ok: false, detail: 'cloud-init is not installed here (not found).' },
    });
    const { response } = await seal(target(systemd(), 'cloud-init'), {}, runner);
    expect(response.actions).toEqual([
      {
        command: 'systemctl disable kiln-agent.service',
        ok: false,
        detail: 'Exited with code 1: Failed to connect to bus',
      },
      { command: 'systemctl daemon-reload', ok: true },
      { command: 'cloud-init clean --logs --seed', ok: false, detail: 'cloud-init is not installed here (not found).' },
    ]);
    expect(exists('opt/kiln')).toBe(false);
    expect(exists('var/lib/cloud/instance/user-data.txt')).toBe(false);
  });

  it('reports a removal that fails, and a runner that throws, without stopping', async () => {
    const fs = guardedFs();
    const remove = fs.remove;
    fs.remove = async (file) => {
      if (file.endsWith('/data')) throw new Error('EBUSY: resource busy or locked');
      await remove(file);
    };
    const runner = { run: async (): Promise<CommandOutcome> => Promise.reject(new Error('spawn EACCES')) };
    const outcome = await sealInstance(
      target(systemd()),
      { keepAgent: false, generalize: false },
      { fs, runner, host },
    );
    if (!outcome.ok) throw new Error(outcome.error.message);
    const { actions, removed } = outcome.value.response;
    expect(actions).toContainEqual({
      command: `remove ${root}/data`,
      ok: false,
      detail: 'Could not remove it: EBUSY: resource busy or locked',
    });
    expect(actions).toContainEqual({
      command: 'systemctl disable kiln-agent.service',
      ok: false,
      detail: 'spawn EACCES',
    });
    expect(removed).toContain(`${root}/etc/agent.key`);
    expect(removed).not.toContain(root);
    expect(await readdir(root)).toEqual(['data']);
  });

  it('runs beforeChanges once the plan is accepted, and never for a refused one', async () => {
    const calls: string[] = [];
    const deps = {
      fs: guardedFs(),
      runner: fakeRunner(),
      host,
      beforeChanges: async () => void calls.push('close journal'),
    };
    const refused = await sealInstance(target(), { keepAgent: false, generalize: true }, deps);
    expect(refused.ok).toBe(false);
    expect(calls).toEqual([]);
    expect(exists('opt/kiln/etc/agent.key')).toBe(true);
    await sealInstance(target(), { keepAgent: false, generalize: false }, deps);
    expect(calls).toEqual(['close journal']);
  });

  describe('deletes nothing outside root (and the fixed paths), whatever the config says', () => {
    it('a root that is the file system root or not the config’s directory changes nothing', async () => {
      const fs: SealFileSystem = {
        exists: async () => true,
        realpath: async (p) => p,
        list: async () => [],
        remove: async (p) => {
          throw new Error(`test guard: remove(${p}) called`);
        },
      };
      for (const hostile of [
        { ...target(), root: '/', configPath: '/etc/agent.json' },
        { ...target(), root: base },
        { ...target(), root: path.join(root, '..', '..') },
      ]) {
        const outcome = await sealInstance(
          hostile,
          { keepAgent: false, generalize: false },
          { fs, runner: fakeRunner(), host },
        );
        expect(outcome).toMatchObject({ ok: false, error: { code: 'seal-unsupported' } });
      }
    });

    it('config-named paths outside root are refused and reported; the unit file must be the agent’s own', async () => {
      const runner = fakeRunner();
      const { response } = await seal(
        {
          ...target({ kind: 'systemd', unit: 'kiln-agent.service', unitFile: path.join(outside, 'agent.json') }),
          dataDir: outside,
          tls: {
            certFile: path.join(root, 'etc', 'agent.crt'),
            keyFile: `${root}/etc/../../../etc/systemd/system/sshd.service`,
          },
        },
        {},
        runner,
      );
      expect(response.actions).toEqual([
        {
          command: `remove ${outside}/agent.json`,
          ok: false,
          detail: `Not removed: only ${host.systemdUnitDir}/kiln-agent*.service is removed outside root; the config names kiln-agent.service at ${outside}/agent.json.`,
        },
        {
          command: `remove ${outside}`,
          ok: false,
          detail: `Not removed: it is outside the agent's root ${root}; remove it yourself before imaging.`,
        },
        {
          command: `remove ${host.systemdUnitDir}/sshd.service`,
          ok: false,
          detail: `Not removed: it is outside the agent's root ${root}; remove it yourself before imaging.`,
        },
      ]);
      expect(runner.ran).toEqual([]);
      await outsideUntouched();
      expect(exists('opt/kiln')).toBe(false);
    });

    it('a symlink below root that points outside is never followed: the link goes, its target stays', async () => {
      await rm(path.join(root, 'data'), { recursive: true });
      await symlink(outside, path.join(root, 'data'));
      await rm(path.join(root, 'install'), { recursive: true });
      await symlink(path.join(outside, 'agent.key'), path.join(root, 'install'));
      const { response } = await seal(target());
      expect(response.removed).toContain(`${root}/data`);
      expect(response.removed).toContain(`${root}/install`);
      await outsideUntouched();
    });

    it('a directory below root that is a symlink to elsewhere: nothing is removed through it', async () => {
      await rm(path.join(root, 'etc'), { recursive: true });
      await symlink(outside, path.join(root, 'etc'));
      const { response } = await seal(target());
      const refused = response.actions.map((a) => a.command);
      expect(refused).toEqual([`remove ${root}/etc/agent.key`, `remove ${root}/etc/agent.json`]);
      expect(response.actions[0]?.detail).toMatch(
        /^Not removed: its directory resolves to .*elsewhere, outside .*opt\/kiln \(a symlink\?\)\.$/,
      );
      await outsideUntouched();
    });
  });
});
