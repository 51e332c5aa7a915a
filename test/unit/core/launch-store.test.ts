import { appendFile, mkdtemp, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import type { LaunchRecord } from '../../../electron/common/models';
import { createLaunchStore } from '../../../electron/core/store/launch-store';

const record = (id: string): LaunchRecord => ({
  id,
  spec: { profileId: 'p', region: 'us-east-1', name: id, imageId: 'ami-12345678', instanceType: 't3.micro', installScript: 'x', agentPort: 8443, keepAgentOpen: false },
  createdAt: `2026-01-0${id.length}T00:00:00.000Z`,
  phase: 'running',
  timeline: [],
  securityGroupDeleted: false,
  agentRuleRevoked: false,
  agentCursor: 0,
});

describe('launch store', () => {
  it('skips and names a damaged record file instead of refusing to start', async () => {
    const dir = await mkdtemp(path.join(os.tmpdir(), 'kiln-store-'));
    const damaged: string[] = [];
    const store = createLaunchStore(dir, (file) => damaged.push(file));
    await store.save(record('good'));
    await writeFile(path.join(dir, 'launches', 'broken.json'), '');
    expect((await store.loadAll()).map((r) => r.id)).toEqual(['good']);
    expect(damaged).toEqual([path.join(dir, 'launches', 'broken.json')]);
  });

  it('reads a log whose last line was cut short by a crash', async () => {
    const dir = await mkdtemp(path.join(os.tmpdir(), 'kiln-store-'));
    const store = createLaunchStore(dir);
    await store.appendLog('l1', [{ seq: 1, ts: '2026-01-01T00:00:00Z', stream: 'stdout', text: 'one' }]);
    await appendFile(path.join(dir, 'logs', 'l1.jsonl'), '{"seq":2,"ts":"2026-01-01T00:0');
    expect((await store.readLog('l1', 0)).map((l) => l.text)).toEqual(['one']);
  });
});
