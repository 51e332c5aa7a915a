import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { LaunchRecord } from '../../../electron/common/models';
import { createAutoTerminateScheduler } from '../../../electron/core/launch/auto-terminate';

const record = (overrides: Partial<LaunchRecord>): LaunchRecord => ({
  id: 'l1',
  spec: {
    profileId: 'p',
    region: 'us-east-1',
    name: 'n',
    imageId: 'ami-12345678',
    instanceType: 't3.micro',
    installScript: 'x',
    agentPort: 8443,
    keepAgentOpen: false,
  },
  createdAt: '2026-01-01T00:00:00.000Z',
  phase: 'failed',
  timeline: [],
  securityGroupDeleted: false,
  agentRuleRevoked: false,
  agentCursor: 0,
  ...overrides,
});

describe('auto-terminate scheduler', () => {
  beforeEach(() => vi.useFakeTimers({ now: new Date('2026-01-01T00:00:00.000Z') }));
  afterEach(() => vi.useRealTimers());

  it('terminates at the recorded time, once', async () => {
    const terminate = vi.fn(async () => undefined);
    const scheduler = createAutoTerminateScheduler({ terminate, log: () => undefined, now: () => new Date() });
    const kept = record({ terminateAt: '2026-01-01T02:00:00.000Z' });
    scheduler.sync(kept);
    scheduler.sync(kept);
    await vi.advanceTimersByTimeAsync(2 * 3_600_000 - 1);
    expect(terminate).not.toHaveBeenCalled();
    await vi.advanceTimersByTimeAsync(1);
    expect(terminate).toHaveBeenCalledTimes(1);
    expect(terminate).toHaveBeenCalledWith('l1');
  });

  it('moves, cancels, and forgets timers as the record changes', async () => {
    const terminate = vi.fn(async () => undefined);
    const scheduler = createAutoTerminateScheduler({ terminate, log: () => undefined, now: () => new Date() });
    scheduler.sync(record({ terminateAt: '2026-01-01T01:00:00.000Z' }));
    scheduler.sync(record({ terminateAt: '2026-01-01T03:00:00.000Z' }));
    await vi.advanceTimersByTimeAsync(2 * 3_600_000);
    expect(terminate).not.toHaveBeenCalled();
    scheduler.sync(record({ terminateAt: undefined }));
    await vi.advanceTimersByTimeAsync(2 * 3_600_000);
    expect(terminate).not.toHaveBeenCalled();
    scheduler.sync(record({ terminateAt: '2026-01-01T05:00:00.000Z', phase: 'terminating' }));
    await vi.advanceTimersByTimeAsync(2 * 3_600_000);
    expect(terminate).not.toHaveBeenCalled();
  });

  it('terminates at once when the time passed while Kiln was closed, and survives timers longer than setTimeout allows', async () => {
    const terminate = vi.fn(async () => undefined);
    const scheduler = createAutoTerminateScheduler({ terminate, log: () => undefined, now: () => new Date() });
    scheduler.sync(record({ id: 'past', terminateAt: '2025-12-31T00:00:00.000Z' }));
    scheduler.sync(record({ id: 'far', terminateAt: '2026-02-01T00:00:00.000Z' }));
    await vi.advanceTimersByTimeAsync(0);
    expect(terminate).toHaveBeenCalledWith('past');
    await vi.advanceTimersByTimeAsync(31 * 86_400_000);
    expect(terminate).toHaveBeenCalledWith('far');
    expect(terminate).toHaveBeenCalledTimes(2);
  });

  it('reports a failed termination and tries again five minutes later', async () => {
    const terminate = vi.fn().mockRejectedValueOnce(new Error('ExpiredToken')).mockResolvedValue(undefined);
    const onError = vi.fn();
    const scheduler = createAutoTerminateScheduler({ terminate, onError, log: () => undefined, now: () => new Date() });
    scheduler.sync(record({ terminateAt: '2026-01-01T00:00:01.000Z' }));
    await vi.advanceTimersByTimeAsync(1_000);
    expect(terminate).toHaveBeenCalledTimes(1);
    expect(onError).toHaveBeenCalledWith('l1', expect.any(Error));
    await vi.advanceTimersByTimeAsync(5 * 60_000 - 1);
    expect(terminate).toHaveBeenCalledTimes(1);
    await vi.advanceTimersByTimeAsync(1);
    expect(terminate).toHaveBeenCalledTimes(2);
  });
});
