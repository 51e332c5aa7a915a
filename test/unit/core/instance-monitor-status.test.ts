import { describe, expect, it } from 'vitest';
import { createInstanceMonitor, type InstanceObservation } from '../../../electron/core/monitor/instance-monitor';
import type { InstanceStatusObservation } from '../../../electron/core/monitor/instance-status';
import { waitFor } from '../../support/wait';

// The describe functions stand in for DescribeInstances and DescribeInstanceStatus: the test decides the answers
// and counts the calls (the wire-level count is in test/integration/monitor/batched-describe.test.ts).
describe('instance monitor: status checks', () => {
  it('reads the status checks of the running instances in one call, at most every statusEveryMs', async () => {
    const states: Record<string, string> = { 'i-1': 'running', 'i-2': 'pending', 'i-3': 'running' };
    let describes = 0;
    const statusCalls: string[][] = [];
    const seen: InstanceObservation[] = [];
    const monitor = createInstanceMonitor({
      describe: async (ids) => {
        describes += 1;
        return ids.map((instanceId) => ({ instanceId, state: states[instanceId] }));
      },
      describeStatus: async (ids) => {
        statusCalls.push([...ids]);
        return ids.map((instanceId): InstanceStatusObservation => ({
          instanceId,
          system: 'ok',
          instance: 'initializing',
        }));
      },
      onObservation: (o) => seen.push(o),
      fastMs: 5,
      slowMs: 5,
      statusEveryMs: 60,
    });
    const started = Date.now();
    for (const id of Object.keys(states)) monitor.watch(id);
    await waitFor('three status reads', () => statusCalls.length >= 3, 3_000, 2);
    monitor.stop();
    const elapsed = Date.now() - started;

    // One call each time, for exactly the running instances; never one per instance.
    for (const ids of statusCalls) expect(ids.sort()).toEqual(['i-1', 'i-3']);
    expect(statusCalls.length).toBeLessThanOrEqual(elapsed / 60 + 1);
    expect(describes).toBeGreaterThan(statusCalls.length);
    const withChecks = seen.filter((o) => o.statusChecks);
    expect(new Set(withChecks.map((o) => o.instanceId))).toEqual(new Set(['i-1', 'i-3']));
    expect(withChecks[0].statusChecks).toEqual({ system: 'ok', instance: 'initializing' });
    expect(seen.some((o) => o.instanceId === 'i-2' && o.statusChecks)).toBe(false);
  });

  it('keeps the state cadence when the status read is refused for a missing permission', async () => {
    let describes = 0;
    let statusReads = 0;
    const monitor = createInstanceMonitor({
      describe: async () => {
        describes += 1;
        return [{ instanceId: 'i-1', state: 'running' }];
      },
      describeStatus: async () => {
        statusReads += 1;
        throw Object.assign(new Error('not authorized'), { name: 'UnauthorizedOperation' });
      },
      onObservation: () => undefined,
      onError: () => undefined,
      fastMs: 5,
      slowMs: 5,
      statusEveryMs: 0,
      maxBackoffMs: 1_000,
      random: () => 0.5,
    });
    monitor.watch('i-1');
    await waitFor('ten ticks', () => describes >= 10, 2_000, 2);
    monitor.stop();
    // A backoff would have stretched the ticks to a second after a few failures: ten ticks would take many seconds.
    expect(statusReads).toBeGreaterThanOrEqual(9);
  });

  it('still reports states when the status read is throttled, and backs off', async () => {
    const seen: InstanceObservation[] = [];
    let describes = 0;
    const monitor = createInstanceMonitor({
      describe: async () => {
        describes += 1;
        return [{ instanceId: 'i-1', state: 'running' }];
      },
      describeStatus: async () => {
        throw Object.assign(new Error('Rate exceeded'), { name: 'RequestLimitExceeded' });
      },
      onObservation: (o) => seen.push(o),
      onError: () => undefined,
      fastMs: 5,
      slowMs: 5,
      statusEveryMs: 0,
      maxBackoffMs: 40,
      random: () => 0.5,
    });
    monitor.watch('i-1');
    await new Promise((resolve) => setTimeout(resolve, 300));
    monitor.stop();
    expect(seen[0]).toEqual({ instanceId: 'i-1', state: 'running' });
    // Unthrottled, 300 ms of 5 ms ticks would be about 60 calls; backed off towards 40 ms, far fewer.
    expect(describes).toBeLessThanOrEqual(20);
  });
});
