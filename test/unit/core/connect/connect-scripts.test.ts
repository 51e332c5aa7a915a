// The Connect tab's renderers with hostile values. bash, shellcheck and ssh itself are the oracles: the bash script
// runs with a fake `ssh` (and `aws`) first on PATH that records the exact argv; `ssh -G` shows how OpenSSH reads the
// one-line command and the ssh_config block. PowerShell cannot run here, so the .ps1 is checked by reading its
// single-quoted literals back with PowerShell's rules.
import { execFileSync, spawnSync } from 'node:child_process';
import { chmodSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { KilnFailure } from '../../../../electron/common/result';
import {
  connectFileName,
  renderPs1Script,
  renderRdpFile,
  renderShScript,
  renderSshConfigBlock,
  sshCommandLine,
  type SshTarget,
} from '../../../../electron/core/connect/connect-scripts';

const HOSTILE_NAME = 'web "prod" $(touch PWNED) `touch PWNED2` ü\n# it\'s ’quoted’\r\nrm -rf ~';
const KNOWN_HOSTS =
  'ec2-3-4-5-6.compute-1.amazonaws.com,3.4.5.6 ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIGFrZWtleWZvcnRlc3RzAAAAAAAAAAAAAAAAAAAAAAAA\n';
const HOSTILE_KNOWN_HOSTS = 'it\'s $(touch PWNED3) `x` \\ "q" ü ’\n\nno newline at the end';

let dir: string;
let fakeBin: string;

const base = (overrides: Partial<SshTarget> = {}): SshTarget => ({
  launchId: '5f0c6d1e-8a7b-4c3d-9e2f-1a2b3c4d5e6f',
  name: 'web prod',
  host: 'ec2-3-4-5-6.compute-1.amazonaws.com',
  port: 22,
  user: 'ubuntu',
  keyPath: '/home/me/.ssh/kiln/web.pem',
  knownHosts: KNOWN_HOSTS,
  knownHostsPath: '/home/me/.config/Kiln/connect/5f0c6d1e/known_hosts',
  ...overrides,
});

const instanceConnect = {
  instanceId: 'i-0123456789abcdef0',
  region: 'us-east-1',
  profile: "my 'p' $(touch PWNED4)",
  endpointUrl: 'http://127.0.0.1:5000',
};

function hostileKeyPath(newline = true): string {
  return path.join(
    dir,
    `keys/my key's "dir" $(touch PWNED5) \`touch PWNED6\` ü${newline ? '\nline2' : ''}`,
    'id_ed25519',
  );
}

function failure(run: () => unknown): KilnFailure {
  try {
    run();
  } catch (error) {
    expect(error).toBeInstanceOf(KilnFailure);
    expect((error as KilnFailure).error.remedy).toBeTruthy();
    return error as KilnFailure;
  }
  throw new Error('expected a KilnFailure');
}

function writeExecutable(file: string, text: string): void {
  writeFileSync(file, text);
  chmodSync(file, 0o755);
}

beforeAll(() => {
  dir = mkdtempSync(path.join(os.tmpdir(), 'kiln-scripts-'));
  fakeBin = path.join(dir, 'bin');
  mkdirSync(fakeBin);
  // Records its argv NUL-separated, and copies the files it was pointed at before the script's trap removes them.
  writeExecutable(
    path.join(fakeBin, 'ssh'),
    [
      '#!/usr/bin/env bash',
      'printf \'%s\\0\' "$@" > "$KILN_TEST_OUT/ssh-argv"',
      'prev=',
      'for arg in "$@"; do',
      '  case $arg in UserKnownHostsFile=*) file=${arg#UserKnownHostsFile=}; file=${file#\\"}; file=${file%\\"}; cp "$file" "$KILN_TEST_OUT/known_hosts" ;; esac',
      '  if [ "$prev" = -i ] && [ -f "$arg" ]; then cp "$arg" "$KILN_TEST_OUT/identity"; fi',
      '  prev=$arg',
      'done',
      'exit "${KILN_SSH_EXIT:-0}"',
      '',
    ].join('\n'),
  );
  writeExecutable(
    path.join(fakeBin, 'aws'),
    [
      '#!/usr/bin/env bash',
      'printf \'%s\\0\' "$@" > "$KILN_TEST_OUT/aws-argv"',
      'prev=',
      'for arg in "$@"; do',
      '  if [ "$prev" = --ssh-public-key ]; then cp "${arg#file://}" "$KILN_TEST_OUT/aws-public-key"; fi',
      '  prev=$arg',
      'done',
      'echo \'{ "RequestId": "1", "Success": true }\'',
      '',
    ].join('\n'),
  );
});

/** Runs a rendered bash script with the fakes first on PATH, in an empty working directory and TMPDIR. */
function runSh(script: string, args: string[] = [], env: Record<string, string> = {}) {
  const run = mkdtempSync(path.join(dir, 'run-'));
  const out = path.join(run, 'out');
  const tmp = path.join(run, 'tmp');
  const cwd = path.join(run, 'cwd');
  for (const d of [out, tmp, cwd]) mkdirSync(d);
  const file = path.join(run, 'connect.sh');
  writeFileSync(file, script);
  const result = spawnSync('bash', [file, ...args], {
    cwd,
    encoding: 'utf8',
    env: { ...process.env, PATH: `${fakeBin}:${process.env.PATH}`, KILN_TEST_OUT: out, TMPDIR: tmp, HOME: cwd, ...env },
  });
  const read = (name: string) =>
    existsSync(path.join(out, name)) ? readFileSync(path.join(out, name), 'utf8') : undefined;
  const argv = (name: string) => read(name)?.split('\0').slice(0, -1);
  return { result, out, tmp, cwd, run, read, argv, sshArgv: argv('ssh-argv'), awsArgv: argv('aws-argv') };
}

function checkBash(script: string): void {
  const file = path.join(mkdtempSync(path.join(dir, 'check-')), 'connect.sh');
  writeFileSync(file, script);
  execFileSync('bash', ['-n', file]);
  execFileSync('shellcheck', ['--shell=bash', '--severity=style', file]);
}

/** No stray file: a `$()` or backtick in a value ran nowhere. */
function expectNothingRan(...dirs: string[]): void {
  for (const d of dirs) expect(readdirSync(d).filter((f) => f.startsWith('PWNED'))).toEqual([]);
}

describe('sshCommandLine', () => {
  it('renders the one-line command', () => {
    expect(sshCommandLine(base())).toBe(
      'ssh -i /home/me/.ssh/kiln/web.pem -o StrictHostKeyChecking=yes -o \'UserKnownHostsFile="/home/me/.config/Kiln/connect/5f0c6d1e/known_hosts"\' -o GlobalKnownHostsFile=/dev/null -o IdentitiesOnly=yes ubuntu@ec2-3-4-5-6.compute-1.amazonaws.com',
    );
    expect(sshCommandLine(base({ port: 2222, keyPath: undefined, knownHostsPath: undefined }))).toBe(
      'ssh -p 2222 -o StrictHostKeyChecking=yes -o IdentitiesOnly=yes ubuntu@ec2-3-4-5-6.compute-1.amazonaws.com',
    );
  });

  it('reaches ssh as the intended argv, and ssh -G reads it as intended, with hostile paths', () => {
    const keyPath = hostileKeyPath(false);
    mkdirSync(path.dirname(keyPath), { recursive: true });
    writeFileSync(keyPath, 'not really a key\n');
    const knownHostsPath = path.join(dir, "Application Support/Kiln's $(touch PWNED7) ü/known_hosts");
    const line = sshCommandLine(base({ keyPath, knownHostsPath, port: 2222 }));
    expect(line).not.toContain('\n');

    const { sshArgv, cwd } = runSh(`${line}\n`);
    expect(sshArgv).toEqual([
      '-i',
      keyPath,
      '-p',
      '2222',
      '-o',
      'StrictHostKeyChecking=yes',
      '-o',
      `UserKnownHostsFile="${knownHostsPath}"`,
      '-o',
      'GlobalKnownHostsFile=/dev/null',
      '-o',
      'IdentitiesOnly=yes',
      'ubuntu@ec2-3-4-5-6.compute-1.amazonaws.com',
    ]);
    expectNothingRan(cwd, dir);

    const resolved = execFileSync('bash', ['-c', line.replace(/^ssh /, 'ssh -G -F /dev/null ')], {
      encoding: 'utf8',
      stdio: ['ignore', 'pipe', 'ignore'],
    });
    expect(resolved).toContain('\nglobalknownhostsfile /dev/null\n');
    expect(resolved).toContain(`\nport 2222\n`);
    expect(resolved).toContain(`\nidentityfile ${keyPath}\n`);
    expect(resolved).toContain(`\nuserknownhostsfile ${knownHostsPath}\n`);
    expect(resolved).toContain('\nstricthostkeychecking true\n');
    expect(resolved).toContain('\nidentitiesonly yes\n');
  });

  it('refuses key paths that one line or ssh cannot carry', () => {
    expect(failure(() => sshCommandLine(base({ keyPath: '/home/me/key\nx' }))).error.code).toBe('UnsafeKeyPath');
    expect(failure(() => sshCommandLine(base({ keyPath: '/home/me/100%.pem' }))).error.code).toBe('UnsafeKeyPath');
    expect(failure(() => sshCommandLine(base({ keyPath: '/home/${USER}/key.pem' }))).error.code).toBe('UnsafeKeyPath');
  });

  it('refuses a login user ssh cannot take, and a host name that is not one (a bug)', () => {
    for (const user of ['-oProxyCommand=x', 'a b', 'root@evil', '']) {
      expect(failure(() => sshCommandLine(base({ user }))).error.code).toBe('InvalidLoginUser');
    }
    for (const host of ['-oProxyCommand=x', 'a b', 'host;id', ''])
      expect(() => sshCommandLine(base({ host }))).toThrow(Error);
  });
});

describe('renderShScript', () => {
  const variants: [string, () => SshTarget][] = [
    ['a hostile key path and name', () => base({ name: HOSTILE_NAME, keyPath: hostileKeyPath(), port: 2222 })],
    ['hostile known_hosts text', () => base({ knownHosts: HOSTILE_KNOWN_HOSTS })],
    [
      'Instance Connect with a hostile profile',
      () => base({ name: HOSTILE_NAME, keyPath: undefined, instanceConnect }),
    ],
    [
      'Instance Connect without profile and endpoint',
      () => base({ keyPath: undefined, instanceConnect: { instanceId: 'i-0abc12345', region: 'eu-west-3' } }),
    ],
    ['no key at all', () => base({ keyPath: undefined })],
  ];

  it.each(variants)('passes bash -n and shellcheck with %s', (_, target) => {
    checkBash(renderShScript(target()));
  });

  it('passes shellcheck whatever characters the values hold', () => {
    const nasty = [
      Array.from({ length: 95 }, (_, i) => String.fromCharCode(32 + i))
        .join('')
        .replace('%', '')
        .replace('${', '$ {'),
      'C:\\dir\\',
      "a\\'b",
      '“x” ‘y’ \u00a0nbsp –dash \u200bzero-width',
      '~/x and !history !! *glob?[a]',
      "'\\''",
    ];
    for (const value of nasty) {
      checkBash(renderShScript(base({ keyPath: value, knownHosts: value })));
      checkBash(
        renderShScript(
          base({
            keyPath: undefined,
            knownHosts: value,
            instanceConnect: { ...instanceConnect, profile: value, endpointUrl: value },
          }),
        ),
      );
    }
  });

  it('names the launch only in one sanitised comment line', () => {
    const script = renderShScript(base({ name: HOSTILE_NAME }));
    const lines = script.split('\n');
    expect(lines[2]).toBe(
      '# Kiln: SSH to web _prod_ _(touch PWNED) _touch PWNED2_ ___ it_s _quoted___rm -rf _ (launch 5f0c6d1e-8a7b-4c3d-9e2f-1a2b3c4d5e6f).',
    );
    expect(lines.filter((line) => line.includes('PWNED'))).toEqual([lines[2]]);
  });

  it('gives ssh the exact argv: a hostile key path arrives as one argument, extra arguments pass through', () => {
    const keyPath = hostileKeyPath();
    const { result, sshArgv, read, tmp, cwd } = runSh(
      renderShScript(base({ name: HOSTILE_NAME, keyPath, port: 2222 })),
      ['-L', '8080:localhost:80', 'echo "two words"'],
    );
    expect(result.status).toBe(0);
    expect(sshArgv).toHaveLength(16);
    const knownHostsArg = sshArgv![7];
    expect(knownHostsArg).toMatch(new RegExp(`^UserKnownHostsFile="${tmp}/+kiln-ssh\\.[A-Za-z0-9]{8}/known_hosts"$`));
    expect(sshArgv).toEqual([
      '-i',
      keyPath,
      '-p',
      '2222',
      '-o',
      'StrictHostKeyChecking=yes',
      '-o',
      knownHostsArg,
      '-o',
      'GlobalKnownHostsFile=/dev/null',
      '-o',
      'IdentitiesOnly=yes',
      'ubuntu@ec2-3-4-5-6.compute-1.amazonaws.com',
      '-L',
      '8080:localhost:80',
      'echo "two words"',
    ]);
    expect(read('known_hosts')).toBe(KNOWN_HOSTS);
    expect(readdirSync(tmp)).toEqual([]);
    expectNothingRan(cwd, dir);
  });

  it('writes the known_hosts text byte for byte, whatever it holds', () => {
    const { result, read, cwd } = runSh(renderShScript(base({ knownHosts: HOSTILE_KNOWN_HOSTS })));
    expect(result.status).toBe(0);
    expect(read('known_hosts')).toBe(HOSTILE_KNOWN_HOSTS);
    expectNothingRan(cwd, dir);
  });

  it('leaves out -i and -p when there is no key and the port is 22', () => {
    const { sshArgv } = runSh(renderShScript(base({ keyPath: undefined })));
    expect(sshArgv?.slice(0, 2)).toEqual(['-o', 'StrictHostKeyChecking=yes']);
    expect(sshArgv?.at(-1)).toBe('ubuntu@ec2-3-4-5-6.compute-1.amazonaws.com');
  });

  it("exits with ssh's status and still removes its temporary files", () => {
    const { result, tmp } = runSh(renderShScript(base()), [], { KILN_SSH_EXIT: '255' });
    expect(result.status).toBe(255);
    expect(readdirSync(tmp)).toEqual([]);
  });

  it('pushes a one-time ed25519 key with EC2 Instance Connect, then connects with it', () => {
    const { result, sshArgv, awsArgv, read, tmp, cwd } = runSh(
      renderShScript(base({ name: HOSTILE_NAME, keyPath: undefined, instanceConnect })),
    );
    expect(result.status).toBe(0);
    const tmpdir = /^UserKnownHostsFile="(.*)\/known_hosts"$/.exec(sshArgv![5])![1];
    expect(awsArgv).toEqual([
      'ec2-instance-connect',
      'send-ssh-public-key',
      '--instance-id',
      'i-0123456789abcdef0',
      '--instance-os-user',
      'ubuntu',
      '--ssh-public-key',
      `file://${tmpdir}/key.pub`,
      '--region',
      'us-east-1',
      '--profile',
      "my 'p' $(touch PWNED4)",
      '--endpoint-url',
      'http://127.0.0.1:5000',
    ]);
    expect(sshArgv!.slice(0, 2)).toEqual(['-i', `${tmpdir}/key`]);
    const pushed = read('aws-public-key')!;
    expect(pushed).toMatch(/^ssh-ed25519 AAAA/);
    const identity = path.join(tmp, '..', 'identity');
    writeFileSync(identity, read('identity')!, { mode: 0o600 });
    expect(execFileSync('ssh-keygen', ['-y', '-f', identity], { encoding: 'utf8' }).split(' ').slice(0, 2)).toEqual(
      pushed.split(' ').slice(0, 2),
    );
    expect(readdirSync(tmp)).toEqual([]);
    expectNothingRan(cwd, dir);
  });

  it('prefers the key file to Instance Connect', () => {
    const script = renderShScript(base({ instanceConnect }));
    expect(script).not.toContain('ec2-instance-connect');
    expect(script).not.toContain('ssh-keygen');
  });
});

/** Reads a PowerShell expression of single-quoted literals and [char] codes joined by +, as PowerShell would. */
function psValue(expression: string): string {
  const token = /\s*(?:'((?:[^'\u2018-\u201b]|'')*)'|\[char\]0x([0-9A-F]{4}))\s*(\+|$)/y;
  let value = '';
  for (let at = 0; at < expression.length;) {
    token.lastIndex = at;
    const match = token.exec(expression);
    if (!match) throw new Error(`not a literal expression at ${at}: ${expression}`);
    value += match[1] !== undefined ? match[1].replace(/''/g, "'") : String.fromCharCode(parseInt(match[2], 16));
    at = token.lastIndex;
    if (match[3] === '') break;
  }
  return value;
}

