// The desktop package as electron-builder makes it, checked where the Electron binary cannot be downloaded: a
// `--dir` build against a stub Electron distribution (a script named `electron`), with any network access made to
// fail, then the packaged app.asar's file list. Needs the build (`npm run build`), as `npm test` runs it first.
import { execFile } from 'node:child_process';
import { chmod, mkdir, mkdtemp, readFile, rm, symlink, writeFile } from 'node:fs/promises';
import { existsSync } from 'node:fs';
import { isBuiltin } from 'node:module';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { extractFile, listPackage } from '@electron/asar';
import { build } from 'esbuild';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { REPO_ROOT } from '../../support/sandbox-backend';

const run = promisify(execFile);
let work = '';
let appDir = '';
let files: string[] = [];

beforeAll(async () => {
  for (const built of [
    'dist/electron/main.cjs',
    'dist/electron/preload.cjs',
    'dist/renderer/index.html',
    'dist/agent/kiln-agent.cjs',
    'dist/cli/kiln.cjs',
  ]) {
    if (!existsSync(path.join(REPO_ROOT, built))) throw new Error(`${built} is missing: run \`npm run build\` first.`);
  }
  work = await mkdtemp(path.join(os.tmpdir(), 'kiln-package-'));
  const stub = path.join(work, 'electron-dist');
  await mkdir(stub);
  // The stub says how it was run, so that the `kiln` wrapper's call of the app's runtime can be checked.
  await writeFile(
    path.join(stub, 'electron'),
    '#!/bin/sh\necho "stub Electron for packaging tests" >&2\necho "ELECTRON_RUN_AS_NODE=$ELECTRON_RUN_AS_NODE"\nfor a in "$@"; do echo "arg=$a"; done\n',
  );
  await chmod(path.join(stub, 'electron'), 0o755);
  const output = path.join(work, 'release');
  const offline = 'http://127.0.0.1:9';
  await run(
    process.execPath,
    [
      path.join(REPO_ROOT, 'node_modules', 'electron-builder', 'cli.js'),
      '--linux',
      'dir',
      '--publish',
      'never',
      `-c.electronDist=${stub}`,
      `-c.directories.output=${output}`,
    ],
    {
      cwd: REPO_ROOT,
      timeout: 120_000,
      env: {
        ...process.env,
        HTTPS_PROXY: offline,
        HTTP_PROXY: offline,
        https_proxy: offline,
        http_proxy: offline,
        ELECTRON_BUILDER_CACHE: path.join(work, 'cache'),
      },
    },
  );
  appDir = path.join(output, 'linux-unpacked');
  files = listPackage(path.join(appDir, 'resources', 'app.asar'), { isPack: false }).map((f) =>
    f.split(path.sep).join('/'),
  );
}, 150_000);
afterAll(() => (work ? rm(work, { recursive: true, force: true }) : undefined));

describe('desktop package (electron-builder --dir)', () => {
  it('names the executable and holds the app in app.asar', () => {
    expect(existsSync(path.join(appDir, 'kiln'))).toBe(true);
    expect(existsSync(path.join(appDir, 'resources', 'app.asar'))).toBe(true);
  });

  it('contains the built output the app reads at run time', () => {
    for (const file of [
      '/package.json',
      '/dist/electron/main.cjs',
      '/dist/electron/preload.cjs',
      '/dist/renderer/index.html',
      '/dist/agent/kiln-agent.cjs',
      '/dist/cli/kiln.cjs',
      '/assets/bootstrap/linux.sh',
      '/assets/bootstrap/windows.ps1',
      '/assets/sandbox/moto_launcher.py',
      '/assets/icons/png/512x512.png',
    ]) {
      expect(files, file).toContain(file);
    }
    expect(files.some((f) => /^\/dist\/renderer\/assets\/index-[\w-]+\.js$/.test(f))).toBe(true);
  });

  it('contains nothing else: no sources, tests, tools, node_modules, web mode bundle or source maps', () => {
    const allowed = [
      /^\/package\.json$/,
      /^\/dist(\/(electron|renderer|agent|cli)(\/.*)?)?$/,
      /^\/assets(\/(bootstrap|sandbox)(\/.*)?)?$/,
      /^\/assets\/icons(\/png(\/512x512\.png)?)?$/,
    ];
    expect(files.filter((f) => !allowed.some((pattern) => pattern.test(f)))).toEqual([]);
    expect(
      files.filter((f) => /node_modules|\.ts$|\.map$|\/test\/|\/scripts\/|__pycache__|\/dist\/server/.test(f)),
    ).toEqual([]);
  });

  it('puts the sandbox launcher beside the archive, where Python can read it', () => {
    expect(
      existsSync(path.join(appDir, 'resources', 'app.asar.unpacked', 'assets', 'sandbox', 'moto_launcher.py')),
    ).toBe(true);
  });

  it("ships the `kiln` command line, run by the app's own runtime as plain Node", async () => {
    const wrapper = path.join(appDir, 'resources', 'bin', 'kiln');
    const link = path.join(work, 'bin', 'kiln');
    await mkdir(path.dirname(link), { recursive: true });
    await symlink(wrapper, link); // as a package manager links it onto PATH
    const { stdout } = await run(link, ['list', '--json']);
    expect(stdout.split('\n')).toEqual([
      'ELECTRON_RUN_AS_NODE=1',
      `arg=${path.join(appDir, 'resources', 'app.asar', 'dist', 'cli', 'kiln.cjs')}`,
      'arg=list',
      'arg=--json',
      '',
    ]);
    expect(files).toContain('/dist/cli/kiln.cjs');
    expect((await readFile(path.join(appDir, 'resources', 'bin', 'kiln.cmd'), 'utf8')).split('\r\n')).toContain(
      '"%~dp0..\\..\\Kiln.exe" "%~dp0..\\app.asar\\dist\\cli\\kiln.cjs" %*',
    );
  });

  it('starts dist/electron/main.cjs and declares no dev tooling', async () => {
    const manifest = JSON.parse(
      extractFile(path.join(appDir, 'resources', 'app.asar'), 'package.json').toString('utf8'),
    ) as Record<string, unknown>;
    expect(manifest.main).toBe('dist/electron/main.cjs');
    expect(manifest.devDependencies).toBeUndefined();
    expect(manifest.scripts).toBeUndefined();
    expect((JSON.parse(await readFile(path.join(REPO_ROOT, 'package.json'), 'utf8')) as { main: string }).main).toBe(
      'dist/electron/main.cjs',
    );
  });

  it('needs no node_modules: the bundles import only Node built-ins, electron and optional native addons', async () => {
    const { bundles } = (await import(path.join(REPO_ROOT, 'scripts', 'build.mjs'))) as {
      bundles: Record<string, object>;
    };
    for (const name of ['main', 'preload', 'cli']) {
      const result = await build({ ...bundles[name], write: false, metafile: true, logLevel: 'silent' });
      const externals = Object.values(result.metafile.outputs).flatMap((output) =>
        output.imports.filter((i) => i.external).map((i) => i.path),
      );
      const unbundled = [...new Set(externals)].filter(
        (p) => !isBuiltin(p) && p !== 'electron' && !p.endsWith('.node'),
      );
      expect(unbundled, name).toEqual([]);
    }
  }, 60_000);
});
