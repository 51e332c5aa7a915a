import { describe, expect, it } from 'vitest';
import {
  createInstanceMonitor,
  MISSING_STATE,
  type InstanceObservation,
} from '../../../electron/core/monitor/instance-monitor';
import { waitFor } from '../../support/wait';

// The describe function stands in for DescribeInstances: the test decides which instances AWS still returns.
describe('instance monitor: instances that disappear', () => {
  it('reports an instance seen before and then absent from three answers in a row as missing, once', async () => {
    let present = true;
    const seen: InstanceObservation[] = [];
    let calls = 0;
    const monitor = createInstanceMonitor({
      describe: async () => {
        calls += 1;
        return present ? [{ instanceId: 'i-1', state: 'running' }] : [];
      },
      onObservation: (o) => seen.push(o),
      fastMs: 5,
      slowMs: 5,
    });
    monitor.watch('i-1');
    await waitFor('a first answer', () => seen.length > 0, 2_000, 2);
    present = false;
    await waitFor('missing', () => seen.some((o) => o.state === MISSING_STATE), 2_000, 2);
    const callsAtMissing = calls;
    await waitFor('a few more ticks', () => calls > callsAtMissing + 3, 2_000, 2);
    monitor.stop();
    expect(seen.filter((o) => o.state === MISSING_STATE)).toEqual([{ instanceId: 'i-1', state: MISSING_STATE }]);
  });

  it('does not call a new instance missing before AWS has ever returned it', async () => {
    const seen: InstanceObservation[] = [];
    let calls = 0;
    const monitor = createInstanceMonitor({
      describe: async () => {
        calls += 1;
        return [];
      },
      onObservation: (o) => seen.push(o),
      fastMs: 5,
      slowMs: 5,
    });
    monitor.watch('i-new');
    await waitFor('several ticks', () => calls >= 6, 2_000, 2);
    monitor.stop();
    expect(seen).toEqual([]);
  });

  it('reports an instance an earlier run saw as missing at the first answer without it', async () => {
    const seen: InstanceObservation[] = [];
    let calls = 0;
    const monitor = createInstanceMonitor({
      describe: async () => {
        calls += 1;
        return [];
      },
      onObservation: (o) => seen.push(o),
      fastMs: 5,
      slowMs: 5,
    });
    monitor.watch('i-old', { seenBefore: true });
    await waitFor('one answer', () => calls >= 1 && seen.length > 0, 2_000, 1);
    expect(calls).toBe(1);
    await waitFor('a few more ticks', () => calls > 4, 2_000, 2);
    monitor.stop();
    expect(seen).toEqual([{ instanceId: 'i-old', state: MISSING_STATE }]);
  });

  it('reports a new instance AWS never returns as missing once its grace has passed, once', async () => {
    const seen: Array<InstanceObservation & { at: number }> = [];
    const watchedAt = Date.now();
    const monitor = createInstanceMonitor({
      describe: async () => [],
      onObservation: (o) => seen.push({ ...o, at: Date.now() }),
      fastMs: 5,
      slowMs: 5,
      newInstanceGraceMs: 150,
    });
    monitor.watch('i-never');
    await waitFor('missing', () => seen.length > 0, 2_000, 2);
    await new Promise((resolve) => setTimeout(resolve, 50));
    monitor.stop();
    expect(seen.map(({ at: _at, ...o }) => o)).toEqual([{ instanceId: 'i-never', state: MISSING_STATE }]);
    expect(seen[0].at - watchedAt).toBeGreaterThanOrEqual(150);
  });
});
