// The secrets file at rest: a file that cannot be parsed is moved aside and reported, never replaced by the next
// write; a file that cannot be read at all fails the call and is left alone; a value that no longer decrypts stays.
import { mkdir, mkdtemp, readdir, readFile, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { createFileSecretStore, type SecretCipher } from '../../../../electron/core/store/secret-file-store';
import { createStorageProblems } from '../../../../electron/core/store/storage-problems';

// Reversible stand-in for safeStorage: what matters here is what reaches the disk.
const cipher: SecretCipher = {
  encrypt: (plain) => Buffer.from(`enc:${plain}`),
  decrypt: (data) => {
    const text = data.toString();
    if (!text.startsWith('enc:'))
      throw new Error('Error while decrypting the ciphertext provided to safeStorage.decryptString.');
    return text.slice(4);
  },
};
const AT = new Date('2026-05-01T09:30:00.000Z');
const setup = async () => {
  const dir = await mkdtemp(path.join(os.tmpdir(), 'kiln-secrets-'));
  const file = path.join(dir, 'secrets.json');
  const problems = createStorageProblems();
  const logged: string[] = [];
  const open = () => createFileSecretStore({ file, cipher, problems, log: (m) => logged.push(m), now: () => AT });
  return { dir, file, problems, logged, open };
};

describe('file secret store', () => {
  it('keeps secrets encrypted across a restart', async () => {
    const { file, open } = await setup();
    await open().set('agent-token:l1', 'tok-1');
    expect(await readFile(file, 'utf8')).not.toContain('tok-1');
    expect(await open().get('agent-token:l1')).toBe('tok-1');
  });

  it('reads the flat file of earlier versions', async () => {
    const { file, open } = await setup();
    await writeFile(file, JSON.stringify({ 'agent-token:l1': Buffer.from('enc:old').toString('base64') }));
    expect(await open().get('agent-token:l1')).toBe('old');
  });

  it('moves a file that cannot be parsed aside and reports it; the next write does not replace it', async () => {
    const { dir, file, problems, open } = await setup();
    const damaged = '{"version":1,"secrets":{"agent-token:l1":"ZW5jOnRvay0x';
    await writeFile(file, damaged);
    const store = open();
    expect(await store.get('agent-token:l1')).toBeUndefined();
    await store.set('agent-token:l2', 'tok-2');
    const backupPath = `${file}.unreadable-2026-05-01T09-30-00.000Z`;
    expect(problems.list()).toEqual([expect.objectContaining({ kind: 'secrets', file, backupPath })]);
    expect(await readFile(backupPath, 'utf8')).toBe(damaged);
    expect((await readdir(dir)).sort()).toEqual(['secrets.json', path.basename(backupPath)].sort());
    expect(await open().get('agent-token:l2')).toBe('tok-2');
  });

  // A directory where the file should be fails to read for every user (chmod 000 does not stop root, which CI runs
  // as): the same path as a permission or I/O error, anything but "not found".
  it('fails on a file it cannot read and leaves it alone', async () => {
    const { file, open } = await setup();
    await mkdir(file);
    await writeFile(path.join(file, 'kept'), 'untouched');
    await expect(open().set('k', 'v')).rejects.toThrow(/cannot be read \(EISDIR/);
    expect(await readdir(file)).toEqual(['kept']);
    expect(await readFile(path.join(file, 'kept'), 'utf8')).toBe('untouched');
  });

  it('reads a value that no longer decrypts as absent and keeps it in the file', async () => {
    const { file, logged, open } = await setup();
    await writeFile(
      file,
      JSON.stringify({
        version: 1,
        secrets: { a: Buffer.from('other keychain').toString('base64'), b: Buffer.from('enc:b').toString('base64') },
      }),
    );
    const store = open();
    expect(await store.get('a')).toBeUndefined();
    expect(logged.join('\n')).toMatch(/could not decrypt the secret a/);
    await store.set('c', 'new');
    expect((JSON.parse(await readFile(file, 'utf8')) as { secrets: Record<string, string> }).secrets.a).toBe(
      Buffer.from('other keychain').toString('base64'),
    );
  });
});