/** The script's value assignments, read back, and the script with their right-hand sides and the comment blanked. */
function readPs1(script: string): { values: Record<string, string>; skeleton: string } {
  const values: Record<string, string> = {};
  const skeleton = script
    .split('\n')
    .map((line, index) => {
      if (index === 0) return '# <comment>';
      const assignment = /^\$(kiln\w+) = (.*)$/.exec(line);
      if (!assignment) return line;
      values[assignment[1]] = psValue(assignment[2]);
      return `$${assignment[1]} = <value>`;
    })
    .join('\n');
  return { values, skeleton };
}

describe('renderPs1Script', () => {
  const windowsKey = 'C:\\Users\\Jürgen O\'Brien\\keys\\it’s "web" $(calc) `t ‘x‛ ‚y 🔑.pem';

  it('is ASCII only, so Windows PowerShell reads it right without a BOM', () => {
    const script = renderPs1Script(base({ name: HOSTILE_NAME, keyPath: windowsKey, knownHosts: HOSTILE_KNOWN_HOSTS }));
    expect(script).toMatch(/^[\n\x20-\x7e]*$/);
  });

  it('carries every hostile value only inside single-quoted literals that read back exactly', () => {
    const hostile = readPs1(
      renderPs1Script(base({ name: HOSTILE_NAME, keyPath: windowsKey, knownHosts: HOSTILE_KNOWN_HOSTS, port: 2222 })),
    );
    const benign = readPs1(renderPs1Script(base({ keyPath: 'C:\\key.pem', port: 2222 })));
    expect(hostile.values).toEqual({
      kilnHost: 'ec2-3-4-5-6.compute-1.amazonaws.com',
      kilnUser: 'ubuntu',
      kilnKey: windowsKey,
      kilnKnownHosts: HOSTILE_KNOWN_HOSTS,
    });
    expect(hostile.skeleton).toBe(benign.skeleton);
  });

  it('doubles single quotes and encodes the quotes PowerShell also treats as single quotes', () => {
    const script = renderPs1Script(base({ keyPath: "C:\\it's ’x’.pem" }));
    expect(script).toContain("$kilnKey = 'C:\\it''s ' + [char]0x2019 + 'x' + [char]0x2019 + '.pem'");
  });

  it('writes the known_hosts text to a temporary file it removes in finally, then runs ssh.exe pinned to it', () => {
    const script = renderPs1Script(base({ port: 2222 }));
    expect(script).toContain('$knownHostsFile = [System.IO.Path]::GetTempFileName()');
    expect(script).toContain('[System.IO.File]::WriteAllText($knownHostsFile, $kilnKnownHosts)');
    expect(script).toMatch(/\} finally \{\n {2}Remove-Item -LiteralPath \$knownHostsFile -Force/);
    expect(script).toContain(
      "& ssh.exe -i $kilnKey -p 2222 -o 'StrictHostKeyChecking=yes' -o ('UserKnownHostsFile=' + $knownHostsOption) -o 'GlobalKnownHostsFile=/dev/null' -o 'IdentitiesOnly=yes' ($kilnUser + '@' + $kilnHost) @args",
    );
    expect(script).toContain('exit $sshExitCode');
  });

  it('leaves out -i and -p when there is no key and the port is 22', () => {
    expect(renderPs1Script(base({ keyPath: undefined }))).toContain("& ssh.exe -o 'StrictHostKeyChecking=yes' ");
  });

  it('pushes a one-time key with EC2 Instance Connect when there is no key file', () => {
    const rendered = renderPs1Script(base({ name: HOSTILE_NAME, keyPath: undefined, instanceConnect }));
    const { values, skeleton } = readPs1(rendered);
    expect(values).toMatchObject({
      kilnInstanceId: 'i-0123456789abcdef0',
      kilnRegion: 'us-east-1',
      kilnProfile: instanceConnect.profile,
      kilnEndpointUrl: instanceConnect.endpointUrl,
    });
    expect(skeleton).toBe(
      readPs1(renderPs1Script(base({ keyPath: undefined, instanceConnect: { ...instanceConnect, profile: 'p' } })))
        .skeleton,
    );
    expect(rendered).toContain('& ssh-keygen.exe -q -t ed25519 -N $emptyPassphrase -f $kilnKey');
    expect(rendered).toContain(
      "--ssh-public-key ('file://' + $kilnKey + '.pub') --region $kilnRegion --profile $kilnProfile --endpoint-url $kilnEndpointUrl",
    );
    expect(rendered).toContain('& ssh.exe -i $kilnKey ');
    expect(rendered).toContain('Remove-Item -LiteralPath $keyDir -Recurse -Force');
  });
});

