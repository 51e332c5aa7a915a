/**
 * Reads sshd's public host keys for GET /v1/host-keys. Only names shaped like `ssh_host_<alg>_key.pub` are opened, so
 * a private key is never read. Each file must hold one line `<type> <base64> [comment]` whose base64 decodes to an
 * SSH key blob naming the same type; a file that does not is reported as a problem and the others are still served.
 */
import { constants } from 'node:fs';
import { open, readdir, type FileHandle } from 'node:fs/promises';
import { join } from 'node:path';
import { SSH_HOST_KEY_TYPES, type HostKey, type HostKeyProblem, type HostKeysResponse } from '../protocol/events';
import { fail, ok, type Result } from '../result';

/** The only file names the reader opens. */
export const HOST_KEY_FILE_NAME = /^ssh_host_[a-z0-9]+_key\.pub$/;

/** A public key file is a few hundred bytes (RSA 16384 is ~2.8 KiB); anything larger is not one. */
export const MAX_HOST_KEY_FILE_BYTES = 16 * 1024;

type ParsedKey = Omit<HostKey, 'file'>;
type KeyResult<T> = Result<T, 'bad-host-key'>;

const KNOWN_TYPES: ReadonlySet<string> = new Set(SSH_HOST_KEY_TYPES);
const REGENERATE = 'Regenerate it with ssh-keygen, or remove it.';
const bad = (message: string) => fail({ code: 'bad-host-key' as const, message });

/** Parses the text of one public key file. Pure; messages never quote the file beyond a plausible type name. */
export function parseHostKeyText(text: string): KeyResult<ParsedKey> {
  const line = text.replace(/\r?\n$/, '');
  if (line.trim() === '') return bad('The file is empty.');
  if (/[\r\n]/.test(line)) {
    const expected = 'a public key file holds one "<type> <base64> [comment]" line';
    return bad(`The file has more than one line; ${expected}. ${REGENERATE}`);
  }
  // eslint-disable-next-line no-control-regex -- a key file line must hold no control characters
  if (/[\x00-\x08\x0b-\x1f\x7f]/.test(line)) return bad(`The file contains control characters. ${REGENERATE}`);
  const match = /^(\S+)[ \t]+(\S+)(?:[ \t]+(.*?))?[ \t]*$/.exec(line);
  if (!match) return bad(`The line is not "<type> <base64> [comment]". ${REGENERATE}`);
  const [, type = '', key = '', comment] = match;
  if (!KNOWN_TYPES.has(type)) {
    return bad(`The key type ${nameOf(type)} is not accepted; accepted types: ${SSH_HOST_KEY_TYPES.join(', ')}.`);
  }
  const blob = decodeBase64(key);
  if (!blob) return bad(`The key is not valid base64. ${REGENERATE}`);
  const blobType = wireTypeOf(blob);
  if (blobType === null) return bad(`The key data is not an SSH public key blob. ${REGENERATE}`);
  if (blobType !== type) {
    const found = `The line says ${type} but the key data is ${nameOf(blobType)}`;
    return bad(`${found}: the file was edited or is corrupt. ${REGENERATE}`);
  }
  return ok(comment ? { type, key, comment } : { type, key });
}

/** Lists `dir`, reads every host key file in it, and sorts keys and problems by file name. Never throws for I/O. */
export async function readHostKeys(dir: string): Promise<HostKeysResponse> {
  let names: string[];
  try {
    names = await readdir(dir);
  } catch (error) {
    return { keys: [], problems: [{ file: dir, message: directoryProblem(dir, error as NodeJS.ErrnoException) }] };
  }
  const files = names.filter((name) => HOST_KEY_FILE_NAME.test(name)).sort();
  if (files.length === 0) {
    const message =
      `sshd's host keys are not there: ${dir} has no ssh_host_*_key.pub file. ` +
      'Start sshd once (it creates them), or run ssh-keygen -A.';
    return { keys: [], problems: [{ file: dir, message }] };
  }
  const results = await Promise.all(
    files.map(async (file) => ({ file, result: await readHostKeyFile(join(dir, file)) })),
  );
  const keys: HostKey[] = [];
  const problems: HostKeyProblem[] = [];
  for (const { file, result } of results) {
    if (result.ok) keys.push({ file, ...result.value });
    else problems.push({ file, message: result.error.message });
  }
  return { keys, problems };
}

async function readHostKeyFile(path: string): Promise<KeyResult<ParsedKey>> {
  const text = await readSmallFile(path);
  return text.ok ? parseHostKeyText(text.value) : text;
}

/** At most MAX_HOST_KEY_FILE_BYTES of a regular file; O_NONBLOCK so a FIFO under a key's name cannot hang a request. */
async function readSmallFile(path: string): Promise<KeyResult<string>> {
  const limit = `${MAX_HOST_KEY_FILE_BYTES / 1024} KiB`;
  const tooLarge = bad(`The file is larger than ${limit}, so it is not a public key. ${REGENERATE}`);
  let handle: FileHandle;
  try {
    handle = await open(path, constants.O_RDONLY | (constants.O_NONBLOCK ?? 0));
  } catch (error) {
    return bad(`Cannot open the file: ${(error as Error).message}`);
  }
  try {
    const stats = await handle.stat();
    if (!stats.isFile()) return bad('This is not a regular file.');
    if (stats.size > MAX_HOST_KEY_FILE_BYTES) return tooLarge;
    // Read one byte past the limit: the file may have grown since stat.
    const buffer = Buffer.alloc(MAX_HOST_KEY_FILE_BYTES + 1);
    let length = 0;
    for (;;) {
      const { bytesRead } = await handle.read(buffer, length, buffer.length - length, length);
      length += bytesRead;
      if (bytesRead === 0 || length === buffer.length) break;
    }
    return length > MAX_HOST_KEY_FILE_BYTES ? tooLarge : ok(buffer.toString('utf8', 0, length));
  } catch (error) {
    return bad(`Cannot read the file: ${(error as Error).message}`);
  } finally {
    await handle.close();
  }
}

function directoryProblem(dir: string, error: NodeJS.ErrnoException): string {
  switch (error.code) {
    case 'ENOENT':
      return (
        `sshd's host keys are not there: ${dir} does not exist. ` +
        'Install and start the OpenSSH server, or set sshHostKeyDir in the agent config.'
      );
    case 'ENOTDIR':
      return `sshd's host keys are not there: ${dir} is not a directory. Fix sshHostKeyDir in the agent config.`;
    default:
      return `Cannot list ${dir}: ${error.message}. The agent needs read access to sshd's host key directory.`;
  }
}

/** Canonical base64 only (what ssh-keygen writes), so one key has one spelling. */
function decodeBase64(text: string): Buffer | null {
  if (text.length % 4 !== 0 || !/^[A-Za-z0-9+/]+={0,2}$/.test(text)) return null;
  const bytes = Buffer.from(text, 'base64');
  return bytes.toString('base64') === text ? bytes : null;
}

/** The type name an SSH wire-format key blob starts with (uint32 length, then the name), if key data follows it. */
function wireTypeOf(blob: Buffer): string | null {
  if (blob.length < 4) return null;
  const length = blob.readUInt32BE(0);
  if (length === 0 || length > 64 || 4 + length >= blob.length) return null;
  return blob.toString('latin1', 4, 4 + length);
}

/** The type in quotes when it looks like a key type name; otherwise a description, so no file content is echoed. */
function nameOf(type: string): string {
  return /^[A-Za-z0-9@._-]{1,64}$/.test(type) ? `"${type}"` : 'an unknown type';
}
