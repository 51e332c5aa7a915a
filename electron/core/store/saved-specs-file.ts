/**
 * One small JSON document on disk for saved launch specs (wizard defaults, presets): written atomically (a
 * temporary file, then rename) with writes chained in order, and read tolerantly: a damaged or missing file reads
 * as empty, and a damaged one is named in the log instead of stopping Kiln.
 */
import { mkdir, readFile, rename, writeFile } from 'node:fs/promises';
import path from 'node:path';

export interface JsonDocument<T> {
  read(): Promise<T>;
  /** Reads, changes and writes the document; changes never interleave. */
  update(change: (current: T) => T): Promise<T>;
}

export function createJsonDocument<T>(options: {
  file: string;
  empty: () => T;
  /** Turns what was on disk into a document, or undefined when it is damaged. */
  parse: (raw: unknown) => T | undefined;
  log: (message: string) => void;
}): JsonDocument<T> {
  const { file, empty, parse, log } = options;
  let queue: Promise<unknown> = Promise.resolve();

  async function load(): Promise<T> {
    let text: string;
    try {
      text = await readFile(file, 'utf8');
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'ENOENT') log(`could not read ${file}: ${(error as Error).message}`);
      return empty();
    }
    const parsed = parse(parseJson(text));
    if (parsed !== undefined) return parsed;
    log(`ignored the damaged file ${file}; it is replaced on the next save`);
    return empty();
  }

  async function store(value: T): Promise<void> {
    await mkdir(path.dirname(file), { recursive: true, mode: 0o700 });
    const tmp = `${file}.tmp`;
    await writeFile(tmp, JSON.stringify(value, null, 2), { mode: 0o600 });
    await rename(tmp, file);
  }

  function serialized<R>(work: () => Promise<R>): Promise<R> {
    const next = queue.then(work, work);
    queue = next.catch(() => undefined);
    return next;
  }

  return {
    read: () => serialized(load),
    update: (change) =>
      serialized(async () => {
        const next = change(await load());
        await store(next);
        return next;
      }),
  };
}

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}
