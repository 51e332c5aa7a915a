/**
 * Turns a byte stream into lines: split on \n only (\r and ANSI escapes stay in the text), decoded as UTF-8 with
 * invalid bytes replaced by U+FFFD, lines longer than the limit cut into pieces, a trailing partial line flushed at end.
 */
import { StringDecoder } from 'node:string_decoder';
import { MAX_LINE_BYTES } from '../protocol/events';
import { splitUtf8, utf8ByteLength } from '../text/split-utf8';

export interface LineSplitter {
  write(chunk: Buffer): void;
  /** Flushes an unterminated last line (and any incomplete UTF-8 sequence, as U+FFFD). */
  end(): void;
}

/** Calls `onLine` for each complete line, in order; memory is bounded by `maxBytes` whatever the input. */
export function createLineSplitter(onLine: (text: string) => void, maxBytes: number = MAX_LINE_BYTES): LineSplitter {
  const decoder = new StringDecoder('utf8');
  let pending = '';
  let ended = false;

  const emitWhole = (text: string): void => {
    for (const piece of splitUtf8(text, maxBytes)) onLine(piece);
  };

  const take = (text: string): void => {
    if (text === '') return;
    const parts = text.split('\n');
    for (let i = 0; i < parts.length - 1; i += 1) {
      emitWhole(pending + parts[i]);
      pending = '';
    }
    pending += parts[parts.length - 1];
    // A line without a newline yet: emit full pieces now so the buffer never exceeds one piece.
    if (pending.length > maxBytes / 3 && utf8ByteLength(pending) > maxBytes) {
      const pieces = splitUtf8(pending, maxBytes);
      pending = pieces.pop() ?? '';
      for (const piece of pieces) onLine(piece);
    }
  };

  return {
    write(chunk) {
      if (ended) throw new Error('line splitter: write after end');
      take(decoder.write(chunk));
    },
    end() {
      if (ended) return;
      ended = true;
      take(decoder.end());
      if (pending !== '') onLine(pending);
      pending = '';
    },
  };
}
