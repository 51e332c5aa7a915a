import { describe, expect, it } from 'vitest';
import { KilnFailure } from '../../../../electron/common/result';
import {
  createNodeRuntimeResolver,
  nodeDistTarget,
  nodeRuntimeForLaunch,
  normalizeDistUrl,
  parseShasums,
  pickNodeFile,
  type NodeRuntimeResolver,
} from '../../../../electron/core/launch/node-runtime';

const sha = (c: string) => c.repeat(64);
/** The shape of nodejs.org/dist/latest-v20.x/SHASUMS256.txt: two spaces, then the file name (some in subfolders). */
const SHASUMS = [
  `${sha('1')}  node-v20.18.1-aix-ppc64.tar.gz`,
  `${sha('2')}  node-v20.18.1-darwin-arm64.tar.gz`,
  `${sha('3')}  node-v20.18.1-headers.tar.gz`,
  `${sha('4')}  node-v20.18.1-linux-arm64.tar.gz`,
  `${sha('5')}  node-v20.18.1-linux-arm64.tar.xz`,
  `${sha('6')}  node-v20.18.1-linux-x64.tar.gz`,
  `${sha('7')}  node-v20.18.1-linux-x64.tar.xz`,
  `${sha('8')}  node-v20.18.1-win-x64.7z`,
  `${sha('9')}  node-v20.18.1-win-x64.zip`,
  `${sha('a')}  node-v20.18.1-x64.msi`,
  `${sha('b')}  node-v20.18.1.pkg`,
  `${sha('c')}  node-v20.18.1.tar.xz`,
  `${sha('d')}  win-x64/node.exe`,
  '',
].join('\n');

function standIn(body: () => Promise<Response>): { fetch: typeof fetch; urls: string[] } {
  const urls: string[] = [];
  return {
    urls,
    fetch: async (input: string | URL | Request) => {
      urls.push(input instanceof Request ? input.url : String(input));
      return body();
    },
  };
}

describe('parseShasums', () => {
  it('reads every "<sha256>  <file>" line and skips anything else', () => {
    const files = parseShasums(`-----BEGIN PGP SIGNED MESSAGE-----\nHash: SHA256\n\n${SHASUMS.replace(/\n/g, '\r\n')}`);
    expect(files).toHaveLength(13);
    expect(files[6]).toEqual({ sha256: sha('7'), fileName: 'node-v20.18.1-linux-x64.tar.xz' });
    expect(files[12]).toEqual({ sha256: sha('d'), fileName: 'win-x64/node.exe' });
  });

  it('lowercases the hash and accepts the binary-mode marker of sha256sum', () => {
    expect(parseShasums(`${'A'.repeat(64)} *node-v20.1.0-win-x64.zip`)).toEqual([
      { sha256: sha('a'), fileName: 'node-v20.1.0-win-x64.zip' },
    ]);
  });
});

describe('picking the release file', () => {
  it('maps EC2 architectures to Node.js builds, and has none for others', () => {
    expect(nodeDistTarget('linux', 'x86_64')).toEqual({ os: 'linux', arch: 'x64', ext: 'tar.xz' });
    expect(nodeDistTarget('linux', 'arm64')).toEqual({ os: 'linux', arch: 'arm64', ext: 'tar.xz' });
    expect(nodeDistTarget('windows', 'x86_64')).toEqual({ os: 'win', arch: 'x64', ext: 'zip' });
    expect(nodeDistTarget('linux', 'i386')).toBeUndefined();
  });

  it('finds the exact file of the major, the newest when several are listed', () => {
    const files = parseShasums(
      `${SHASUMS}\n${sha('e')}  node-v20.9.0-linux-x64.tar.xz\n${sha('f')}  node-v22.1.0-linux-x64.tar.xz`,
    );
    expect(pickNodeFile(files, nodeDistTarget('linux', 'x86_64')!, 20)).toEqual({
      fileName: 'node-v20.18.1-linux-x64.tar.xz',
      sha256: sha('7'),
      version: '20.18.1',
    });
    expect(pickNodeFile(files, nodeDistTarget('windows', 'x86_64')!, 20)?.fileName).toBe('node-v20.18.1-win-x64.zip');
    expect(pickNodeFile(files, nodeDistTarget('linux', 'x86_64')!, 22)?.version).toBe('22.1.0');
    expect(pickNodeFile(files, nodeDistTarget('windows', 'arm64')!, 20)).toBeUndefined();
  });
});