describe('renderSshConfigBlock', () => {
  function resolve(block: string, alias: string): Record<string, string> {
    const file = path.join(mkdtempSync(path.join(dir, 'config-')), 'config');
    writeFileSync(file, block);
    const out = execFileSync('ssh', ['-G', '-F', file, alias], {
      encoding: 'utf8',
      stdio: ['ignore', 'pipe', 'ignore'],
    });
    return Object.fromEntries(
      out
        .split('\n')
        .filter(Boolean)
        .map((line) => [line.slice(0, line.indexOf(' ')), line.slice(line.indexOf(' ') + 1)]),
    );
  }

  it('is read by ssh as intended, hostile key path included', () => {
    const keyPath = "/home/me/my key's $(touch PWNED) `id` ü 100%.pem";
    const knownHostsPath = '/home/me/Library/Application Support/Kiln/connect/5f0c/known_hosts 50%';
    const block = renderSshConfigBlock(base({ name: HOSTILE_NAME, keyPath, knownHostsPath, port: 2222 }), HOSTILE_NAME);
    const alias = 'web-prod-touch-PWNED-touch-PWNED2-it-s-quoted-rm-rf';
    expect(block.split('\n')[1]).toBe(`Host ${alias}`);
    const config = resolve(block, alias);
    expect(config).toMatchObject({
      hostname: 'ec2-3-4-5-6.compute-1.amazonaws.com',
      port: '2222',
      user: 'ubuntu',
      identitiesonly: 'yes',
      stricthostkeychecking: 'true',
      // ssh -G shows IdentityFile before its % expansion (%% → % when the key is loaded), UserKnownHostsFile after.
      identityfile: keyPath.replace('%', '%%'),
      userknownhostsfile: knownHostsPath,
    });
  });

  it('writes Windows paths with forward slashes', () => {
    const block = renderSshConfigBlock(
      base({
        keyPath: 'C:\\Users\\Jo Ann\\.ssh\\web.pem',
        knownHostsPath: 'C:\\Users\\Jo Ann\\AppData\\Roaming\\Kiln\\known_hosts',
      }),
    );
    expect(block).toContain('  IdentityFile "C:/Users/Jo Ann/.ssh/web.pem"\n');
    expect(block).toContain('  UserKnownHostsFile "C:/Users/Jo Ann/AppData/Roaming/Kiln/known_hosts"\n');
  });

  it('falls back to kiln-<launchId> when nothing of the name is left', () => {
    const block = renderSshConfigBlock(base({ name: 'ü ü' }));
    expect(block).toContain('\nHost kiln-5f0c6d1e-8a7b-4c3d-9e2f-1a2b3c4d5e6f\n');
    expect(resolve(block, 'kiln-5f0c6d1e-8a7b-4c3d-9e2f-1a2b3c4d5e6f').hostname).toBe(
      'ec2-3-4-5-6.compute-1.amazonaws.com',
    );
  });

  it('refuses paths that ssh_config cannot hold, with a remedy', () => {
    for (const keyPath of [
      '/home/me/"quoted".pem',
      '/home/me/line\nbreak.pem',
      '/home/me/back\\slash.pem',
      '/home/${USER}/k.pem',
    ]) {
      const error = failure(() => renderSshConfigBlock(base({ keyPath })));
      expect(error.error.code).toBe('UnsafeConnectPath');
      expect(error.error.remedy).toMatch(/key file path without quotes/);
    }
  });
});

