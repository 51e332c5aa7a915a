// Proof (1) of durable state: web mode is killed with SIGKILL while an install log streams, and started again with
// the same (default) data directory, on a sandbox running on its own (so the instance and its agent live on). The
// launch is listed again, its agent token is read back from Parameter Store (web mode keeps secrets in memory
// only), the log continues from the last stored sequence number with no gap and no duplicate, and the final token
// arrives.
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { LaunchRecord, LogLine } from '../../../electron/common/models';
import { SANDBOX_PROFILE_ID } from '../../../electron/core/profiles/sandbox-profile';
import { waitFor } from '../../support/wait';
import { killAll, startStandaloneSandbox, startWebMode, testHome, type WebMode } from './kiln-processes';

const LINES = 150;
// About 7.5 s of output: the kill lands in the middle of it, and lines keep coming while Kiln is down.
const SCRIPT = [`for i in $(seq 1 ${LINES}); do echo "line $i"; sleep 0.05; done`, 'echo done'].join('\n');
const EXPECTED = [...Array.from({ length: LINES }, (_, i) => `line ${i + 1}`), 'done'];

afterAll(killAll);

let observed: {
  launchId: string;
  storedAtKill: number;
  relisted: LaunchRecord | undefined;
  done: LaunchRecord;
  log: LogLine[];
  onDisk: LogLine[];
  downMs: number;
};

beforeAll(async () => {
  const home = await testHome();
  const sandbox = await startStandaloneSandbox(home.env);
  const args = ['--sandbox-endpoint', sandbox.endpoint];
  let web: WebMode = await startWebMode(home.env, args);
  const images = await web.must('images.quickStart', { profileId: SANDBOX_PROFILE_ID, region: 'us-east-1' });
  const imageId = (images.find((i) => i.architecture === 'x86_64') ?? images[0]).imageId;
  const launch = await web.must('launch.start', {
    spec: {
      profileId: SANDBOX_PROFILE_ID,
      region: 'us-east-1',
      name: 'crash-while-streaming',
      imageId,
      instanceType: 't3.micro',
      installScript: SCRIPT,
    },
  });
  const launchId = launch.id;
  await waitFor(
    '20 log lines stored',
    async () => (await web.must('launch.log', { launchId, after: 0 })).length >= 20,
    60_000,
    50,
  );

  const storedAtKill = (await web.must('launch.log', { launchId, after: 0 })).length;
  const killedAt = Date.now();
  await web.kill('SIGKILL');
  web = await startWebMode(home.env, args);
  const downMs = Date.now() - killedAt;
  const relisted = (await web.must('launch.list', {})).find((r) => r.id === launchId);
  const done = await waitFor(
    'the final token after the restart',
    async () => {
      const record = (await web.must('launch.list', {})).find((r) => r.id === launchId);
      return record?.phase === 'succeeded' || record?.phase === 'failed' ? record : undefined;
    },
    60_000,
    200,
  );
  const log = await web.must('launch.log', { launchId, after: 0 });
  const onDisk = (await readFile(path.join(home.defaultDataDir, 'logs', `${launchId}.jsonl`), 'utf8'))
    .split('\n')
    .filter(Boolean)
    .map((line) => JSON.parse(line) as LogLine);
  observed = { launchId, storedAtKill, relisted, done, log, onDisk, downMs };
  await web.must('launch.terminate', { launchId });
  await web.kill('SIGTERM');
  await sandbox.kill('SIGTERM');
}, 240_000);

describe('web mode killed while a log streams', () => {
  it('lists the launch again after the restart, from the default data directory', () => {
    expect(observed.relisted).toMatchObject({ id: observed.launchId, spec: { name: 'crash-while-streaming' } });
  });

  it('was killed mid-stream: lines came while Kiln was down', () => {
    expect(observed.storedAtKill).toBeGreaterThanOrEqual(20);
    expect(observed.storedAtKill).toBeLessThan(LINES);
  });

  it('completes the log with no gap and no duplicate, and the final token arrives', () => {
    expect(observed.done.phase).toBe('succeeded');
    expect(observed.done.outcome).toMatchObject({ result: 'success', exitCode: 0 });
    expect(observed.log.map((l) => l.text)).toEqual(EXPECTED);
    expect(observed.log.map((l) => l.seq)).toEqual(
      Array.from({ length: EXPECTED.length }, (_, i) => observed.log[0].seq + i),
    );
    expect(observed.onDisk.map((l) => l.seq)).toEqual(observed.log.map((l) => l.seq));
  });

  it('read the agent token back from Parameter Store (web mode keeps none on disk)', () => {
    expect(observed.done.agentLink?.state).not.toBe('unauthorized');
  });
});
