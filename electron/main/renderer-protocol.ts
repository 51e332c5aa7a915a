/**
 * The `kiln://app` protocol that serves the built renderer. Every answer carries the Content Security Policy as a
 * response header: the renderer's meta tag cannot express `frame-ancestors` (ignored in a meta tag), and a header
 * does not depend on the page keeping its tag.
 */
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { CONTENT_SECURITY_POLICY } from '../common/content-security-policy';

/** The renderer's policy, the same header as web mode's: complete, also what a meta tag cannot say. */
export const DESKTOP_CONTENT_SECURITY_POLICY = CONTENT_SECURITY_POLICY;

const SECURITY_HEADERS: Record<string, string> = {
  'content-security-policy': DESKTOP_CONTENT_SECURITY_POLICY,
  'x-content-type-options': 'nosniff',
  'referrer-policy': 'no-referrer',
  'cross-origin-opener-policy': 'same-origin',
  'cross-origin-resource-policy': 'same-origin',
};

export interface RendererProtocolOptions {
  /** The built renderer (`dist/renderer`); nothing outside it is served. */
  rendererDir: string;
  /** The host the renderer is served from (`app` in `kiln://app`). */
  host: string;
  /** Reads a `file://` URL (Electron's `net.fetch`); rejects when the file does not exist. */
  fetchFile: (fileUrl: string) => Promise<Response>;
}

/** The handler for `protocol.handle('kiln', …)`. */
export function createRendererProtocolHandler(
  options: RendererProtocolOptions,
): (request: Request) => Promise<Response> {
  const root = path.resolve(options.rendererDir);
  return async (request) => {
    const url = new URL(request.url);
    if (url.host !== options.host) return answer(404, 'Not found');
    if (request.method !== 'GET' && request.method !== 'HEAD') return answer(405, 'Method not allowed');
    let relative: string;
    try {
      relative = url.pathname === '/' ? 'index.html' : `.${decodeURIComponent(url.pathname)}`;
    } catch {
      return answer(400, 'Malformed URL');
    }
    const file = path.resolve(root, relative);
    if (!file.startsWith(root + path.sep)) return answer(404, 'Not found');
    let response: Response;
    try {
      response = await options.fetchFile(pathToFileURL(file).href);
    } catch {
      return answer(404, 'Not found');
    }
    const headers = new Headers(response.headers);
    for (const [name, value] of Object.entries(SECURITY_HEADERS)) headers.set(name, value);
    return new Response(response.body, { status: response.status, statusText: response.statusText, headers });
  };
}

function answer(status: number, text: string): Response {
  return new Response(text, { status, headers: { ...SECURITY_HEADERS, 'content-type': 'text/plain; charset=utf-8' } });
}