describe('createNodeRuntimeResolver', () => {
  it('builds the URL in the versioned folder of the dist URL and fetches the list once', async () => {
    const server = standIn(async () => new Response(SHASUMS));
    const resolver = createNodeRuntimeResolver({ distUrl: 'https://mirror.test/node', fetch: server.fetch });
    expect(await resolver.resolve('linux', 'arm64')).toEqual({
      url: 'https://mirror.test/node/v20.18.1/node-v20.18.1-linux-arm64.tar.xz',
      sha256: sha('5'),
      version: '20.18.1',
    });
    expect((await resolver.resolve('windows', 'x86_64')).url).toBe(
      'https://mirror.test/node/v20.18.1/node-v20.18.1-win-x64.zip',
    );
    expect(server.urls).toEqual(['https://mirror.test/node/latest-v20.x/SHASUMS256.txt']);
  });

  it('refuses a dist URL the bootstraps cannot use, when it is created', () => {
    expect(() => createNodeRuntimeResolver({ distUrl: 'mirror.example/node' })).toThrow('KILN_NODE_DIST_URL');
    expect(() => createNodeRuntimeResolver({ distUrl: 'ftp://mirror.example/node/' })).toThrow(
      'plain http or https URL',
    );
    expect(() => createNodeRuntimeResolver({ distUrl: "https://mirror.example/it's/" })).toThrow(
      'plain http or https URL',
    );
  });

  it('refuses plain http except on a loopback host', () => {
    expect(() => normalizeDistUrl('http://mirror.example/node/')).toThrow('Use an https URL');
    expect(() => normalizeDistUrl('http://10.0.0.5/dist/')).toThrow('KILN_NODE_DIST_URL');
    expect(() => normalizeDistUrl('http://127.evil.example/dist/')).toThrow('plain http');
    expect(normalizeDistUrl('http://127.0.0.1:8080/dist')).toBe('http://127.0.0.1:8080/dist/');
    expect(normalizeDistUrl('http://127.1.2.3/dist/')).toBe('http://127.1.2.3/dist/');
    expect(normalizeDistUrl('http://[::1]:9000/dist/')).toBe('http://[::1]:9000/dist/');
    expect(normalizeDistUrl('https://mirror.example/node')).toBe('https://mirror.example/node/');
  });

  it('defaults to nodejs.org, and its remedy names KILN_NODE_DIST_URL', async () => {
    const server = standIn(async () => {
      throw new TypeError('fetch failed', { cause: new Error('getaddrinfo ENOTFOUND nodejs.org') });
    });
    const failure = await createNodeRuntimeResolver({ fetch: server.fetch })
      .resolve('linux', 'x86_64')
      .catch((e: unknown) => e);
    expect(server.urls).toEqual(['https://nodejs.org/dist/latest-v20.x/SHASUMS256.txt']);
    expect(failure).toBeInstanceOf(KilnFailure);
    expect((failure as KilnFailure).error).toMatchObject({
      code: 'NodeRuntimeUnavailable',
      message: expect.stringContaining('ENOTFOUND nodejs.org'),
      remedy: expect.stringContaining('KILN_NODE_DIST_URL'),
    });
  });

  it('does not keep a failure: the next launch asks again', async () => {
    let calls = 0;
    const server = standIn(async () => (++calls === 1 ? new Response('gone', { status: 503 }) : new Response(SHASUMS)));
    const resolver = createNodeRuntimeResolver({ distUrl: 'https://mirror.test/', fetch: server.fetch });
    await expect(resolver.resolve('linux', 'x86_64')).rejects.toThrow('answered HTTP 503');
    expect((await resolver.resolve('linux', 'x86_64')).sha256).toBe(sha('7'));
    expect(calls).toBe(2);
  });

  it('gives up after the timeout', async () => {
    const hanging = ((_url: string, init?: RequestInit) =>
      new Promise((_resolve, reject) =>
        init?.signal?.addEventListener('abort', () => {
          const reason: unknown = init.signal!.reason;
          reject(reason instanceof Error ? reason : new Error(String(reason)));
        }),
      )) as typeof fetch;
    const resolver = createNodeRuntimeResolver({ distUrl: 'https://mirror.test/', fetch: hanging, timeoutMs: 50 });
    await expect(resolver.resolve('linux', 'x86_64')).rejects.toThrow('no answer within 0.05 s');
  });

  it('gives up on a list that stops arriving mid-answer', async () => {
    const stalled = ((_url: string, init?: RequestInit) => {
      const body = new ReadableStream<Uint8Array>({
        start(controller) {
          controller.enqueue(new TextEncoder().encode(SHASUMS.slice(0, 100)));
          init?.signal?.addEventListener('abort', () => controller.error(init.signal!.reason));
        },
      });
      return Promise.resolve(new Response(body));
    }) as typeof fetch;
    const resolver = createNodeRuntimeResolver({ distUrl: 'https://mirror.test/', fetch: stalled, timeoutMs: 50 });
    await expect(resolver.resolve('linux', 'x86_64')).rejects.toThrow('no answer within 0.05 s');
  });

  it('refuses a list without the file, or that is not a SHASUMS256.txt', async () => {
    const partial = createNodeRuntimeResolver({
      distUrl: 'https://mirror.test/',
      fetch: standIn(async () => new Response(`${sha('1')}  node-v20.18.1-linux-x64.tar.xz`)).fetch,
    });
    await expect(partial.resolve('windows', 'x86_64')).rejects.toThrow('lists no Node.js 20 file for win-x64 (.zip)');
    const html = createNodeRuntimeResolver({
      distUrl: 'https://mirror.test/',
      fetch: standIn(async () => new Response('<html>login</html>')).fetch,
    });
    await expect(html.resolve('linux', 'x86_64')).rejects.toThrow('is not a Node.js SHASUMS256.txt');
  });
});

