/**
 * The Connect tab's one-line ssh command and downloads (bash, PowerShell, ssh_config, .rdp), rendered from values
 * that may be hostile: a Name tag or a key path can hold quotes, `$()`, backticks, line breaks or any Unicode. Each
 * value is quoted for the language it lands in; the launch name only ever appears in a sanitised comment.
 */
import { LoginUser } from '../../common/models/connect';
import { KilnFailure } from '../../common/result';

/** Where and how a script connects. `knownHosts` is the pinned known_hosts text the scripts carry with them. */
export interface SshTarget {
  launchId: string;
  name: string;
  host: string;
  port: number;
  user: string;
  keyPath?: string;
  knownHosts: string;
  /** Kiln's pinned known_hosts file on this workstation, for the one-line command and ssh_config. */
  knownHostsPath?: string;
  /** Push a one-time key with EC2 Instance Connect when there is no key file. */
  instanceConnect?: { instanceId: string; region: string; profile?: string; endpointUrl?: string };
}

const HOST = /^[A-Za-z0-9.:][A-Za-z0-9.:-]*$/;
// Left bare in a shell command: no glob, tilde, zsh `=word`, quote or expansion character.
const SH_BARE = /^[A-Za-z0-9_@%+:,./-]+$/;
const WINDOWS_RESERVED = /^(con|prn|aux|nul|com\d|lpt\d)(\.|$)/i;

/** One `ssh` command for a POSIX shell, pinned to Kiln's known_hosts file. */
export function sshCommandLine(target: SshTarget): string {
  checkTarget(target);
  const args = ['ssh'];
  if (target.keyPath !== undefined) args.push('-i', shQuote(keyPathForSsh(target.keyPath, { oneLine: true })));
  if (target.port !== 22) args.push('-p', String(target.port));
  args.push('-o', 'StrictHostKeyChecking=yes');
  if (target.knownHostsPath) {
    // Only Kiln's pinned keys: not the system-wide known hosts (an old entry for a reused address, a CA line).
    args.push(
      '-o',
      shQuote(`UserKnownHostsFile=${sshConfigPath(target.knownHostsPath, 'known_hosts file')}`),
      '-o',
      'GlobalKnownHostsFile=/dev/null',
    );
  }
  args.push('-o', 'IdentitiesOnly=yes', shQuote(`${target.user}@${target.host}`));
  return args.join(' ');
}

/** A bash script for macOS and Linux that carries the pinned host keys and runs ssh with them; `"$@"` goes to ssh. */
export function renderShScript(target: SshTarget): string {
  checkTarget(target);
  const keyPath = target.keyPath === undefined ? undefined : keyPathForSsh(target.keyPath);
  const instanceConnect = keyPath === undefined ? target.instanceConnect : undefined;
  const identity = keyPath !== undefined ? shQuote(keyPath) : instanceConnect ? '"$tmpdir/key"' : undefined;
  const sshArgs = [
    ...(identity ? [`-i ${identity}`] : []),
    ...(target.port !== 22 ? [`-p ${target.port}`] : []),
    '-o StrictHostKeyChecking=yes',
    '-o "UserKnownHostsFile=\\"$tmpdir/known_hosts\\""',
    '-o GlobalKnownHostsFile=/dev/null',
    '-o IdentitiesOnly=yes',
    // ${1+"$@"}: bash 3.2 (macOS) treats an empty "$@" as unbound under set -u.
    `${shQuote(`${target.user}@${target.host}`)} \${1+"$@"}`,
  ];
  return [
    '#!/usr/bin/env bash',
    '# shellcheck disable=SC1003,SC1110,SC1111,SC1112,SC2016,SC2088 # the quoted values are literal text on purpose',
    `# Kiln: SSH to ${commentText(target.name)} (launch ${commentText(target.launchId)}).`,
    '# ssh checks the host key against the keys Kiln verified for this instance. Arguments go to ssh.',
    'set -euo pipefail',
    '',
    'tmpdir=$(mktemp -d "${TMPDIR:-/tmp}/kiln-ssh.XXXXXXXX")',
    `trap 'rm -rf "$tmpdir"' EXIT`,
    "trap 'exit 129' HUP",
    "trap 'exit 130' INT",
    "trap 'exit 143' TERM",
    `printf '%s' ${shQuote(target.knownHosts)} > "$tmpdir/known_hosts"`,
    ...(instanceConnect ? shInstanceConnect(instanceConnect, target.user) : []),
    '',
    `ssh ${sshArgs.join(' \\\n  ')}`,
    '',
  ].join('\n');
}

