// Throttling, which moto never does, injected by the AWS fault proxy (HTTP 503 + EC2's XML RequestLimitExceeded).
//
// Counting is done at the proxy, so it is what went over the wire. The SDK would retry a throttled call by itself
// (the sandbox profile allows 2 attempts, real profiles 5, adaptive): each retry reaches the proxy and is counted.
// The monitor uses a client without SDK retries (`ec2Polling`), so one tick is one request, and the proxy sees the
// SDK's `amz-sdk-request: attempt=1; max=1` on every monitor request; the monitor's own backoff is the retry.
import { RunInstancesCommand } from '@aws-sdk/client-ec2';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { LaunchRecord, type LaunchPhase } from '../../../electron/common/models';
import { createAwsClientPool } from '../../../electron/core/aws/clients';
import { awsErrorCode } from '../../../electron/core/aws/errors';
import { createMonitorHub } from '../../../electron/core/launch/monitor-hub';
import { createProfileRegistry } from '../../../electron/core/profiles/profile-registry';
import { createSandboxProfile } from '../../../electron/core/profiles/sandbox-profile';
import type { ProxiedRequest } from '../../support/aws-fault-proxy';
import { startSandboxBackend, type SandboxBackend } from '../../support/sandbox-backend';
import { waitFor } from '../../support/wait';
import { commands, gapsOf, phasesOf, sleep, spec } from './monitor-harness';

let env: SandboxBackend;
let api: ReturnType<typeof commands>;

beforeAll(async () => {
  // The instance host runs us-east-1 only: the monitor-level test's bare instances in us-west-2 cost it nothing.
  // The backend's slow tick of 500 ms caps its backoff at 3 s, which keeps the launch test short.
  env = await startSandboxBackend({
    proxy: true,
    pendingSeconds: 2,
    hostRegions: ['us-east-1'],
    monitorIntervals: { fastMs: 250, slowMs: 500 },
  });
  api = commands(env);
}, 60_000);
afterAll(async () => env?.stop());

const describes = (region: string, since = 0, until = Infinity): ProxiedRequest[] =>
  env.proxy!.requests.filter(
    (r) => r.action === 'DescribeInstances' && r.region === region && r.at >= since && r.at < until,
  );

describe('the monitor under throttling', () => {
  const SLOW_MS = 200;
  const MAX_BACKOFF_MS = 6 * SLOW_MS;
  const WINDOW_MS = 3_000;
  const region = 'us-west-2';

  it('backs off exponentially with jitter, one request per tick, and asks less often than unthrottled', async () => {
    const proxy = env.proxy!;
    const imageId = await api.al2023(region);
    const run = await env
      .ec2(region)
      .send(new RunInstancesCommand({ ImageId: imageId, InstanceType: 't3.micro', MinCount: 5, MaxCount: 5 }));
    const instanceIds = run.Instances!.map((i) => i.InstanceId!);
    const states = new Map<string, string>();
    const errors: unknown[] = [];
    const clients = createAwsClientPool();
    // The production hub and client pool, on the sandbox profile pointed at the proxy.
    const hub = createMonitorHub({
      clients,
      profiles: createProfileRegistry(async () => [createSandboxProfile(proxy.endpoint)]),
      intervals: { fastMs: SLOW_MS / 2, slowMs: SLOW_MS },
      onObservation: async (_launchId, observation) => void states.set(observation.instanceId, observation.state),
      log: (_message, error) => errors.push(error),
    });
    try {
      for (const instanceId of instanceIds) hub.watch(watchedRecord(instanceId, imageId));
      await waitFor('all five running', () => instanceIds.every((id) => states.get(id) === 'running'));
      await sleep(2 * SLOW_MS);

      const calmFrom = Date.now();
      await sleep(WINDOW_MS);
      const throttledFrom = Date.now();
      proxy.throttle('DescribeInstances', { fraction: 0.5 });
      await sleep(WINDOW_MS);
      const throttledUntil = Date.now();
      proxy.stopThrottling();

      const calm = describes(region, calmFrom, throttledFrom);
      const throttled = describes(region, throttledFrom, throttledUntil);
      // Unthrottled: one call per slow tick. Throttled: every refusal doubles the delay, every success takes back
      // half a doubling, so with one call in two refused the monitor climbs towards its longest delay.
      expect(calm.length).toBeGreaterThanOrEqual(5);
      expect(throttled.some((r) => r.throttled)).toBe(true);
      expect(
        throttled.length,
        `throttled ${throttled.length} vs calm ${calm.length} calls in ${WINDOW_MS} ms`,
      ).toBeLessThan(calm.length * 0.7);

      // Recovered (from the longest delay, six successes bring it back to the plain cadence), then a scripted run of
      // four refusals: the delays double up to the cap, then come back down at half that speed.
      await waitFor('the monitor to recover', () => describes(region, throttledUntil).length >= 7, 20_000, 50);
      const scriptedFrom = Date.now();
      proxy.throttle('DescribeInstances', { sequence: [true, true, true, true] });
      const scripted = await waitFor(
        'four refusals and four answers',
        () => {
          // From the first refusal: a call already on its way when the script began is not part of it.
          const requests = describes(region, scriptedFrom);
          const first = requests.findIndex((r) => r.throttled);
          return first >= 0 && requests.length - first >= 8 ? requests.slice(first, first + 8) : undefined;
        },
        20_000,
        50,
      );
      expect(scripted.map((r) => r.throttled)).toEqual([true, true, true, true, false, false, false, false]);
      const gaps = gapsOf(scripted);
      // Delay after each request, before a jitter of ×0.75–1.25: SLOW_MS × 2^level, where the level goes up by one
      // per refusal (to the cap, 6 × SLOW_MS = 2^2.585…) and down by a half per success.
      const cap = Math.log2(MAX_BACKOFF_MS / SLOW_MS);
      const expected = [1, 2, cap, cap, cap - 0.5, cap - 1, cap - 1.5].map((level) => SLOW_MS * 2 ** level);
      gaps.forEach((gap, i) => {
        // The next tick is timed from the end of a call, so a gap is never shorter than the delay; the upper bound
        // leaves room for a busy machine.
        expect(gap, `gap ${i + 1} of ${JSON.stringify(gaps)}`).toBeGreaterThanOrEqual(expected[i] * 0.75);
        expect(gap, `gap ${i + 1} of ${JSON.stringify(gaps)}`).toBeLessThanOrEqual(expected[i] * 1.25 + 800);
      });

      // Honest counting: every monitor request was a first and only attempt; no SDK retry hid behind one tick.
      const all = describes(region);
      expect(all.every((r) => r.attempt?.attempt === 1 && r.attempt.max === 1)).toBe(true);
      // The SDK parsed the proxy's 503 as EC2's RequestLimitExceeded, and every refusal reached the monitor.
      expect(errors.length).toBe(all.filter((r) => r.throttled).length);
      expect(errors.map(awsErrorCode)).toEqual(errors.map(() => 'RequestLimitExceeded'));
    } finally {
      hub.dispose();
      clients.destroy();
    }
  }, 60_000);
});

