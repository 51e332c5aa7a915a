import { mkdtemp, writeFile } from 'node:fs/promises';
import { request } from 'node:http';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CommandHandlers } from '../../../electron/common/contract';
import { createEventBus } from '../../../electron/core/backend';
import { CONTENT_SECURITY_POLICY, createWebServer } from '../../../electron/server/web-server';
import { createWebApi } from '../../../renderer/src/api/web-transport';

const TOKEN = 'test-session-token';
const events = createEventBus();
const handlers = {
  'launch.list': async () => ({ ok: true, value: [] }),
  'regions.list': async ({ profileId }: { profileId: string }) => ({ ok: true, value: [{ name: `for-${profileId}` }] }),
  // A backend answering outside the contract (as one of another version could): an image id that is a number.
  'images.quickStart': async () => ({ ok: true, value: [{ imageId: 42 }] }),
} as unknown as CommandHandlers;
let server: ReturnType<typeof createWebServer>;
let port = 0;

function raw(options: { path: string; method?: string; headers?: Record<string, string>; body?: string }) {
  return new Promise<{ status: number; headers: Record<string, unknown>; body: string }>((resolve, reject) => {
    const req = request(
      { host: '127.0.0.1', port, path: options.path, method: options.method ?? 'GET', headers: options.headers },
      (res) => {
        let body = '';
        res.on('data', (c) => (body += c));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body }));
      },
    );
    req.on('error', reject);
    req.end(options.body);
  });
}
const auth = () => ({ authorization: `Bearer ${TOKEN}`, 'content-type': 'application/json' });

beforeAll(async () => {
  const staticDir = await mkdtemp(path.join(os.tmpdir(), 'kiln-static-'));
  await writeFile(path.join(staticDir, 'index.html'), '<!doctype html><title>Kiln</title>');
  server = createWebServer({ handlers, events, staticDir, token: TOKEN, log: () => undefined });
  ({ port } = await server.listen(0));
});
afterAll(() => server.close());

describe('web mode server', () => {
  it('serves the renderer with a strict CSP and no path traversal', async () => {
    const index = await raw({ path: '/', headers: { host: `127.0.0.1:${port}` } });
    expect(index.status).toBe(200);
    expect(index.headers['content-security-policy']).toBe(CONTENT_SECURITY_POLICY);
    expect(index.body).toContain('<title>Kiln</title>');
    const traversal = await raw({ path: '/..%2f..%2fetc%2fpasswd', headers: { host: `127.0.0.1:${port}` } });
    expect(traversal.status).toBe(404);
  });

  it('requires the session token on every API call', async () => {
    const none = await raw({
      path: '/api/commands/launch.list',
      method: 'POST',
      headers: { host: `127.0.0.1:${port}` },
      body: '{}',
    });
    expect(none.status).toBe(401);
    const wrong = await raw({
      path: '/api/commands/launch.list',
      method: 'POST',
      headers: { host: `127.0.0.1:${port}`, authorization: 'Bearer nope' },
      body: '{}',
    });
    expect(wrong.status).toBe(401);
    const events = await raw({ path: '/api/events', headers: { host: `127.0.0.1:${port}` } });
    expect(events.status).toBe(401);
  });

  it('refuses foreign Host and Origin headers (DNS rebinding, cross-site requests)', async () => {
    const rebinding = await raw({
      path: '/api/commands/launch.list',
      method: 'POST',
      headers: { ...auth(), host: `evil.example:${port}` },
      body: '{}',
    });
    expect(rebinding.status).toBe(421);
    const crossSite = await raw({
      path: '/api/commands/launch.list',
      method: 'POST',
      headers: { ...auth(), host: `127.0.0.1:${port}`, origin: 'https://evil.example' },
      body: '{}',
    });
    expect(crossSite.status).toBe(403);
  });

  it('answers malformed bodies and unknown commands with clear errors', async () => {
    const headers = { ...auth(), host: `127.0.0.1:${port}` };
    const notJson = await raw({ path: '/api/commands/launch.list', method: 'POST', headers, body: '{nope' });
    expect(JSON.parse(notJson.body)).toMatchObject({ ok: false, error: { code: 'InvalidJson' } });
    const unknown = await raw({ path: '/api/commands/launch.nothing', method: 'POST', headers, body: '{}' });
    expect(JSON.parse(unknown.body)).toMatchObject({ ok: false, error: { code: 'UnknownCommand' } });
    const invalid = await raw({
      path: '/api/commands/regions.list',
      method: 'POST',
      headers,
      body: '{"profileId": 5}',
    });
    expect(JSON.parse(invalid.body)).toMatchObject({ ok: false, error: { code: 'InvalidInput', field: 'profileId' } });
  });

  it('carries commands and events end to end through the renderer web transport', async () => {
    const api = createWebApi({ baseUrl: `http://127.0.0.1:${port}`, token: TOKEN, reconnectDelayMs: 100 });
    try {
      expect(await api['regions.list']({ profileId: 'p1' })).toEqual({ ok: true, value: [{ name: 'for-p1' }] });
      const received: unknown[] = [];
      const dispose = api.on('launch.log', (payload) => received.push(payload));
      const payload = {
        launchId: 'l1',
        lines: [{ seq: 1, ts: '2026-01-01T00:00:00Z', stream: 'stdout' as const, text: 'hi' }],
      };
      const deadline = Date.now() + 5_000;
      while (received.length === 0 && Date.now() < deadline) {
        events.emit('launch.log', payload);
        await new Promise((r) => setTimeout(r, 50));
      }
      expect(received[0]).toEqual(payload);
      dispose();
    } finally {
      api.close();
    }
  });

  it('checks each answer against the contract and turns a malformed one into a clear error', async () => {
    const api = createWebApi({ baseUrl: `http://127.0.0.1:${port}`, token: TOKEN, reconnectDelayMs: 60_000 });
    try {
      const answer = await api['images.quickStart']({ profileId: 'p1', region: 'us-east-1' });
      expect(answer).toMatchObject({ ok: false, error: { code: 'InvalidResponse' } });
      expect(answer.ok || answer.error.message).toMatch(/^The Kiln backend answered images\.quickStart with something/);
      expect(answer.ok || answer.error.message).toContain('0.imageId');
    } finally {
      api.close();
    }
  });

  it('tells the renderer when its token is wrong', async () => {
    const api = createWebApi({ baseUrl: `http://127.0.0.1:${port}`, token: 'wrong', reconnectDelayMs: 60_000 });
    try {
      expect(await api['launch.list']({})).toMatchObject({ ok: false, error: { code: 'Unauthorized' } });
    } finally {
      api.close();
    }
  });
});

