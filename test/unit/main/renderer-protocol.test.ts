import { mkdir, mkdtemp, readFile, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { beforeAll, describe, expect, it } from 'vitest';
import {
  createRendererProtocolHandler,
  DESKTOP_CONTENT_SECURITY_POLICY,
} from '../../../electron/main/renderer-protocol';

// Electron's net.fetch(file://…) cannot run here: a reader of the same shape (rejects for a missing file, as it does).
const fetched: string[] = [];
const fetchFile = async (fileUrl: string) => {
  fetched.push(fileUrl);
  const body = await readFile(fileURLToPath(fileUrl));
  return new Response(body, { headers: { 'content-type': fileUrl.endsWith('.js') ? 'text/javascript' : 'text/html' } });
};

let rendererDir = '';
let handle: (request: Request) => Promise<Response>;
beforeAll(async () => {
  const root = await mkdtemp(path.join(os.tmpdir(), 'kiln-protocol-'));
  rendererDir = path.join(root, 'renderer');
  await mkdir(path.join(rendererDir, 'assets'), { recursive: true });
  await writeFile(path.join(rendererDir, 'index.html'), '<!doctype html><title>Kiln</title>');
  await writeFile(path.join(rendererDir, 'assets', 'app one.js'), 'console.log(1)');
  await writeFile(path.join(root, 'secret.txt'), 'not for the renderer');
  handle = createRendererProtocolHandler({ rendererDir, host: 'app', fetchFile });
});

describe('kiln:// protocol handler', () => {
  it('sends the CSP as a response header, with form-action and frame-ancestors', async () => {
    const response = await handle(new Request('kiln://app/index.html?session=1'));
    expect(response.status).toBe(200);
    expect(await response.text()).toContain('<title>Kiln</title>');
    expect(response.headers.get('content-security-policy')).toBe(DESKTOP_CONTENT_SECURITY_POLICY);
    expect(DESKTOP_CONTENT_SECURITY_POLICY).toContain("form-action 'none'");
    expect(DESKTOP_CONTENT_SECURITY_POLICY).toContain("frame-ancestors 'none'");
    expect(DESKTOP_CONTENT_SECURITY_POLICY).toContain("script-src 'self'");
    expect(response.headers.get('content-type')).toBe('text/html');
    expect(response.headers.get('x-content-type-options')).toBe('nosniff');
  });

  it('serves the root as index.html and decodes file names', async () => {
    expect(await (await handle(new Request('kiln://app/'))).text()).toContain('<title>Kiln</title>');
    const script = await handle(new Request('kiln://app/assets/app%20one.js'));
    expect(await script.text()).toBe('console.log(1)');
    expect(script.headers.get('content-security-policy')).toBe(DESKTOP_CONTENT_SECURITY_POLICY);
  });

  it('serves nothing outside the renderer, other hosts, or malformed paths, and its refusals carry the CSP too', async () => {
    fetched.length = 0;
    for (const [url, status] of [
      ['kiln://app/..%2fsecret.txt', 404],
      ['kiln://app/%2e%2e/secret.txt', 404],
      ['kiln://other/index.html', 404],
      ['kiln://app/missing.js', 404],
      ['kiln://app/%E0%A4%A', 400],
    ] as const) {
      const response = await handle(new Request(url));
      expect(response.status, url).toBe(status);
      expect(response.headers.get('content-security-policy'), url).toBe(DESKTOP_CONTENT_SECURITY_POLICY);
    }
    expect(fetched.every((url) => fileURLToPath(url).startsWith(rendererDir + path.sep))).toBe(true);
    expect((await handle(new Request('kiln://app/index.html', { method: 'POST', body: 'x' }))).status).toBe(405);
  });
});
