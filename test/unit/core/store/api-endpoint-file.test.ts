import { mkdtemp, stat, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  apiEndpointFile,
  publishApiEndpoint,
  readApiEndpoint,
} from '../../../../electron/core/store/api-endpoint-file';

const endpoint = { url: 'http://127.0.0.1:43123', token: 't'.repeat(32), pid: process.pid };

describe('api.json', () => {
  it('is written for the user only and removed by its publisher', async () => {
    const dir = await mkdtemp(path.join(os.tmpdir(), 'kiln-api-'));
    const unpublish = await publishApiEndpoint(dir, endpoint);
    expect((await stat(apiEndpointFile(dir))).mode & 0o777).toBe(0o600);
    expect(await readApiEndpoint(dir)).toEqual(endpoint);
    await unpublish();
    expect(await readApiEndpoint(dir)).toBeUndefined();
  });

  it('is not removed by an older publisher once a newer Kiln replaced it', async () => {
    const dir = await mkdtemp(path.join(os.tmpdir(), 'kiln-api-'));
    const unpublishOld = await publishApiEndpoint(dir, endpoint);
    await publishApiEndpoint(dir, { ...endpoint, token: 'n'.repeat(32) });
    await unpublishOld();
    expect((await readApiEndpoint(dir))?.token).toBe('n'.repeat(32));
  });

  it('is ignored when its process is gone, it does not parse, or it names a non-loopback address', async () => {
    const dir = await mkdtemp(path.join(os.tmpdir(), 'kiln-api-'));
    await publishApiEndpoint(dir, endpoint);
    expect(await readApiEndpoint(dir, () => false)).toBeUndefined();
    await writeFile(apiEndpointFile(dir), '{');
    expect(await readApiEndpoint(dir)).toBeUndefined();
    await writeFile(apiEndpointFile(dir), JSON.stringify({ ...endpoint, url: 'http://203.0.113.9:80' }));
    expect(await readApiEndpoint(dir)).toBeUndefined();
    await expect(publishApiEndpoint(dir, { ...endpoint, url: 'http://example.com' })).rejects.toThrow();
  });
});
