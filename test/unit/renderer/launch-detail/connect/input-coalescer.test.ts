import { afterEach, describe, expect, it, vi } from 'vitest';
import { createInputCoalescer } from '../../../../../renderer/src/launch-detail/connect/input-coalescer';

afterEach(() => vi.useRealTimers());

/** A send that records each piece and answers when the test says so. */
function heldSend() {
  const sent: string[] = [];
  const answers: (() => void)[] = [];
  const send = vi.fn((data: string) => {
    sent.push(data);
    return new Promise<void>((resolve) => answers.push(resolve));
  });
  return { send, sent, answerNext: () => answers.shift()!() };
}

describe('input coalescer', () => {
  it('sends keystrokes that arrive within 5 ms as one call, and later ones as the next', async () => {
    vi.useFakeTimers();
    const { send, sent, answerNext } = heldSend();
    const input = createInputCoalescer({ send });
    input.push('l');
    vi.advanceTimersByTime(2);
    input.push('s');
    input.push('\r');
    expect(sent).toEqual([]);
    await vi.advanceTimersByTimeAsync(3);
    expect(sent).toEqual(['ls\r']);
    answerNext();
    await vi.advanceTimersByTimeAsync(20);
    input.push('x');
    await vi.advanceTimersByTimeAsync(5);
    expect(sent).toEqual(['ls\r', 'x']);
  });

  it('waits for each call to answer and sends what arrived meanwhile together, in order', async () => {
    vi.useFakeTimers();
    const { send, sent, answerNext } = heldSend();
    const input = createInputCoalescer({ send });
    input.push('a');
    await vi.advanceTimersByTimeAsync(5);
    input.push('b');
    await vi.advanceTimersByTimeAsync(10);
    input.push('c');
    await vi.advanceTimersByTimeAsync(10);
    expect(sent).toEqual(['a']);
    answerNext();
    await vi.advanceTimersByTimeAsync(0);
    expect(sent).toEqual(['a', 'bc']);
    answerNext();
    const drained = input.drained();
    await vi.advanceTimersByTimeAsync(0);
    await drained;
    expect(send).toHaveBeenCalledTimes(2);
  });

  it('cuts a large paste into pieces without splitting a character', async () => {
    const sent: string[] = [];
    const input = createInputCoalescer({ send: async (data) => void sent.push(data), maxChars: 4 });
    input.push('abc😀def');
    await input.drained();
    expect(sent.join('')).toBe('abc😀def');
    expect(sent.every((piece) => piece.length <= 4)).toBe(true);
    expect(sent[0]).toBe('abc');
  });

  it('drops what is not sent yet once disposed', async () => {
    vi.useFakeTimers();
    const send = vi.fn(async () => {});
    const input = createInputCoalescer({ send });
    input.push('secret');
    input.dispose();
    input.push('more');
    await vi.advanceTimersByTimeAsync(50);
    expect(send).not.toHaveBeenCalled();
  });
});
