// The settings layer on conf: atomic writes through a temporary file, versioned migrations, and a file that cannot
// be read moved aside (never overwritten) and reported.
import { mkdtemp, readdir, readFile, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { createSettingsDocument, type ParsedDocument } from '../../../../electron/core/store/settings-document';
import { createStorageProblems } from '../../../../electron/core/store/storage-problems';

type Doc = { items: string[] };
const AT = new Date('2026-05-01T09:30:00.123Z');

function parse(raw: Record<string, unknown>): ParsedDocument<Doc> | undefined {
  const items = raw.items ?? [];
  if (!Array.isArray(items)) return undefined;
  return {
    value: { items: items.filter((i) => typeof i === 'string') },
    dropped: items.some((i) => typeof i !== 'string') ? ['an item is damaged'] : [],
  };
}

function documentIn(
  dir: string,
  extra: { version?: string; migrations?: Parameters<typeof createSettingsDocument>[0]['migrations'] } = {},
) {
  const problems = createStorageProblems();
  const doc = createSettingsDocument<Doc>({
    dataDir: dir,
    name: 'doc',
    kind: 'settings',
    version: extra.version ?? '1.0.0',
    migrations: extra.migrations,
    empty: () => ({ items: [] }),
    parse,
    problems,
    now: () => AT,
  });
  return { doc, problems };
}

const tempDir = () => mkdtemp(path.join(os.tmpdir(), 'kiln-settings-'));
const onDisk = async (dir: string) =>
  JSON.parse(await readFile(path.join(dir, 'doc.json'), 'utf8')) as Record<string, unknown>;

describe('settings document', () => {
  it('writes through conf, leaves only the document behind, and records its version', async () => {
    const dir = await tempDir();
    const { doc } = documentIn(dir);
    await doc.update(() => ({ items: ['a'] }));
    expect(await readdir(dir)).toEqual(['doc.json']);
    expect(await onDisk(dir)).toEqual({ items: ['a'], __internal__: { migrations: { version: '1.0.0' } } });
    expect(await documentIn(dir).doc.read()).toEqual({ items: ['a'] });
  });

  it('keeps every one of many concurrent changes, in order', async () => {
    const { doc } = documentIn(await tempDir());
    await Promise.all(
      Array.from({ length: 20 }, (_, i) => doc.update((current) => ({ items: [...current.items, String(i)] }))),
    );
    expect((await doc.read()).items).toEqual(Array.from({ length: 20 }, (_, i) => String(i)));
  });

  it('runs the migrations of a newer version once, over a file of an older one', async () => {
    const dir = await tempDir();
    await writeFile(path.join(dir, 'doc.json'), JSON.stringify({ version: 1, list: ['x', 'y'] }));
    const migrations = {
      '2.0.0': (store: { get(k: string): unknown; set(k: string, v: unknown): void; delete(k: string): void }) => {
        store.set('items', store.get('list'));
        store.delete('list');
        store.delete('version');
      },
    };
    expect(await documentIn(dir, { version: '2.0.0', migrations }).doc.read()).toEqual({ items: ['x', 'y'] });
    expect(await onDisk(dir)).toEqual({ items: ['x', 'y'], __internal__: { migrations: { version: '2.0.0' } } });
  });

  it('reads a missing file as empty and reports nothing', async () => {
    const { doc, problems } = documentIn(await tempDir());
    expect(await doc.read()).toEqual({ items: [] });
    expect(problems.list()).toEqual([]);
  });

  it('moves a file cut short aside, reports it, and never writes over the backup', async () => {
    const dir = await tempDir();
    const damaged = '{"items": ["cut sho';
    await writeFile(path.join(dir, 'doc.json'), damaged);
    const { doc, problems } = documentIn(dir);
    expect(await doc.read()).toEqual({ items: [] });
    const backupPath = path.join(dir, 'doc.json.unreadable-2026-05-01T09-30-00.123Z');
    expect(problems.list()).toEqual([
      expect.objectContaining({
        kind: 'settings',
        file: path.join(dir, 'doc.json'),
        backupPath,
        detectedAt: AT.toISOString(),
      }),
    ]);
    await doc.update((current) => ({ items: [...current.items, 'fresh'] }));
    expect(await readFile(backupPath, 'utf8')).toBe(damaged);

    // Damaged again in the same millisecond: a second backup beside the first, which stays as it was.
    await writeFile(path.join(dir, 'doc.json'), 'garbage');
    const again = documentIn(dir);
    await again.doc.read();
    expect(again.problems.list()[0].backupPath).toBe(`${backupPath}-1`);
    expect(await readFile(backupPath, 'utf8')).toBe(damaged);
    expect(await readFile(`${backupPath}-1`, 'utf8')).toBe('garbage');
  });

  it('moves aside JSON that is not this document', async () => {
    const dir = await tempDir();
    await writeFile(path.join(dir, 'doc.json'), JSON.stringify({ items: 'not a list' }));
    const { doc, problems } = documentIn(dir);
    expect(await doc.read()).toEqual({ items: [] });
    expect(problems.list()).toHaveLength(1);
    expect(JSON.parse(await readFile(problems.list()[0].backupPath, 'utf8'))).toEqual({ items: 'not a list' });
  });

  it('copies a partly damaged file aside before the next save drops the damaged entries', async () => {
    const dir = await tempDir();
    await writeFile(path.join(dir, 'doc.json'), JSON.stringify({ items: ['kept', 7] }));
    const { doc, problems } = documentIn(dir);
    expect(await doc.read()).toEqual({ items: ['kept'] });
    expect(problems.list()[0].message).toContain('an item is damaged');
    await doc.update((current) => ({ items: [...current.items, 'new'] }));
    expect(JSON.parse(await readFile(problems.list()[0].backupPath, 'utf8'))).toEqual({ items: ['kept', 7] });
    expect((await onDisk(dir)).items).toEqual(['kept', 'new']);
  });

  it('leaves the file as it was when a change fails', async () => {
    const dir = await tempDir();
    const { doc } = documentIn(dir);
    await doc.update(() => ({ items: ['kept'] }));
    await expect(
      doc.update(() => {
        throw new Error('refused');
      }),
    ).rejects.toThrow('refused');
    expect((await onDisk(dir)).items).toEqual(['kept']);
    expect(await doc.read()).toEqual({ items: ['kept'] });
  });
});
