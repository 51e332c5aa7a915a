import { describe, expect, it } from 'vitest';
import type { DeliveryResult } from '../../../../installer-agent/src/client/ingest-client';
import { backoffDelay, withRetry } from '../../../../installer-agent/src/client/retry';

const policy = { initialMs: 100, maxMs: 1_000, maxAttempts: 4 };
const down: DeliveryResult<number> = { ok: false, error: { code: 'unreachable', message: 'down', retryable: true } };

describe('backoffDelay', () => {
  it('doubles from the initial delay up to the cap, with bounded jitter', () => {
    expect([1, 2, 3, 4, 5, 40].map((retry) => backoffDelay(retry, policy, () => 0.5))).toEqual([
      100, 200, 400, 800, 1_000, 1_000,
    ]);
    expect(backoffDelay(1, policy, () => 0)).toBe(80);
    expect(backoffDelay(1, policy, () => 1)).toBe(120);
  });
});

describe('withRetry', () => {
  it('retries retryable failures until success', async () => {
    const answers = [down, down, { ok: true as const, value: 7 }];
    const sleeps: number[] = [];
    const result = await withRetry(async () => answers.shift() as DeliveryResult<number>, policy, {
      sleep: async (ms) => void sleeps.push(ms),
    });
    expect(result).toEqual({ ok: true, value: 7 });
    expect(sleeps).toHaveLength(2);
  });

  it('gives up after maxAttempts and at once on a final failure', async () => {
    let calls = 0;
    const result = await withRetry(async () => (calls++, down), policy, { sleep: async () => undefined });
    expect(result).toEqual(down);
    expect(calls).toBe(4);
    calls = 0;
    const rejected: DeliveryResult<number> = {
      ok: false,
      error: { code: 'rejected', message: '409', retryable: false, status: 409 },
    };
    expect(await withRetry(async () => (calls++, rejected), policy, { sleep: async () => undefined })).toEqual(
      rejected,
    );
    expect(calls).toBe(1);
  });
});