function shInstanceConnect(ic: NonNullable<SshTarget['instanceConnect']>, user: string): string[] {
  checkInstanceConnect(ic);
  const aws = [
    'aws ec2-instance-connect send-ssh-public-key',
    `--instance-id ${shQuote(ic.instanceId)}`,
    `--instance-os-user ${shQuote(user)}`,
    '--ssh-public-key "file://$tmpdir/key.pub"',
    `--region ${shQuote(ic.region)}`,
    ...(ic.profile ? [`--profile ${shQuote(ic.profile)}`] : []),
    ...(ic.endpointUrl ? [`--endpoint-url ${shQuote(ic.endpointUrl)}`] : []),
  ];
  return [
    '',
    '# EC2 Instance Connect: a one-time key that the instance accepts for 60 seconds.',
    `ssh-keygen -q -t ed25519 -N '' -f "$tmpdir/key"`,
    `${aws.join(' \\\n  ')} > /dev/null`,
  ];
}

/** The same for Windows OpenSSH in PowerShell: an ASCII-only script whose values are single-quoted literals. */
export function renderPs1Script(target: SshTarget): string {
  checkTarget(target);
  const keyPath = target.keyPath === undefined ? undefined : keyPathForSsh(target.keyPath);
  const ic = keyPath === undefined ? target.instanceConnect : undefined;
  if (ic) checkInstanceConnect(ic);
  const values: [string, string | undefined][] = [
    ['kilnHost', target.host],
    ['kilnUser', target.user],
    ['kilnKey', keyPath],
    ['kilnKnownHosts', target.knownHosts],
    ['kilnInstanceId', ic?.instanceId],
    ['kilnRegion', ic?.region],
    ['kilnProfile', ic?.profile || undefined],
    ['kilnEndpointUrl', ic?.endpointUrl || undefined],
  ];
  const sshArgs = [
    ...(keyPath !== undefined || ic ? ['-i $kilnKey'] : []),
    ...(target.port !== 22 ? [`-p ${target.port}`] : []),
    "-o 'StrictHostKeyChecking=yes'",
    "-o ('UserKnownHostsFile=' + $knownHostsOption)",
    "-o 'GlobalKnownHostsFile=/dev/null'",
    "-o 'IdentitiesOnly=yes'",
    "($kilnUser + '@' + $kilnHost)",
    '@args',
  ];
  return [
    `# Kiln: SSH to ${commentText(target.name)} (launch ${commentText(target.launchId)}).`,
    '# ssh.exe (Windows OpenSSH) checks the host key against the keys Kiln verified for this instance. Arguments go to ssh.exe.',
    "$ErrorActionPreference = 'Stop'",
    '',
    ...values.flatMap(([name, value]) => (value === undefined ? [] : [`$${name} = ${psString(value)}`])),
    '',
    '# PowerShell before 7.3 drops empty arguments to programs and passes their double quotes unescaped.',
    "$standardArguments = $PSNativeCommandArgumentPassing -in 'Standard', 'Windows'",
    '$knownHostsFile = [System.IO.Path]::GetTempFileName()',
    ...(ic ? ['$keyDir = $null'] : []),
    'try {',
    '  [System.IO.File]::WriteAllText($knownHostsFile, $kilnKnownHosts)',
    '  # ssh reads an -o value like an ssh_config line: forward slashes, % doubled, quotes around spaces.',
    "  $knownHostsOption = $knownHostsFile.Replace('\\', '/').Replace('%', '%%')",
    "  if ($knownHostsOption -match '\\s') {",
    `    $quote = if ($standardArguments) { '"' } else { '\\"' }`,
    '    $knownHostsOption = $quote + $knownHostsOption + $quote',
    '  }',
    ...(ic ? psInstanceConnect(ic) : []),
    `  & ssh.exe ${sshArgs.join(' ')}`,
    '  $sshExitCode = $LASTEXITCODE',
    '} finally {',
    '  Remove-Item -LiteralPath $knownHostsFile -Force -ErrorAction SilentlyContinue',
    ...(ic
      ? ['  if ($keyDir) { Remove-Item -LiteralPath $keyDir -Recurse -Force -ErrorAction SilentlyContinue }']
      : []),
    '}',
    'exit $sshExitCode',
    '',
  ].join('\n');
}

