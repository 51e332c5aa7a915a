// Inline or artifact: the one decision about where the install script travels, and the artifact it makes.
import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import {
  describeScriptDelivery,
  SCRIPT_ARTIFACT_LIMIT_BYTES,
  USER_DATA_LIMIT_BYTES,
} from '../../../electron/common/models';
import { KilnFailure } from '../../../electron/common/result';
import {
  assertScriptDeliverable,
  chooseScriptDelivery,
  scriptArtifact,
} from '../../../electron/core/launch/script-delivery';

const limitBytes = USER_DATA_LIMIT_BYTES;

describe('chooseScriptDelivery', () => {
  it('keeps a script inline while the user data fits, up to the last byte, with or without a mirror', () => {
    for (const canUpload of [true, false]) {
      expect(chooseScriptDelivery({ inlineBytes: 5_000, limitBytes, scriptBytes: 100, canUpload })).toEqual({
        mode: 'inline',
      });
      expect(chooseScriptDelivery({ inlineBytes: limitBytes, limitBytes, scriptBytes: 12_000, canUpload })).toEqual({
        mode: 'inline',
      });
    }
  });

  it('sends a script the user data cannot hold to the artifact bucket, up to 1 MiB', () => {
    expect(
      chooseScriptDelivery({ inlineBytes: limitBytes + 1, limitBytes, scriptBytes: 13_000, canUpload: true }),
    ).toEqual({ mode: 'artifact', scriptBytes: 13_000 });
    const atCap = chooseScriptDelivery({
      inlineBytes: 2_000_000,
      limitBytes,
      scriptBytes: SCRIPT_ARTIFACT_LIMIT_BYTES,
      canUpload: true,
    });
    expect(atCap).toEqual({ mode: 'artifact', scriptBytes: SCRIPT_ARTIFACT_LIMIT_BYTES });
    expect(describeScriptDelivery(atCap)).toBe('downloaded from the artifact bucket (1024 KB)');
    expect(describeScriptDelivery({ mode: 'inline' })).toBe('inline in user data');
  });

  it('refuses a script over the cap with its size, the cap and what to do', () => {
    const refused = chooseScriptDelivery({
      inlineBytes: 2_000_000,
      limitBytes,
      scriptBytes: SCRIPT_ARTIFACT_LIMIT_BYTES + 10,
      canUpload: true,
    });
    expect(refused).toMatchObject({
      mode: 'refused',
      code: 'InstallScriptTooLarge',
      message:
        'The install script is 1,048,586 bytes; Kiln delivers install scripts of at most 1,048,576 bytes (1 MiB).',
      remedy: 'Shorten it by at least 10 bytes, or have it download the rest from your own storage.',
    });
  });

  it('with a mirror, refuses a script too large for user data: Kiln uploads nothing', () => {
    const refused = chooseScriptDelivery({
      inlineBytes: limitBytes + 100,
      limitBytes,
      scriptBytes: 14_000,
      canUpload: false,
    });
    expect(refused).toMatchObject({ mode: 'refused', code: 'InstallScriptTooLargeForMirror' });
    expect(refused.mode === 'refused' && refused.message).toMatch(
      /16,484 bytes; EC2 accepts at most 16,384, and with an artifact mirror \(KILN_ARTIFACT_BASE_URL\) Kiln uploads nothing/,
    );
    expect(refused.mode === 'refused' && refused.remedy).toBe(
      'Shorten the script by at least 100 bytes, or unset KILN_ARTIFACT_BASE_URL so Kiln uploads it to the artifact bucket.',
    );
  });

  it('throws a refusal as a failure on the install script field and passes the others through', () => {
    expect(assertScriptDeliverable({ mode: 'inline' })).toEqual({ mode: 'inline' });
    const refused = chooseScriptDelivery({
      inlineBytes: 2_000_000,
      limitBytes,
      scriptBytes: 2_000_000,
      canUpload: true,
    });
    try {
      assertScriptDeliverable(refused);
      expect.unreachable();
    } catch (error) {
      expect(error).toBeInstanceOf(KilnFailure);
      expect((error as KilnFailure).error).toMatchObject({ code: 'InstallScriptTooLarge', field: 'installScript' });
    }
  });
});

describe('scriptArtifact', () => {
  it('content-addresses the script by SHA-256: LF line ends for Linux, as typed for Windows', () => {
    const linux = scriptArtifact('linux', 'echo a\r\necho b\r\n');
    expect(Buffer.from(linux.bytes).toString()).toBe('echo a\necho b\n');
    expect(linux.sha256).toBe(createHash('sha256').update('echo a\necho b\n').digest('hex'));
    expect(linux.fileName).toBe('install.sh');
    const windows = scriptArtifact('windows', "Write-Output 'caf\u00e9'\r\n");
    expect(Buffer.from(windows.bytes).toString('utf8')).toBe("Write-Output 'caf\u00e9'\r\n");
    expect(windows.fileName).toBe('install.ps1');
  });
});