describe('nodeRuntimeForLaunch', () => {
  const failing: NodeRuntimeResolver = {
    resolve: async () => {
      throw new KilnFailure({ code: 'NodeRuntimeUnavailable', message: 'No list.', remedy: 'Set KILN_NODE_DIST_URL.' });
    },
  };
  const never: NodeRuntimeResolver = {
    resolve: async () => {
      throw new Error('must not be asked');
    },
  };

  it('asks nothing where the instance uses the host Node.js (the sandbox)', async () => {
    expect(await nodeRuntimeForLaunch(never, { platform: 'windows', architecture: 'x86_64' }, true)).toEqual({});
  });

  it('passes the release when it resolves', async () => {
    const runtime = {
      url: 'https://mirror.test/v20.18.1/node-v20.18.1-linux-x64.tar.xz',
      sha256: sha('7'),
      version: '20.18.1',
    };
    expect(
      await nodeRuntimeForLaunch(
        { resolve: async () => runtime },
        { platform: 'linux', architecture: 'x86_64' },
        false,
      ),
    ).toEqual({ runtime });
  });

  it('lets Linux go on with a warning, and refuses Windows', async () => {
    const linux = await nodeRuntimeForLaunch(failing, { platform: 'linux', architecture: 'x86_64' }, false);
    expect(linux.runtime).toBeUndefined();
    expect(linux.warning).toMatchObject({ code: 'NodeRuntimeUnavailable', remedy: 'Set KILN_NODE_DIST_URL.' });
    expect(linux.warning!.message).toMatch(/^No list\. .*Ubuntu 22\.04/);
    await expect(nodeRuntimeForLaunch(failing, { platform: 'windows', architecture: 'x86_64' }, false)).rejects.toThrow(
      'No list.',
    );
  });
});
