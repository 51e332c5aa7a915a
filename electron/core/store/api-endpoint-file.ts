/**
 * `<dataDir>/api.json`: where a running Kiln serves its contract on loopback (url, session token, pid), so the
 * `kiln` command line talks to it instead of opening the data directory itself. Readable by the user only (0600);
 * removed on a clean exit; a file whose pid is dead is ignored (and the command line checks that it answers).
 */
import { readFile, rm } from 'node:fs/promises';
import path from 'node:path';
import { z } from 'zod';
import { writeFileDurably } from './durable-file';

export const API_FILE_NAME = 'api.json';

export const ApiEndpoint = z.object({
  /** The loopback origin, e.g. http://127.0.0.1:43123 (commands at /api/commands/<name>, events at /api/events). */
  url: z.string().regex(/^http:\/\/127\.0\.0\.1:\d+$/),
  token: z.string().min(16),
  pid: z.number().int().positive(),
});
export type ApiEndpoint = z.infer<typeof ApiEndpoint>;

export function apiEndpointFile(dataDir: string): string {
  return path.join(dataDir, API_FILE_NAME);
}

/** Publishes the endpoint (mode 0600, written atomically); returns a function that removes it again. */
export async function publishApiEndpoint(dataDir: string, endpoint: ApiEndpoint): Promise<() => Promise<void>> {
  const file = apiEndpointFile(dataDir);
  await writeFileDurably(file, JSON.stringify(ApiEndpoint.parse(endpoint)));
  return async () => {
    // Only our own: a newer Kiln may have replaced it.
    const current = await readApiEndpoint(dataDir);
    if (current?.pid === endpoint.pid && current.token === endpoint.token) await rm(file, { force: true });
  };
}

/** The published endpoint, when the file exists, parses and its process is alive. */
export async function readApiEndpoint(
  dataDir: string,
  isAlive: (pid: number) => boolean = () => true,
): Promise<ApiEndpoint | undefined> {
  try {
    const parsed = ApiEndpoint.safeParse(JSON.parse(await readFile(apiEndpointFile(dataDir), 'utf8')));
    return parsed.success && isAlive(parsed.data.pid) ? parsed.data : undefined;
  } catch {
    return undefined;
  }
}