describe('renderRdpFile', () => {
  it('renders the address, user and prompts with CRLF line ends', () => {
    expect(renderRdpFile({ host: 'ec2-3-4-5-6.compute-1.amazonaws.com', user: 'Administrator', port: 3389 })).toBe(
      'full address:s:ec2-3-4-5-6.compute-1.amazonaws.com\r\nusername:s:Administrator\r\nprompt for credentials:i:1\r\nadministrative session:i:1\r\n',
    );
    expect(renderRdpFile({ host: '127.0.0.1', user: 'Administrator', port: 13389 })).toMatch(
      /^full address:s:127\.0\.0\.1:13389\r\n/,
    );
    expect(renderRdpFile({ host: '2001:db8::1', user: 'Administrator', port: 13389 })).toMatch(
      /^full address:s:\[2001:db8::1\]:13389\r\n/,
    );
  });

  it('refuses a host or user with control characters', () => {
    for (const value of ['a\r\nfull address:s:evil', 'tab\there', 'nul\0', '']) {
      expect(failure(() => renderRdpFile({ host: value, user: 'Administrator', port: 3389 })).error.code).toBe(
        'UnsafeConnectValue',
      );
      expect(failure(() => renderRdpFile({ host: '3.4.5.6', user: value, port: 3389 })).error.code).toBe(
        'UnsafeConnectValue',
      );
    }
  });
});

