/**
 * A local stand-in for https://nodejs.org/dist/ on 127.0.0.1 (these machines have no internet): the same folder
 * layout, a SHASUMS256.txt of the real shape, and a tiny fake Linux release whose bin/node is a shell script that
 * answers like Node.js 20 (so nothing ever replaces or runs a real Node.js from it).
 */
import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { chmod, mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';

export const STAND_IN_VERSION = '20.18.1';
export const LINUX_X64_FILE = `node-v${STAND_IN_VERSION}-linux-x64.tar.xz`;
export const WIN_X64_FILE = `node-v${STAND_IN_VERSION}-win-x64.zip`;
/** Listed, never downloaded here (the Windows bootstrap does not run on these machines). */
export const WIN_X64_SHA256 = '9'.repeat(64);

export interface NodeDistStandIn {
  /** The dist URL, as KILN_NODE_DIST_URL would be set: `http://127.0.0.1:<port>/dist/`. */
  distUrl: string;
  linuxX64Sha256: string;
  /** Request paths, in order. */
  requests: string[];
  close(): Promise<void>;
}

async function fakeLinuxRelease(dir: string): Promise<Buffer> {
  const top = `node-v${STAND_IN_VERSION}-linux-x64`;
  await mkdir(path.join(dir, top, 'bin'), { recursive: true });
  // Answers the bootstrap's two questions: the version check (`-e`) and `--version`.
  await writeFile(
    path.join(dir, top, 'bin', 'node'),
    `#!/bin/bash\n[ "$1" = --version ] && echo v${STAND_IN_VERSION}\nexit 0\n`,
  );
  await chmod(path.join(dir, top, 'bin', 'node'), 0o755);
  const file = path.join(dir, LINUX_X64_FILE);
  execFileSync('tar', ['-cJf', file, '-C', dir, top]);
  return readFile(file);
}

export async function startNodeDistStandIn(): Promise<NodeDistStandIn> {
  const dir = await mkdtemp(path.join(os.tmpdir(), 'kiln-node-dist-'));
  const tarball = await fakeLinuxRelease(dir);
  const linuxX64Sha256 = createHash('sha256').update(tarball).digest('hex');
  const shasums = [
    `${'1'.repeat(64)}  node-v${STAND_IN_VERSION}-darwin-arm64.tar.gz`,
    `${'2'.repeat(64)}  node-v${STAND_IN_VERSION}-linux-x64.tar.gz`,
    `${linuxX64Sha256}  ${LINUX_X64_FILE}`,
    `${WIN_X64_SHA256}  ${WIN_X64_FILE}`,
    `${'3'.repeat(64)}  win-x64/node.exe`,
    '',
  ].join('\n');
  const requests: string[] = [];
  const server = createServer((req, res) => {
    requests.push(req.url ?? '');
    if (req.url === '/dist/latest-v20.x/SHASUMS256.txt') res.end(shasums);
    else if (req.url === `/dist/v${STAND_IN_VERSION}/${LINUX_X64_FILE}`) res.end(tarball);
    else res.writeHead(404).end();
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    distUrl: `http://127.0.0.1:${(server.address() as AddressInfo).port}/dist/`,
    linuxX64Sha256,
    requests,
    async close() {
      await new Promise<void>((resolve) => server.close(() => resolve()));
      await rm(dir, { recursive: true, force: true });
    },
  };
}

/** A loopback URL where nothing listens: an unreachable mirror. */
export async function unreachableUrl(): Promise<string> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return `http://127.0.0.1:${port}/dist/`;
}
