// Connect on the sandbox, end to end below the UI: real agents report the instances' SSH host keys over their
// pinned TLS channel, real OpenSSH sshd servers (one per instance, on its loopback address) are reached through
// ssh2 with the launch's key file or a one-time key pushed with EC2 Instance Connect (moto records the push, the
// sandbox's sshd enforces its 60 s), the downloaded .sh script runs for real, and a regenerated host key is refused
// everywhere. Skipped only where Debian's openssh-server is not installed (.ci/run installs it).
import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { chmod, mkdtemp, readFile, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { LaunchRecord, LaunchSpecInput } from '../../../electron/common/models';
import { SANDBOX_PROFILE_ID } from '../../../electron/core/profiles/sandbox-profile';
import { sandboxLoginUser } from '../../../electron/core/sandbox/address';
import { backendCommands } from '../../support/backend-commands';
import { startSandboxBackend, type SandboxBackend } from '../../support/sandbox-backend';
import { waitFor } from '../../support/wait';

const run = promisify(execFile);
const hasSshd = existsSync('/usr/sbin/sshd');
let env: SandboxBackend;
let dir: string;
const { call, must } = backendCommands(() => env.backend.handlers);

const spec = (name: string, extra: Partial<LaunchSpecInput> = {}): LaunchSpecInput => ({
  profileId: SANDBOX_PROFILE_ID,
  region: 'us-east-1',
  name,
  imageId: 'ami-0ed094fb1304fd857',
  instanceType: 't3.micro',
  installScript: 'echo installed',
  ...extra,
});
const recordOf = async (id: string) => (await must('launch.list', {})).find((r) => r.id === id)!;
const succeeded = (id: string) =>
  waitFor(
    'the install to succeed',
    async () => {
      const record = await recordOf(id);
      if (record.phase === 'failed' || record.phase === 'error') throw new Error(`launch ${record.phase}`);
      return record.phase === 'succeeded' ? record : undefined;
    },
    60_000,
  );

/** Output of a terminal session, gathered from the backend's events. */
function terminalOutput() {
  const output = new Map<string, string>();
  const closed = new Map<string, { code?: string } | undefined>();
  const unsubscribe = env.backend.events.subscribe((event, payload) => {
    if (event === 'connect.output') {
      const { sessionId, data } = payload as { sessionId: string; data: string };
      output.set(sessionId, (output.get(sessionId) ?? '') + data);
    }
    if (event === 'connect.closed') {
      const { sessionId, error } = payload as { sessionId: string; error?: { code: string } };
      closed.set(sessionId, error);
    }
  });
  return { output, closed, unsubscribe };
}

async function runInTerminal(launchId: string, command: string, expected: RegExp): Promise<string> {
  const events = terminalOutput();
  try {
    const session = await must('connect.session.open', { launchId, cols: 100, rows: 30 });
    await must('connect.session.write', { sessionId: session.sessionId, data: `${command}\n` });
    const text = await waitFor(
      `terminal output matching ${expected}`,
      () => {
        const seen = events.output.get(session.sessionId) ?? '';
        return expected.test(seen) ? seen : undefined;
      },
      15_000,
    );
    await must('connect.session.write', { sessionId: session.sessionId, data: 'exit\n' });
    await waitFor('the session to close', () => events.closed.has(session.sessionId), 10_000);
    return text;
  } finally {
    events.unsubscribe();
  }
}

beforeAll(async () => {
  if (!hasSshd) return;
  env = await startSandboxBackend({ pendingSeconds: 1, hostRegions: ['us-east-1'] });
  dir = await mkdtemp(path.join(os.tmpdir(), 'kiln-connect-'));
}, 60_000);
afterAll(async () => env?.stop());

describe.skipIf(!hasSshd)('connect on the sandbox', () => {
  const user = sandboxLoginUser();
  let keyed: LaunchRecord;

  it("pins the host keys the agent reported and logs in with the launch key in Kiln's terminal", async () => {
    const keyPath = path.join(dir, 'launch key');
    const started = await must('launch.start', {
      spec: spec('connect-keyed', {
        keyPair: { mode: 'create', name: 'connect-key', type: 'ed25519', savePath: keyPath },
      }),
    });
    keyed = await succeeded(started.id);
    expect(keyed.hostKeys?.source).toBe('agent');
    const hosted = env.sandbox.host.instances().find((i) => i.instanceId === keyed.instanceId)!;
    const onDisk = await Promise.all(
      ['ed25519', 'ecdsa', 'rsa'].map((t) => readFile(path.join(hosted.ssh!.dir, `ssh_host_${t}_key.pub`), 'utf8')),
    );
    expect(keyed.hostKeys!.keys.map((k) => k.key).sort()).toEqual(onDisk.map((line) => line.split(' ')[1]).sort());

    const info = await must('connect.info', { launchId: keyed.id });
    expect(info).toMatchObject({
      platform: 'linux',
      user,
      userSource: 'sandbox',
      keySource: 'launch-key-file',
      keyPath,
    });
    expect(info.checks.filter((c) => !c.ok)).toEqual([]);
    expect(info.checks.find((c) => c.id === 'key-file')?.title).toMatch(/matches the key pair connect-key/);
    expect(info.sshCommand).toContain("'" + keyPath + "'");
    expect(await readFile(info.knownHostsPath!, 'utf8')).toContain(keyed.hostKeys!.keys[0].key);

    const text = await runInTerminal(keyed.id, 'echo "who=$(id -un)"', new RegExp(`who=${user}`));
    expect(text).toContain(`who=${user}`);
  });

  it('logs in through EC2 Instance Connect when the launch has no key pair', async () => {
    const started = await must('launch.start', { spec: spec('connect-eic') });
    const record = await succeeded(started.id);
    const info = await must('connect.info', { launchId: record.id });
    expect(info.keySource).toBe('instance-connect');
    expect(info.keyPath).toBeUndefined();
    const text = await runInTerminal(
      record.id,
      'echo "host=$(hostname) user=$(id -un)"',
      new RegExp(`user=${user}\\b`),
    );
    expect(text).toContain(`user=${user}`);
  });

  it('runs the downloaded .sh script against the pinned known_hosts, and it fails closed after a host key change', async () => {
    const file = await must('connect.file', { launchId: keyed.id, kind: 'sh' });
    expect(file.fileName).toBe('connect-keyed.sh');
    const script = path.join(dir, file.fileName);
    await writeFile(script, file.content);
    await chmod(script, 0o700);
    const { stdout } = await run('bash', [script, 'id -un'], { timeout: 20_000 });
    expect(stdout.trim()).toBe(user);

    await env.sandbox.host.regenerateHostKeys(keyed.instanceId!);
    const refused = await run('bash', [script, 'id -un'], { timeout: 20_000 }).then(
      () => undefined,
      (error: { stderr: string }) => error,
    );
    expect(refused?.stderr).toMatch(/Host key verification failed|REMOTE HOST IDENTIFICATION HAS CHANGED/);
  });

  it("refuses a changed host key in Kiln's terminal, sending no credentials", async () => {
    const result = await call('connect.session.open', { launchId: keyed.id, cols: 80, rows: 24 });
    expect(result.ok).toBe(false);
    if (!result.ok) {
      expect(result.error.code).toBe('HostKeyMismatch');
      expect(result.error.message).toMatch(/not one of this instance's verified host keys/);
      expect(result.error.remedy).toBeTruthy();
    }
  });

  it('falls back to the host keys cloud-init printed on the console when the agent reported none, and says so', async () => {
    const started = await must('launch.start', { spec: spec('connect-console') });
    const record = await succeeded(started.id);
    // As for an imported launch: the record holds no keys from an agent.
    await env.backend.launches.update(record.id, (r) => ({ ...r, hostKeys: undefined }));
    const info = await must('connect.info', { launchId: record.id });
    expect(info.hostKeys?.source).toBe('console-output');
    expect(info.checks.find((c) => c.id === 'host-keys')).toMatchObject({
      ok: true,
      detail: expect.stringMatching(/console output/),
    });
    expect(await runInTerminal(record.id, 'echo "ok=$(id -un)"', new RegExp(`ok=${user}\\b`))).toContain(`ok=${user}`);
  });

  it("says before trying when the chosen key file is not the key pair's", async () => {
    const other = path.join(dir, 'other');
    await run('ssh-keygen', ['-q', '-t', 'ed25519', '-N', '', '-f', other]);
    await must('connect.setOptions', { launchId: keyed.id, keyPath: other });
    const info = await must('connect.info', { launchId: keyed.id });
    expect(info.keySource).toBe('operator-key-file');
    expect(info.checks.find((c) => c.id === 'key-file')).toMatchObject({
      ok: false,
      title: 'The key file does not match the key pair connect-key',
    });
    const missing = await call('connect.setOptions', { launchId: keyed.id, keyPath: path.join(dir, 'nope') });
    expect(missing.ok).toBe(false);
    if (!missing.ok) expect(missing.error.code).toBe('KeyFileMissing');
    await must('connect.setOptions', { launchId: keyed.id, keyPath: null });
    expect((await must('connect.info', { launchId: keyed.id })).keySource).toBe('launch-key-file');
  });
});
