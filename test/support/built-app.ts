/** Makes sure the renderer and agent bundles exist (npm test builds them first; a single test file may not). */
import { existsSync } from 'node:fs';
import path from 'node:path';
import { REPO_ROOT } from './sandbox-backend';

export const RENDERER_DIR = path.join(REPO_ROOT, 'dist', 'renderer');

export async function ensureRendererBuilt(): Promise<string> {
  if (!existsSync(path.join(RENDERER_DIR, 'index.html'))) {
    const build = (await import(path.join(REPO_ROOT, 'scripts', 'build.mjs'))) as {
      buildRenderer: () => Promise<void>;
    };
    await build.buildRenderer();
  }
  return RENDERER_DIR;
}
