// @vitest-environment happy-dom
import { afterEach, describe, expect, it, vi } from 'vitest';
import { buildLogFile, copyText, plainText } from '../../../../../renderer/src/launch-detail/console/log-file';
import { logLine } from '../../../../support/fake-kiln-api';

afterEach(() => vi.restoreAllMocks());

const lines = [logLine(1, '\u001b[32mgreen\u001b[0m'), logLine(2, '10%\r100%'), logLine(3, 'oops', 'stderr')];

describe('plain text of the log', () => {
  it('strips escapes and keeps the last segment of progress lines', () => {
    expect(plainText(lines, { timestamps: false })).toBe('green\n100%\noops');
  });

  it('prefixes ISO timestamps when they are on', () => {
    expect(plainText(lines.slice(0, 1), { timestamps: true })).toBe('2025-01-15T10:00:01.000Z green');
  });
});

describe('buildLogFile', () => {
  it('builds the file in slices, yielding between them', async () => {
    const many = Array.from({ length: 45_000 }, (_, i) => logLine(i + 1));
    const pause = vi.fn(async () => {});
    const file = await buildLogFile(many, { timestamps: false }, pause);
    expect(pause).toHaveBeenCalledTimes(2);
    const text = await file.text();
    expect(text.startsWith('line 1\nline 2\n')).toBe(true);
    expect(text.endsWith('line 45000\n')).toBe(true);
    expect(text.split('\n')).toHaveLength(45_001);
    expect(file.type).toBe('text/plain;charset=utf-8');
  });
});

describe('copyText', () => {
  it('writes to the clipboard', async () => {
    const writeText = vi.fn(async () => {});
    expect(await copyText('hello', { writeText } as unknown as Clipboard)).toBeUndefined();
    expect(writeText).toHaveBeenCalledWith('hello');
  });

  it('says what to do when the browser denies the clipboard', async () => {
    const writeText = vi.fn(async () => {
      throw new DOMException('Write permission denied.', 'NotAllowedError');
    });
    const error = await copyText('hello', { writeText } as unknown as Clipboard);
    expect(error).toMatchObject({
      code: 'ClipboardDenied',
      message: 'The browser did not allow Kiln to write to the clipboard (Write permission denied.).',
    });
    expect(error?.remedy).toContain('Allow clipboard access');
  });

  it('says so when there is no clipboard at all (a page that is not a secure context)', async () => {
    const error = await copyText('hello', null);
    expect(error).toMatchObject({ code: 'ClipboardUnavailable' });
    expect(error?.remedy).toContain('Download');
  });
});