describe('launches under throttling', () => {
  it('lose no state change: every launch succeeds, then terminates and is cleaned up', async () => {
    const proxy = env.proxy!;
    const imageId = await api.al2023('us-east-1');
    const script = ['echo start', 'sleep 1', 'for i in $(seq 1 20); do echo "line $i"; done', 'echo done'].join('\n');
    const startedAt = Date.now();
    proxy.throttle('DescribeInstances', { fraction: 0.5 });
    const start = (i: number) =>
      api.must('launch.start', { spec: spec({ imageId, name: `throttled-${i}`, installScript: script }) });
    // One first: concurrent first launches race to create the region's artifact bucket (see batched-describe).
    const first = await start(0);
    const launched = [first, ...(await Promise.all([1, 2].map(start)))];
    const ids = launched.map((r) => r.id);

    const succeeded = await api.waitForAll('all three to succeed', ids, (r) => r.phase === 'succeeded', 60_000);
    const expectedLog = ['start', ...Array.from({ length: 20 }, (_, i) => `line ${i + 1}`), 'done'];
    for (const record of succeeded) {
      expect(record.outcome).toMatchObject({ result: 'success', exitCode: 0 });
      expect((await api.must('launch.log', { launchId: record.id, after: 0 })).map((l) => l.text)).toEqual(expectedLog);
    }

    await Promise.all(ids.map((launchId) => api.must('launch.terminate', { launchId })));
    const ended = await api.waitForAll(
      'all three terminated and cleaned up',
      ids,
      (r) => r.phase === 'terminated' && r.securityGroupDeleted,
      60_000,
    );
    proxy.stopThrottling();

    const lifecycle: LaunchPhase[] = [
      'requested',
      'creating-resources',
      'pending',
      'running',
      'waiting-for-agent',
      'installing',
      'succeeded',
      'terminating',
      'terminated',
    ];
    for (const record of ended) {
      expect(record.instanceState).toBe('terminated');
      expect(phasesOf(record)).toEqual(lifecycle);
    }
    const during = describes('us-east-1', startedAt);
    expect(during.filter((r) => r.throttled).length, 'refused DescribeInstances').toBeGreaterThan(0);
    expect(during.filter((r) => !r.throttled).length, 'answered DescribeInstances').toBeGreaterThan(0);
  }, 90_000);
});

function watchedRecord(instanceId: string, imageId: string): LaunchRecord {
  const at = new Date().toISOString();
  return LaunchRecord.parse({
    id: `watch-${instanceId}`,
    spec: spec({ region: 'us-west-2', imageId }),
    createdAt: at,
    phase: 'pending',
    timeline: [{ phase: 'pending', at }],
    instanceId,
  });
}
