/**
 * Turns a stream of keystrokes into few, ordered `connect.session.write` calls: what arrives within a short window
 * is sent as one call, the next call starts only after the previous one answered (whatever arrived meanwhile
 * goes with it), and a large paste is cut into pieces the contract accepts.
 */

/** Keystrokes closer together than this go out in one call. */
export const COALESCE_MS = 5;

/** Characters per call; the contract takes at most 1 MiB of text. */
export const MAX_WRITE_CHARS = 256 * 1024;

export interface InputCoalescer {
  push(data: string): void;
  /** Resolves once everything pushed so far has been sent (for tests and orderly shutdown). */
  drained(): Promise<void>;
  /** Drops what is not sent yet and sends nothing more. */
  dispose(): void;
}

export interface InputCoalescerOptions {
  /** Sends one piece; the next waits for it. Failures are the caller's to report (it must not throw). */
  send: (data: string) => Promise<void>;
  delayMs?: number;
  maxChars?: number;
}

export function createInputCoalescer({
  send,
  delayMs = COALESCE_MS,
  maxChars = MAX_WRITE_CHARS,
}: InputCoalescerOptions): InputCoalescer {
  let buffer = '';
  let timer: ReturnType<typeof setTimeout> | undefined;
  let sending: Promise<void> | undefined;
  let disposed = false;

  /** The next piece: up to maxChars, never splitting a surrogate pair. */
  function take(): string {
    let end = Math.min(buffer.length, maxChars);
    const code = buffer.charCodeAt(end - 1);
    if (end < buffer.length && code >= 0xd800 && code <= 0xdbff) end -= 1;
    const piece = buffer.slice(0, end);
    buffer = buffer.slice(end);
    return piece;
  }

  function flush(): void {
    clearTimeout(timer);
    timer = undefined;
    // While a call is in flight its loop picks up what arrived meanwhile.
    if (sending || !buffer) return;
    sending = (async () => {
      while (buffer && !disposed) await send(take());
    })().finally(() => {
      sending = undefined;
      if (buffer) flush();
    });
  }

  return {
    push(data) {
      if (disposed || data === '') return;
      buffer += data;
      if (buffer.length >= maxChars) flush();
      else timer ??= setTimeout(flush, delayMs);
    },
    async drained() {
      while (!disposed && (sending || timer !== undefined)) {
        if (timer !== undefined) flush();
        await sending;
      }
    },
    dispose() {
      disposed = true;
      clearTimeout(timer);
      timer = undefined;
      buffer = '';
    },
  };
}
