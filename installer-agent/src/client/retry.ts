/** Retries a delivery with exponential backoff while the failure says trying again can help. */
import type { DeliveryFailure, DeliveryResult } from './ingest-client';

export interface RetryPolicy {
  initialMs: number;
  maxMs: number;
  /** Attempts in total, including the first; Infinity retries until acknowledged. */
  maxAttempts: number;
}

/** For `run`: serve may not be up yet or may be restarting; lines are never given up on. */
export const RETRY_UNTIL_ACKNOWLEDGED: RetryPolicy = { initialMs: 100, maxMs: 5_000, maxAttempts: Infinity };

/** For `log` and `finish`: a few seconds, then a clear error. */
export const RETRY_A_FEW_TIMES: RetryPolicy = { initialMs: 200, maxMs: 2_000, maxAttempts: 5 };

/** Delay before retry number `retry` (1-based): doubling from initialMs, capped, with ±20% jitter. Pure. */
export function backoffDelay(retry: number, policy: RetryPolicy, random: () => number = Math.random): number {
  const base = Math.min(policy.maxMs, policy.initialMs * 2 ** Math.min(retry - 1, 30));
  return Math.round(base * (0.8 + 0.4 * random()));
}

export interface RetryHooks {
  /** Called before each wait, e.g. to log that serve is not reachable yet. */
  onRetry?: (failure: DeliveryFailure, retry: number, delayMs: number) => void;
  sleep?: (ms: number) => Promise<void>;
}

const defaultSleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

/** Runs `attempt` until it succeeds, fails for good, or the policy's attempts are used up. */
export async function withRetry<T>(
  attempt: () => Promise<DeliveryResult<T>>,
  policy: RetryPolicy,
  hooks: RetryHooks = {},
): Promise<DeliveryResult<T>> {
  const sleep = hooks.sleep ?? defaultSleep;
  for (let tries = 1; ; tries += 1) {
    const result = await attempt();
    if (result.ok || !result.error.retryable || tries >= policy.maxAttempts) return result;
    const delay = backoffDelay(tries, policy);
    hooks.onRetry?.(result.error, tries, delay);
    await sleep(delay);
  }
}
