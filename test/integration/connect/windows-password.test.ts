// The Windows password through the backend, on the sandbox: a Windows launch with an RSA key pair Kiln created, then
// connect.windowsPassword while EC2 has no password yet and once it has one. moto's GetPasswordData answers random
// text, not an RSA ciphertext, so the AWS fault proxy in front of moto answers it instead, with a ciphertext made by
// `openssl pkeyutl -pkeyopt rsa_padding_mode:pkcs1` from the launch's public key (the way EC2 encrypts it).
import { execFileSync } from 'node:child_process';
import { mkdtemp } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SANDBOX_PROFILE_ID } from '../../../electron/core/profiles/sandbox-profile';
import { backendCommands } from '../../support/backend-commands';
import { startSandboxBackend, type SandboxBackend } from '../../support/sandbox-backend';
import { waitFor } from '../../support/wait';

let env: SandboxBackend;
let dir: string;
const { call, must } = backendCommands(() => env.backend.handlers);
const PASSWORD = 'Kiln-p@ss w0rd €';

const passwordReply = (instanceId: string, data: string) => ({
  status: 200,
  body:
    '<?xml version="1.0" encoding="UTF-8"?>\n<GetPasswordDataResponse xmlns="http://ec2.amazonaws.com/doc/2016-11-15/">' +
    `<requestId>kiln-proxy-password</requestId><instanceId>${instanceId}</instanceId>` +
    `<timestamp>${new Date().toISOString()}</timestamp><passwordData>${data}</passwordData></GetPasswordDataResponse>`,
});

beforeAll(async () => {
  env = await startSandboxBackend({ proxy: true, pendingSeconds: 1, hostRegions: ['us-east-1'] });
  dir = await mkdtemp(path.join(os.tmpdir(), 'kiln-windows-password-'));
}, 60_000);
afterAll(async () => env?.stop());

describe('the Windows password', () => {
  it("is not ready until EC2 has it, then decrypts with the launch's key, and a wrong key says so", async () => {
    const keyPath = path.join(dir, 'windows key.pem');
    const launched = await must('launch.start', {
      spec: {
        profileId: SANDBOX_PROFILE_ID,
        region: 'us-east-1',
        name: 'windows-password',
        imageId: 'ami-b7e93bce',
        instanceType: 't3.micro',
        installScript: 'Write-Output "hello"',
        keyPair: { mode: 'create', name: 'windows-password-key', type: 'rsa', savePath: keyPath },
      },
    });
    const instanceId = await waitFor(
      'the instance to run',
      async () => {
        const record = (await must('launch.list', {})).find((r) => r.id === launched.id);
        return record?.instanceState === 'running' ? record.instanceId : undefined;
      },
      30_000,
    );

    const info = await must('connect.info', { launchId: launched.id });
    expect(info).toMatchObject({ platform: 'windows', user: 'Administrator', keySource: 'launch-key-file', keyPath });
    expect(info.checks.find((c) => c.id === 'key-file')).toMatchObject({
      ok: true,
      title: 'The key file matches the key pair windows-password-key',
    });

    env.proxy!.throttle('GetPasswordData', { sequence: [true], reply: passwordReply(instanceId, '') });
    expect(await must('connect.windowsPassword', { launchId: launched.id })).toMatchObject({ status: 'not-ready' });

    const publicKey = path.join(dir, 'public.pem');
    execFileSync('openssl', ['pkey', '-in', keyPath, '-pubout', '-out', publicKey]);
    const ciphertext = execFileSync(
      'openssl',
      ['pkeyutl', '-encrypt', '-pubin', '-inkey', publicKey, '-pkeyopt', 'rsa_padding_mode:pkcs1'],
      { input: Buffer.from(PASSWORD, 'utf8') },
    );
    env.proxy!.throttle('GetPasswordData', {
      sequence: [true],
      reply: passwordReply(instanceId, ciphertext.toString('base64')),
    });
    expect(await must('connect.windowsPassword', { launchId: launched.id })).toEqual({
      status: 'ready',
      user: 'Administrator',
      password: PASSWORD,
    });

    // Another RSA key set as the launch's key file cannot decrypt it, and the answer says why without the data.
    const other = path.join(dir, 'other.pem');
    execFileSync('openssl', ['genrsa', '-traditional', '-out', other, '2048'], { stdio: 'ignore' });
    await must('connect.setOptions', { launchId: launched.id, keyPath: other });
    env.proxy!.throttle('GetPasswordData', {
      sequence: [true],
      reply: passwordReply(instanceId, ciphertext.toString('base64')),
    });
    const wrong = await call('connect.windowsPassword', { launchId: launched.id });
    expect(wrong.ok).toBe(false);
    if (!wrong.ok) {
      expect(wrong.error.code).toBe('PasswordDecryptFailed');
      expect(JSON.stringify(wrong.error)).not.toContain(PASSWORD);
    }
  });
});