describe('connectFileName', () => {
  const launchId = '5f0c6d1e-8a7b-4c3d-9e2f-1a2b3c4d5e6f';

  it.each([
    ['web prod', 'sh', 'web-prod.sh'],
    ['web (prod)', '.ps1', 'web-prod.ps1'],
    ['web "prod" $(rm -rf ~) ü', 'sh', 'web-prod-rm-rf.sh'],
    ['../../etc/passwd', 'sh', 'etc-passwd.sh'],
    ['build_01.v2', 'rdp', 'build_01.v2.rdp'],
    ['web', 'known_hosts', 'web.known_hosts'],
    ['web', 'ssh-config', 'web.ssh-config'],
    ['', 'sh', `kiln-${launchId}.sh`],
    ['ü 日本', 'sh', `kiln-${launchId}.sh`],
    ['...', 'sh', `kiln-${launchId}.sh`],
    ['con', 'ps1', 'kiln-con.ps1'],
    ['NUL.backup', 'sh', 'kiln-NUL.backup.sh'],
  ])('%j → %s', (name, extension, expected) => {
    expect(connectFileName(name, launchId, extension)).toBe(expected);
  });

  it('keeps at most 64 characters before the extension', () => {
    const fileName = connectFileName(`${'a'.repeat(63)} b ${'c'.repeat(50)}`, launchId, 'sh');
    expect(fileName).toBe(`${'a'.repeat(63)}.sh`);
    expect(connectFileName('x'.repeat(200), launchId, 'sh')).toBe(`${'x'.repeat(64)}.sh`);
  });

  it('refuses an extension that is not a plain word (a bug)', () => {
    expect(() => connectFileName('web', launchId, 'sh/../x')).toThrow(Error);
  });
});
