import { mkdtemp, readdir, readFile, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { createJsonDocument } from '../../../../electron/core/store/saved-specs-file';

type Doc = { items: string[] };

async function documentIn(dir: string, log: string[] = []) {
  return createJsonDocument<Doc>({
    file: path.join(dir, 'doc.json'),
    empty: () => ({ items: [] }),
    parse: (raw) => (Array.isArray((raw as Doc | undefined)?.items) ? (raw as Doc) : undefined),
    log: (message) => log.push(message),
  });
}

describe('saved specs file', () => {
  it('writes through a temporary file and leaves only the document behind', async () => {
    const dir = await mkdtemp(path.join(os.tmpdir(), 'kiln-doc-'));
    const doc = await documentIn(dir);
    await doc.update(() => ({ items: ['a'] }));
    expect(await readdir(dir)).toEqual(['doc.json']);
    expect(JSON.parse(await readFile(path.join(dir, 'doc.json'), 'utf8'))).toEqual({ items: ['a'] });
  });

  it('keeps every one of many concurrent changes, in order', async () => {
    const dir = await mkdtemp(path.join(os.tmpdir(), 'kiln-doc-'));
    const doc = await documentIn(dir);
    await Promise.all(Array.from({ length: 20 }, (_, i) => doc.update((current) => ({ items: [...current.items, String(i)] }))));
    expect((await doc.read()).items).toEqual(Array.from({ length: 20 }, (_, i) => String(i)));
  });

  it('reads a missing file as empty without a log line', async () => {
    const dir = await mkdtemp(path.join(os.tmpdir(), 'kiln-doc-'));
    const log: string[] = [];
    expect(await (await documentIn(dir, log)).read()).toEqual({ items: [] });
    expect(log).toEqual([]);
  });

  it('ignores a damaged file with a log line, and replaces it on the next change', async () => {
    const dir = await mkdtemp(path.join(os.tmpdir(), 'kiln-doc-'));
    const log: string[] = [];
    await writeFile(path.join(dir, 'doc.json'), '{"items": ["cut sho');
    const doc = await documentIn(dir, log);
    expect(await doc.read()).toEqual({ items: [] });
    expect(log).toEqual([expect.stringContaining('ignored the damaged file')]);
    await doc.update((current) => ({ items: [...current.items, 'fresh'] }));
    expect(await doc.read()).toEqual({ items: ['fresh'] });
  });

  it('leaves the file as it was when a change fails', async () => {
    const dir = await mkdtemp(path.join(os.tmpdir(), 'kiln-doc-'));
    const doc = await documentIn(dir);
    await doc.update(() => ({ items: ['kept'] }));
    await expect(
      doc.update(() => {
        throw new Error('refused');
      }),
    ).rejects.toThrow('refused');
    expect(await doc.read()).toEqual({ items: ['kept'] });
  });
});
