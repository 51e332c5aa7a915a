import { describe, expect, it } from 'vitest';
import { EXAMPLE_INSTALL_SCRIPT } from '../../../../renderer/src/launch-wizard/example-install-script';
import {
  INSTALL_TEMPLATES,
  isEditedScript,
  starterForPlatform,
  templatesFor,
} from '../../../../renderer/src/launch-wizard/install-templates';
import { decodeScriptFile, MAX_SCRIPT_FILE_BYTES } from '../../../../renderer/src/launch-wizard/script-file';

describe('install templates', () => {
  it('offers bash templates for Linux AMIs and PowerShell ones (IIS) for Windows AMIs', () => {
    expect(templatesFor('linux').map((t) => t.id)).toEqual(['none', 'nginx', 'apache', 'docker']);
    expect(templatesFor(undefined).map((t) => t.id)).toEqual(['none', 'nginx', 'apache', 'docker']);
    expect(templatesFor('windows').map((t) => t.id)).toEqual(['powershell', 'iis']);
    for (const template of templatesFor('linux')) expect(template.script.startsWith('#!/bin/bash\n')).toBe(true);
    expect(templatesFor('windows').find((t) => t.id === 'iis')!.script).toContain(
      'Install-WindowsFeature -Name Web-Server',
    );
  });

  it('"None" is the example script the wizard starts with', () => {
    expect(INSTALL_TEMPLATES[0].script).toBe(EXAMPLE_INSTALL_SCRIPT);
  });

  it('treats empty scripts and untouched templates as not edited, anything else as edited', () => {
    expect(isEditedScript('')).toBe(false);
    expect(isEditedScript('  \n')).toBe(false);
    for (const template of INSTALL_TEMPLATES) expect(isEditedScript(template.script)).toBe(false);
    expect(isEditedScript(`${EXAMPLE_INSTALL_SCRIPT}echo more\n`)).toBe(true);
    expect(isEditedScript('echo mine')).toBe(true);
  });
});

describe('decodeScriptFile', () => {
  const bytes = (text: string) => new TextEncoder().encode(text);

  it('accepts UTF-8 text, with tabs, CRLF and ANSI escapes, and drops a byte order mark', () => {
    expect(decodeScriptFile('a.sh', bytes('\uFEFFecho "héllo"\r\n\techo \u001b[32mok\u001b[0m\n'))).toEqual({
      ok: true,
      script: 'echo "héllo"\r\n\techo \u001b[32mok\u001b[0m\n',
    });
  });

  it('refuses invalid UTF-8 and files with NUL or other control bytes', () => {
    expect(decodeScriptFile('latin1.sh', new Uint8Array([0x65, 0x63, 0x68, 0x6f, 0x20, 0xe9]))).toEqual({
      ok: false,
      message: 'latin1.sh is not UTF-8 text; pick a script file, not a binary.',
    });
    expect(decodeScriptFile('a.out', new Uint8Array([0x7f, 0x45, 0x4c, 0x46, 0x00]))).toMatchObject({
      ok: false,
      message: expect.stringMatching(/binary file/),
    });
    expect(decodeScriptFile('x.sh', bytes('echo \u0007bell'))).toMatchObject({ ok: false });
  });

  it('accepts exactly 256 KiB and refuses one byte more, with the size', () => {
    expect(decodeScriptFile('max.sh', new Uint8Array(MAX_SCRIPT_FILE_BYTES).fill(0x61))).toMatchObject({ ok: true });
    expect(decodeScriptFile('big.sh', new Uint8Array(MAX_SCRIPT_FILE_BYTES + 1).fill(0x61))).toEqual({
      ok: false,
      message:
        'big.sh is 257 KiB; an install script file may be at most 256 KiB. Have a short script download the rest instead.',
    });
  });
});

describe('starterForPlatform', () => {
  it('swaps an untouched template of the other platform for the starter of this one, and leaves anything else', () => {
    const powershell = templatesFor('windows')[0].script;
    expect(starterForPlatform(EXAMPLE_INSTALL_SCRIPT, 'windows')).toBe(powershell);
    expect(starterForPlatform(templatesFor('linux')[1].script, 'windows')).toBe(powershell);
    expect(starterForPlatform(powershell, 'linux')).toBe(EXAMPLE_INSTALL_SCRIPT);
    expect(starterForPlatform(EXAMPLE_INSTALL_SCRIPT, 'linux')).toBeUndefined();
    expect(starterForPlatform('echo mine', 'windows')).toBeUndefined();
  });
});