function psInstanceConnect(ic: NonNullable<SshTarget['instanceConnect']>): string[] {
  const aws = [
    '& aws ec2-instance-connect send-ssh-public-key',
    '--instance-id $kilnInstanceId',
    '--instance-os-user $kilnUser',
    "--ssh-public-key ('file://' + $kilnKey + '.pub')",
    '--region $kilnRegion',
    ...(ic.profile ? ['--profile $kilnProfile'] : []),
    ...(ic.endpointUrl ? ['--endpoint-url $kilnEndpointUrl'] : []),
  ];
  return [
    '  # EC2 Instance Connect: a one-time key that the instance accepts for 60 seconds.',
    '  $keyDir = Join-Path ([System.IO.Path]::GetTempPath()) ([System.IO.Path]::GetRandomFileName())',
    '  New-Item -ItemType Directory -Path $keyDir | Out-Null',
    "  $kilnKey = Join-Path $keyDir 'key'",
    `  $emptyPassphrase = if ($standardArguments) { '' } else { '""' }`,
    '  & ssh-keygen.exe -q -t ed25519 -N $emptyPassphrase -f $kilnKey',
    "  if ($LASTEXITCODE -ne 0) { throw 'ssh-keygen could not create the one-time key.' }",
    `  ${aws.join(' ')} | Out-Null`,
    "  if ($LASTEXITCODE -ne 0) { throw 'aws could not send the one-time key with EC2 Instance Connect.' }",
  ];
}

/** A `Host` block for ~/.ssh/config; the alias keeps only `[A-Za-z0-9._-]` (fallback `kiln-<launchId>`). */
export function renderSshConfigBlock(target: SshTarget, alias: string = target.name): string {
  checkTarget(target);
  return [
    `# Kiln: ${commentText(target.name)} (launch ${commentText(target.launchId)})`,
    `Host ${safeName(alias, 64) || `kiln-${safeName(target.launchId, 58)}`}`,
    `  HostName ${target.host}`,
    `  Port ${target.port}`,
    `  User ${target.user}`,
    ...(target.keyPath !== undefined ? [`  IdentityFile ${sshConfigPath(target.keyPath, 'key file')}`] : []),
    '  IdentitiesOnly yes',
    '  StrictHostKeyChecking yes',
    ...(target.knownHostsPath
      ? [
          `  UserKnownHostsFile ${sshConfigPath(target.knownHostsPath, 'known_hosts file')}`,
          '  GlobalKnownHostsFile /dev/null',
        ]
      : []),
    '',
  ].join('\n');
}

/** A Remote Desktop file (CRLF lines) that asks for the password; the port is left out when it is 3389. */
export function renderRdpFile(target: { host: string; user: string; port?: number }): string {
  for (const [what, value] of [
    ['host name', target.host],
    ['user name', target.user],
  ] as const) {
    if (value === '' || /[\p{Cc}\u2028\u2029]/u.test(value)) {
      throw new KilnFailure({
        code: 'UnsafeConnectValue',
        message: `The ${what} is empty or holds a control character, which an .rdp file cannot carry.`,
        remedy: `Choose a ${what} without line breaks or control characters.`,
      });
    }
  }
  const withPort = target.port !== undefined && target.port !== 3389;
  const host = withPort && target.host.includes(':') ? `[${target.host}]` : target.host;
  return [
    `full address:s:${withPort ? `${host}:${target.port}` : host}`,
    `username:s:${target.user}`,
    'prompt for credentials:i:1',
    'administrative session:i:1',
    '',
  ].join('\r\n');
}

/** A safe download name from the Name tag: `[A-Za-z0-9._-]`, at most 64 characters, else `kiln-<launchId>`. */
export function connectFileName(name: string, launchId: string, extension: string): string {
  const ext = extension.replace(/^\./, '');
  if (!/^[A-Za-z0-9_-]*$/.test(ext)) throw new Error(`Invalid file extension ${JSON.stringify(extension)}`);
  let base = safeName(name, 64) || `kiln-${safeName(launchId, 58)}`;
  if (WINDOWS_RESERVED.test(base)) base = `kiln-${base}`.slice(0, 64);
  return ext ? `${base}.${ext}` : base;
}

/** Runs of anything but `[A-Za-z0-9._-]` become one `-`; no leading or trailing `-` or `.`. */
function safeName(value: string, max: number): string {
  const collapsed = value
    .replace(/[^A-Za-z0-9._-]+/g, '-')
    .replace(/-{2,}/g, '-')
    .replace(/^[-.]+/, '');
  return collapsed.slice(0, max).replace(/[-.]+$/, '');
}

