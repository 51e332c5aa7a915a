/** How the sandbox's instance host runs a piece of user data, decided the way cloud-init decides it. */

export type UserDataPlan =
  /** A script with a `#!` line: run `command` with `args`, then the script's path (as the kernel would). */
  | { kind: 'script'; command: string; args: string[] }
  /** Something the sandbox cannot run on this machine; `reason` says what and why. */
  | { kind: 'unsupported'; reason: string };

/**
 * Decides how to run decoded user data: `#!interpreter [arg]` runs with that interpreter, anything else that looks
 * like a shell script with bash. Windows user data, cloud-config, MIME multi-part and gzip are refused with a reason.
 */
export function planUserData(userData: Buffer): UserDataPlan {
  if (userData.length === 0) return { kind: 'unsupported', reason: 'the instance has no user data' };
  if (userData[0] === 0x1f && userData[1] === 0x8b) {
    return { kind: 'unsupported', reason: 'gzip-compressed user data is not supported by the sandbox' };
  }
  const text = userData
    .subarray(0, 4096)
    .toString('utf8')
    .replace(/^\uFEFF/, '');
  const head = text.trimStart().toLowerCase();
  if (/^<(powershell|script|persist)>/.test(head) || head.startsWith('version:')) {
    return {
      kind: 'unsupported',
      reason: 'Windows user data (PowerShell/batch) cannot run in the sandbox, which runs Linux user data only',
    };
  }
  if (head.startsWith('#cloud-config') || head.startsWith('#include') || head.startsWith('#cloud-boothook')) {
    const format = head.split(/\s/)[0];
    return { kind: 'unsupported', reason: `cloud-init "${format}" user data is not supported by the sandbox` };
  }
  if (head.startsWith('content-type: multipart/') || head.startsWith('mime-version:')) {
    return { kind: 'unsupported', reason: 'MIME multi-part user data is not supported by the sandbox' };
  }
  if (!text.startsWith('#!')) return { kind: 'script', command: 'bash', args: [] };
  // Like the kernel: the interpreter path, then at most one argument (the rest of the line, unsplit).
  const line = (text.slice(2).split(/\r?\n/, 1)[0] ?? '').trim();
  const [, command, argument] = /^(\S+)(?:\s+(.+))?$/.exec(line) ?? [];
  if (!command) return { kind: 'unsupported', reason: 'the user data starts with "#!" but names no interpreter' };
  return { kind: 'script', command, args: argument ? [argument.trim()] : [] };
}
