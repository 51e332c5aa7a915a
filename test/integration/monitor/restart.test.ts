// The app backend restarted mid-install: the new backend loads the saved records, resumes watching the instance and
// resumes the agent link from the saved cursor; the stored log ends up complete, every line exactly once.
//
// The restart disposes the backend and creates a new one on the same data dir and the same SecretStore object. The
// shared object stands in for the desktop app's safeStorage, where agent tokens persist across restarts; web mode
// keeps them in memory only, and a restarted web backend would rightly report the link as `unauthorized`.
//
// A real restart is a new process, in which nothing of the old backend runs any more. Here the old backend lives on
// in the same process, so the test waits for writes it still had in flight to land before starting the new one.
import { readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { LaunchRecord, LogLine } from '../../../electron/common/models';
import { recordFileContent } from '../../../electron/core/store/launch-store';
import { startSandboxBackend, type SandboxBackend } from '../../support/sandbox-backend';
import { waitFor } from '../../support/wait';
import { commands, phasesOf, sleep, spec } from './monitor-harness';

const LINES = 60;
// About 9 s of output, so the restart lands in the middle of it even on a loaded machine.
const SCRIPT = [
  `for i in $(seq 1 ${LINES}); do echo "line $i"; sleep 0.15; done`,
  'echo "to stderr" >&2',
  'echo done',
].join('\n');
const EXPECTED = [...Array.from({ length: LINES }, (_, i) => `line ${i + 1}`), 'to stderr', 'done'];
const IN_FLIGHT_SETTLE_MS = 500;

let env: SandboxBackend;
let api: ReturnType<typeof commands>;
let imageId: string;

beforeAll(async () => {
  env = await startSandboxBackend({ proxy: true, pendingSeconds: 1, hostRegions: ['us-east-1'] });
  api = commands(env);
  imageId = await api.al2023('us-east-1');
}, 60_000);
afterAll(async () => env?.stop());

const recordFile = (launchId: string) => path.join(env.dataDir, 'launches', `${launchId}.json`);
const readRecord = async (launchId: string): Promise<LaunchRecord> =>
  (JSON.parse(await readFile(recordFile(launchId), 'utf8')) as { record: LaunchRecord }).record;
const readStoredLog = async (launchId: string): Promise<LogLine[]> =>
  (await readFile(path.join(env.dataDir, 'logs', `${launchId}.jsonl`), 'utf8'))
    .split('\n')
    .filter(Boolean)
    .map((line) => JSON.parse(line) as LogLine);

interface Observed {
  launchId: string;
  /** The record as the old backend left it on disk (before any edit). */
  saved: LaunchRecord;
  storedBefore: LogLine[];
  /** Lines the new backend delivered to the UI. */
  delivered: LogLine[];
  done: LaunchRecord;
}

// Two launches installing at once, one backend restart: `plain` is restarted as the backend left it; `crashed` has
// its record's cursor moved 10 lines back, as after a crash between appending lines to the log and saving the cursor.
const observed: Record<'plain' | 'crashed', Observed> = {} as Record<'plain' | 'crashed', Observed>;
let restartedAt = 0;

beforeAll(async () => {
  const start = (name: string) => api.must('launch.start', { spec: spec({ imageId, name, installScript: SCRIPT }) });
  // One after the other: concurrent first launches race to create the region's artifact bucket (see batched-describe).
  const plain = await start('restart-plain');
  const crashed = await start('restart-crashed');
  const ids = { plain: plain.id, crashed: crashed.id };
  await waitFor(
    '20 lines stored for both',
    async () => {
      const logs = await Promise.all(
        Object.values(ids).map((launchId) => api.must('launch.log', { launchId, after: 0 })),
      );
      return logs.every((lines) => lines.length >= 20);
    },
    45_000,
    50,
  );

  restartedAt = Date.now();
  const before: Partial<Record<keyof typeof ids, { saved: LaunchRecord; storedBefore: LogLine[] }>> = {};
  await env.restart(async () => {
    await sleep(IN_FLIGHT_SETTLE_MS);
    for (const key of ['plain', 'crashed'] as const) {
      before[key] = { saved: await readRecord(ids[key]), storedBefore: await readStoredLog(ids[key]) };
    }
    const saved = before.crashed!.saved;
    await writeFile(recordFile(ids.crashed), recordFileContent({ ...saved, agentCursor: saved.agentCursor - 10 }));
  });
  // Subscribed before the new backend can deliver anything: its links open only after a DescribeInstances round trip.
  const delivered = new Map<string, LogLine[]>(Object.values(ids).map((id) => [id, []]));
  env.backend.events.subscribe((event, payload) => {
    if (event !== 'launch.log') return;
    const { launchId, lines } = payload as { launchId: string; lines: LogLine[] };
    delivered.get(launchId)?.push(...lines);
  });
  const done = await api.waitForAll(
    'both resumed launches to succeed',
    Object.values(ids),
    (r) => r.phase === 'succeeded',
    45_000,
  );
  for (const key of ['plain', 'crashed'] as const) {
    observed[key] = {
      launchId: ids[key],
      ...before[key]!,
      delivered: delivered.get(ids[key])!,
      done: done.find((r) => r.id === ids[key])!,
    };
  }
  await Promise.all(Object.values(ids).map((launchId) => api.must('launch.terminate', { launchId })));
}, 90_000);

async function expectCompleteLog(launchId: string) {
  const stored = await api.must('launch.log', { launchId, after: 0 });
  expect(stored.map((l) => l.text)).toEqual(EXPECTED);
  expect(stored.map((l) => l.seq)).toEqual([...new Set(stored.map((l) => l.seq))].sort((a, b) => a - b));
  expect(stored.find((l) => l.text === 'to stderr')?.stream).toBe('stderr');
}

describe('a backend restarted mid-install', () => {
  it('resumes watching and the agent link from the saved cursor; the stored log is complete, no duplicates', async () => {
    const { launchId, saved, storedBefore, delivered, done } = observed.plain;
    expect(saved.phase).toBe('installing');
    expect(saved.agentCursor).toBeGreaterThanOrEqual(20);
    expect(saved.agentCursor).toBeLessThan(LINES);
    expect(storedBefore.at(-1)?.seq).toBe(saved.agentCursor);

    // The new backend asked the agent for what came after the saved cursor: its first line is the next one.
    expect(delivered[0]?.seq).toBe(saved.agentCursor + 1);
    expect(delivered.map((l) => l.text)).toEqual(EXPECTED.slice(storedBefore.length));
    // And it watched the instance again: DescribeInstances through the proxy after the restart.
    expect(env.proxy!.count('DescribeInstances', { since: restartedAt })).toBeGreaterThan(0);

    expect(done.outcome).toMatchObject({ result: 'success', exitCode: 0 });
    expect(phasesOf(done)).toEqual([
      'requested',
      'creating-resources',
      'pending',
      'running',
      'waiting-for-agent',
      'installing',
      'succeeded',
    ]);
    await expectCompleteLog(launchId);
  });

  it('appends no line twice when the app stopped between appending lines and saving the cursor', async () => {
    const { launchId, saved, storedBefore, delivered, done } = observed.crashed;
    expect(storedBefore.at(-1)?.seq).toBe(saved.agentCursor);
    // The record said 10 lines fewer than the log holds; the link resumed after the log's last line anyway.
    expect(delivered[0]?.seq).toBe(saved.agentCursor + 1);
    expect(done.outcome).toMatchObject({ result: 'success', exitCode: 0 });
    await expectCompleteLog(launchId);
  });
});