/** Text for a comment line: printable ASCII without quotes, `$`, backslash or backtick; at most 80 characters. */
function commentText(value: string): string {
  return value.replace(/[^A-Za-z0-9 .,:;_+=@()[\]{}/-]/g, '_').slice(0, 80);
}

/** Host, port and user are written bare in places: they must be what AWS and the login name rules allow. */
function checkTarget(target: SshTarget): void {
  if (!HOST.test(target.host)) throw new Error(`Refusing the host name ${JSON.stringify(target.host)}`);
  if (!Number.isInteger(target.port) || target.port < 1 || target.port > 65535)
    throw new Error(`Invalid SSH port ${target.port}`);
  const user = LoginUser.safeParse(target.user);
  if (!user.success || user.data !== target.user) {
    throw new KilnFailure({
      code: 'InvalidLoginUser',
      message: `"${commentText(target.user)}" is not a login name ssh can use.`,
      remedy: 'Choose a login user on the Connect tab: a letter or _, then up to 31 letters, digits, ".", "_" or "-".',
    });
  }
  if (target.knownHosts.includes('\0')) throw new Error('The known_hosts text holds a NUL character');
}

function checkInstanceConnect(ic: NonNullable<SshTarget['instanceConnect']>): void {
  if (!/^i-[0-9a-f]{8,17}$/.test(ic.instanceId))
    throw new Error(`Invalid instance id ${JSON.stringify(ic.instanceId)}`);
  if (!/^[a-z]{2}(-[a-z]+)+-\d+$/.test(ic.region)) throw new Error(`Invalid region ${JSON.stringify(ic.region)}`);
  if (`${ic.profile ?? ''}${ic.endpointUrl ?? ''}`.includes('\0'))
    throw new Error('A NUL character in the AWS profile or endpoint');
}

/**
 * A key path as `ssh -i` takes it: ssh expands `%` tokens and `${VAR}` in it after checking that the file exists,
 * so no escaping keeps such a path intact. A one-line command cannot hold a line break.
 */
function keyPathForSsh(keyPath: string, options: { oneLine?: boolean } = {}): string {
  const unsafe = options.oneLine ? /[\p{Cc}\u2028\u2029]/u : /\0/;
  if (keyPath === '' || keyPath.includes('%') || keyPath.includes('${') || unsafe.test(keyPath)) {
    throw new KilnFailure({
      code: 'UnsafeKeyPath',
      message: `The key file path holds ${options.oneLine ? 'a line break, a control character, ' : ''}"%" or "\${", which ssh would read as another path.`,
      remedy: 'Move or rename the key file to a path without those characters, then choose it on the Connect tab.',
    });
  }
  return keyPath;
}

/**
 * A path as an ssh_config value (also for `-o`), double-quoted with `%` doubled. Windows paths get forward slashes;
 * a double quote, a backslash, `${` or a line break cannot be written safely for every OpenSSH version.
 */
function sshConfigPath(value: string, what: string): string {
  const path = /^[A-Za-z]:[\\/]|^\\\\/.test(value) ? value.replace(/\\/g, '/') : value;
  if (path === '' || /["\\\p{Cc}\u2028\u2029]/u.test(path) || path.includes('${')) {
    throw new KilnFailure({
      code: 'UnsafeConnectPath',
      message: `The ${what} path holds a double quote, a backslash, "\${" or a line break, which ssh_config cannot hold safely.`,
      remedy: `Choose a ${what} path without quotes, backslashes or line breaks (move or rename the file), then download again.`,
    });
  }
  return `"${path.replace(/%/g, '%%')}"`;
}

/** POSIX shell: bare when only safe characters, else single-quoted with `'` written as `'\''`. */
export function shQuote(value: string): string {
  return SH_BARE.test(value) ? value : `'${value.replace(/'/g, `'\\''`)}'`;
}

/**
 * A PowerShell string expression: runs of printable ASCII as single-quoted literals (`'` doubled), every other
 * UTF-16 unit as `[char]0xXXXX`, so the script is ASCII and reads the same whatever encoding PowerShell assumes.
 */
function psString(value: string): string {
  const parts = (value.match(/[\x20-\x7e]+|[^\x20-\x7e]/g) ?? []).map((part) =>
    /^[\x20-\x7e]/.test(part)
      ? `'${part.replace(/'/g, "''")}'`
      : `[char]0x${part.charCodeAt(0).toString(16).toUpperCase().padStart(4, '0')}`,
  );
  if (parts[0] === undefined || parts[0].startsWith('[char]')) parts.unshift("''");
  return parts.join(' + ');
}