describe('web mode server, answers a real client can read', () => {
  const small = createWebServer({
    handlers,
    events,
    staticDir: os.tmpdir(),
    token: TOKEN,
    log: () => undefined,
    maxBodyBytes: 1024,
  });
  let smallPort = 0;
  beforeAll(async () => void ({ port: smallPort } = await small.listen(0)));
  afterAll(() => small.close());

  it('answers an oversized body with a 413 the client receives (fetch and node:http), not a reset', async () => {
    const body = JSON.stringify({ padding: 'x'.repeat(2 * 1024 * 1024) });
    const response = await fetch(`http://127.0.0.1:${smallPort}/api/commands/launch.list`, {
      method: 'POST',
      headers: { authorization: `Bearer ${TOKEN}`, 'content-type': 'application/json' },
      body,
    });
    expect(response.status).toBe(413);
    expect(await response.json()).toMatchObject({ ok: false, error: { code: 'PayloadTooLarge' } });

    const viaHttp = await new Promise<{ status: number; body: string }>((resolve, reject) => {
      const req = request(
        {
          host: '127.0.0.1',
          port: smallPort,
          path: '/api/commands/launch.list',
          method: 'POST',
          headers: { authorization: `Bearer ${TOKEN}` },
        },
        (res) => {
          let text = '';
          res.on('data', (c) => (text += c));
          res.on('end', () => resolve({ status: res.statusCode ?? 0, body: text }));
        },
      );
      req.on('error', reject);
      // Streamed in chunks, without a content-length: the limit is found while reading.
      for (let i = 0; i < 64; i++) req.write('y'.repeat(32 * 1024));
      req.end();
    });
    expect(viaHttp.status).toBe(413);
    expect(JSON.parse(viaHttp.body)).toMatchObject({ error: { code: 'PayloadTooLarge' } });

    // The server still answers afterwards.
    const after = await fetch(`http://127.0.0.1:${smallPort}/api/commands/launch.list`, {
      method: 'POST',
      headers: { authorization: `Bearer ${TOKEN}`, 'content-type': 'application/json' },
      body: '{}',
    });
    expect(await after.json()).toEqual({ ok: true, value: [] });
  });

  it('answers 413 before the body is sent to a client that expects 100-continue', async () => {
    const result = await new Promise<{ status: number; continued: boolean }>((resolve, reject) => {
      let continued = false;
      const req = request({
        host: '127.0.0.1',
        port: smallPort,
        path: '/api/commands/launch.list',
        method: 'POST',
        headers: {
          authorization: `Bearer ${TOKEN}`,
          expect: '100-continue',
          'content-length': String(10 * 1024 * 1024),
        },
      });
      req.on('continue', () => (continued = true));
      req.on('response', (res) => {
        res.resume();
        res.on('end', () => resolve({ status: res.statusCode ?? 0, continued }));
        req.destroy();
      });
      req.on('error', (error) => (continued ? undefined : reject(error)));
      req.flushHeaders();
    });
    expect(result).toEqual({ status: 413, continued: false });
  });

  it('answers a malformed URL with 400 instead of failing with 500', async () => {
    for (const path of ['/%E0%A4%A', '/assets/%ZZ.js', '/%C0%AF']) {
      const response = await raw({ path, headers: { host: `127.0.0.1:${port}` } });
      expect(response.status, path).toBe(400);
      expect(response.headers['content-security-policy']).toBe(CONTENT_SECURITY_POLICY);
    }
    const api = await raw({
      path: '/api/commands/%E0%A4%A',
      method: 'POST',
      headers: { ...auth(), host: `127.0.0.1:${port}` },
      body: '{}',
    });
    expect(api.status).toBe(400);
  });
});
