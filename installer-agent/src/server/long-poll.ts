/** Waits for the journal to grow past a cursor, up to a deadline, or until the caller or the server gives up. */

/** The part of the journal a long poll watches. */
export interface AppendSource {
  readonly lastSeq: number;
  onAppend(listener: () => void): () => void;
}

export type WaitOutcome = 'appended' | 'timeout' | 'aborted';

/** Resolves as soon as `source.lastSeq > after`, after `waitMs`, or when any signal aborts. */
export function waitForAppend(
  source: AppendSource,
  after: number,
  waitMs: number,
  signals: AbortSignal[] = [],
): Promise<WaitOutcome> {
  if (source.lastSeq > after) return Promise.resolve('appended');
  if (signals.some((signal) => signal.aborted)) return Promise.resolve('aborted');
  if (waitMs <= 0) return Promise.resolve('timeout');
  return new Promise((resolve) => {
    const cleanups: Array<() => void> = [];
    const finish = (outcome: WaitOutcome): void => {
      for (const cleanup of cleanups) cleanup();
      resolve(outcome);
    };
    const timer = setTimeout(() => finish('timeout'), waitMs);
    cleanups.push(() => clearTimeout(timer));
    cleanups.push(
      source.onAppend(() => {
        if (source.lastSeq > after) finish('appended');
      }),
    );
    for (const signal of signals) {
      const onAbort = (): void => finish('aborted');
      signal.addEventListener('abort', onAbort, { once: true });
      cleanups.push(() => signal.removeEventListener('abort', onAbort));
    }
  });
}
