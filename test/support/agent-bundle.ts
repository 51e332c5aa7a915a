/** Builds the real installer-agent bundle once (when missing or older than its sources) so tests can spawn it. */
import { readdir, stat } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const root = resolve(fileURLToPath(new URL('../..', import.meta.url)));
const bundlePath = join(root, 'dist', 'agent', 'kiln-agent.cjs');
const buildScript = join(root, 'scripts', 'build-agent.mjs');

interface BuildAgentModule {
  buildAgent(options?: { minify?: boolean; outfile?: string }): Promise<{ outfile: string; bytes: number }>;
}

let ready: Promise<string> | null = null;

/** Absolute path of `dist/agent/kiln-agent.cjs`, rebuilt first if any agent source is newer. */
export function agentBundlePath(): Promise<string> {
  ready ??= ensureBuilt().catch((error: unknown) => {
    ready = null;
    throw error;
  });
  return ready;
}

async function ensureBuilt(): Promise<string> {
  const [built, newestSource] = await Promise.all([
    modifiedAt(bundlePath),
    newestModification(join(root, 'installer-agent', 'src')),
  ]);
  const scriptTime = (await modifiedAt(buildScript)) ?? 0;
  if (built === null || built < Math.max(newestSource, scriptTime)) {
    // A computed specifier keeps TypeScript from wanting declarations for the .mjs build script.
    const { buildAgent } = (await import(pathToFileURL(buildScript).href)) as BuildAgentModule;
    await buildAgent();
  }
  return bundlePath;
}

async function modifiedAt(path: string): Promise<number | null> {
  try {
    return (await stat(path)).mtimeMs;
  } catch {
    return null;
  }
}

async function newestModification(dir: string): Promise<number> {
  let newest = 0;
  for (const entry of await readdir(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    const time = entry.isDirectory() ? await newestModification(path) : ((await modifiedAt(path)) ?? 0);
    newest = Math.max(newest, time);
  }
  return newest;
}
