import { describe, expect, it } from 'vitest';
import { createLineSplitter } from '../../../../installer-agent/src/run/line-splitter';

function split(chunks: Array<Buffer | string>, maxBytes?: number): string[] {
  const lines: string[] = [];
  const splitter = createLineSplitter((line) => lines.push(line), maxBytes);
  for (const chunk of chunks) splitter.write(typeof chunk === 'string' ? Buffer.from(chunk, 'utf8') : chunk);
  splitter.end();
  return lines;
}

describe('createLineSplitter', () => {
  it('splits on \\n and keeps empty lines', () => {
    expect(split(['a\nb\n\nc\n'])).toEqual(['a', 'b', '', 'c']);
  });

  it('joins a line that arrives in several chunks', () => {
    expect(split(['hel', 'lo wo', 'rld\nnext', '\n'])).toEqual(['hello world', 'next']);
  });

  it('keeps ANSI escapes and \\r inside the text', () => {
    const text = '\u001b[1;32mOK\u001b[0m progress 10%\r progress 100%\r';
    expect(split([`${text}\n`])).toEqual([text]);
    expect(split(['windows line\r\n'])).toEqual(['windows line\r']);
  });

  it('replaces invalid UTF-8 bytes with U+FFFD instead of failing', () => {
    const bytes = Buffer.concat([Buffer.from('ok '), Buffer.from([0xff, 0xfe, 0xc3]), Buffer.from(' end\n')]);
    expect(split([bytes])).toEqual(['ok \ufffd\ufffd\ufffd end']);
  });

  it('decodes a multi-byte character split across chunks', () => {
    const euro = Buffer.from('price: €5\n', 'utf8');
    const cut = euro.indexOf(0xe2) + 1;
    expect(split([euro.subarray(0, cut), euro.subarray(cut)])).toEqual(['price: €5']);
  });

  it('flushes a trailing partial line at end, including an incomplete UTF-8 sequence', () => {
    expect(split(['done\nno newline'])).toEqual(['done', 'no newline']);
    expect(split([Buffer.from([0x61, 0xe2, 0x82])])).toEqual(['a\ufffd']);
    expect(split(['ends with newline\n'])).toEqual(['ends with newline']);
  });

  it('cuts lines longer than the limit into pieces that join back to the line', () => {
    const long = 'x'.repeat(25);
    const lines = split([`${long}\nshort\n`], 10);
    expect(lines).toEqual(['x'.repeat(10), 'x'.repeat(10), 'x'.repeat(5), 'short']);
  });

  it('never cuts a character in half and never exceeds the limit, even when streamed byte by byte', () => {
    const text = 'é€😀'.repeat(20);
    const bytes = Buffer.from(`${text}\n`, 'utf8');
    const chunks = [...bytes].map((byte) => Buffer.from([byte]));
    const lines = split(chunks, 8);
    expect(lines.join('')).toBe(text);
    for (const line of lines) {
      expect(Buffer.byteLength(line)).toBeLessThanOrEqual(8);
      expect(line).not.toContain('\ufffd');
    }
  });

  it('keeps memory bounded for an endless line: pieces are emitted before the newline arrives', () => {
    const lines: string[] = [];
    const splitter = createLineSplitter((line) => lines.push(line), 1024);
    for (let i = 0; i < 100; i += 1) splitter.write(Buffer.alloc(100, 'y'));
    expect(lines.length).toBeGreaterThanOrEqual(9);
    splitter.end();
    expect(lines.join('')).toBe('y'.repeat(10_000));
  });
});
