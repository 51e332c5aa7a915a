// Bundles the installer agent (installer-agent/src/main.ts) into one CommonJS file for Node >= 18:
// dist/agent/kiln-agent.cjs. Usage: node scripts/build-agent.mjs [--minify]
import { mkdir, rename, rm, writeFile } from 'node:fs/promises';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { build } from 'esbuild';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');

/** Where the bundle is written unless told otherwise. */
export const AGENT_BUNDLE_PATH = join(root, 'dist', 'agent', 'kiln-agent.cjs');

/**
 * Builds the agent bundle. The file is written under a temporary name and renamed into place, so a process that
 * spawns the agent while another build runs never sees half a file.
 * @param {{ minify?: boolean, outfile?: string }} [options]
 * @returns {Promise<{ outfile: string, bytes: number }>}
 */
export async function buildAgent({ minify = false, outfile = AGENT_BUNDLE_PATH } = {}) {
  const result = await build({
    entryPoints: [join(root, 'installer-agent', 'src', 'main.ts')],
    bundle: true,
    platform: 'node',
    target: 'node18',
    format: 'cjs',
    minify,
    sourcemap: false,
    legalComments: 'none',
    banner: { js: '#!/usr/bin/env node' },
    write: false,
    outfile,
    logLevel: 'warning',
  });
  const output = result.outputFiles.find((file) => file.path === outfile) ?? result.outputFiles[0];
  await mkdir(dirname(outfile), { recursive: true });
  const temporary = `${outfile}.${process.pid}.${Date.now()}.tmp`;
  try {
    await writeFile(temporary, output.contents, { mode: 0o755 });
    await rename(temporary, outfile);
  } catch (error) {
    await rm(temporary, { force: true });
    throw error;
  }
  return { outfile, bytes: output.contents.length };
}

/**
 * The agent exactly as Kiln ships it (the build, `npm start` and the benches use this): minified, which is what the
 * instances run and what the memory bench must measure.
 * @param {string} [outfile]
 */
export function buildShippedAgent(outfile = AGENT_BUNDLE_PATH) {
  return buildAgent({ minify: true, outfile });
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  const { outfile, bytes } = await buildAgent({ minify: process.argv.includes('--minify') });
  console.log(`built ${outfile} (${(bytes / 1024).toFixed(0)} KiB)`);
}
