import { describe, expect, it } from 'vitest';
import { waitForAppend, type AppendSource } from '../../../../installer-agent/src/server/long-poll';

function fakeSource(): AppendSource & { append(): void; listeners: number } {
  const listeners = new Set<() => void>();
  const source = {
    lastSeq: 0,
    onAppend(listener: () => void) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    append() {
      source.lastSeq += 1;
      for (const listener of [...listeners]) listener();
    },
    get listeners() {
      return listeners.size;
    },
  };
  return source;
}

describe('waitForAppend', () => {
  it('answers at once when there is already something after the cursor', async () => {
    const source = fakeSource();
    source.append();
    expect(await waitForAppend(source, 0, 10_000)).toBe('appended');
  });

  it('wakes on append and unsubscribes', async () => {
    const source = fakeSource();
    const started = Date.now();
    const waiting = waitForAppend(source, 0, 10_000);
    setTimeout(() => source.append(), 20);
    expect(await waiting).toBe('appended');
    expect(Date.now() - started).toBeLessThan(2_000);
    expect(source.listeners).toBe(0);
  });

  it('times out, and gives up when a signal aborts', async () => {
    const source = fakeSource();
    expect(await waitForAppend(source, 0, 30)).toBe('timeout');
    expect(await waitForAppend(source, 0, 0)).toBe('timeout');
    const controller = new AbortController();
    const waiting = waitForAppend(source, 0, 10_000, [new AbortController().signal, controller.signal]);
    controller.abort();
    expect(await waiting).toBe('aborted');
    expect(source.listeners).toBe(0);
  });
});
