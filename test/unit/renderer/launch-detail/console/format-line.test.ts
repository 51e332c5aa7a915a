// @vitest-environment happy-dom
import { describe, expect, it } from 'vitest';
import type { LogLine } from '../../../../../electron/common/models';
import {
  formatTimestamp,
  hasOwnColours,
  lastSegment,
  logFileName,
  sanitizeForTerminal,
  stripAnsi,
  toDisplayText,
  toPlainLine,
  toTerminalLine,
} from '../../../../../renderer/src/launch-detail/console/format-line';

const line = (text: string, stream: LogLine['stream'] = 'stdout'): LogLine => ({
  seq: 1,
  ts: '2025-01-15T10:00:01.250Z',
  stream,
  text,
});
const utc = new Intl.DateTimeFormat('en-GB', {
  timeZone: 'UTC',
  hour: '2-digit',
  minute: '2-digit',
  second: '2-digit',
  fractionalSecondDigits: 3,
  hourCycle: 'h23',
});
const ESC = '\u001b';

describe('stripAnsi', () => {
  it('removes colours, cursor moves, titles and hyperlinks', () => {
    expect(stripAnsi(`${ESC}[1;32mok${ESC}[0m`)).toBe('ok');
    expect(stripAnsi(`${ESC}[2K${ESC}[1Adone`)).toBe('done');
    expect(stripAnsi(`${ESC}]0;title\u0007text`)).toBe('text');
    expect(stripAnsi(`${ESC}]8;;https://example.com${ESC}\\link${ESC}]8;;${ESC}\\`)).toBe('link');
    expect(stripAnsi('plain')).toBe('plain');
  });
});

describe('lastSegment', () => {
  it('shows the last non-empty segment of a carriage-return progress line', () => {
    expect(lastSegment('10%\r20%\r30%')).toBe('30%');
    expect(lastSegment('downloading 99%\r')).toBe('downloading 99%');
    expect(lastSegment('windows line\r')).toBe('windows line');
    expect(lastSegment('no carriage return')).toBe('no carriage return');
  });

  it('carries colours set in the dropped segments', () => {
    expect(lastSegment(`${ESC}[32m10%\r20%${ESC}[0m`)).toBe(`${ESC}[32m20%${ESC}[0m`);
  });

  it('treats a segment of escapes only as empty', () => {
    expect(lastSegment(`done\r${ESC}[2K`)).toBe('done');
  });
});

describe('sanitizeForTerminal', () => {
  it('keeps colours and drops everything that moves the cursor or rings the bell', () => {
    expect(sanitizeForTerminal(`${ESC}[31mred${ESC}[0m`)).toBe(`${ESC}[31mred${ESC}[0m`);
    expect(sanitizeForTerminal(`${ESC}[2J${ESC}[Hclear\u0007 ${ESC}cafter`)).toBe('clear after');
    expect(sanitizeForTerminal('tab\tstays\u009b31m')).toBe('tab\tstays31m');
    expect(sanitizeForTerminal(`dangling ${ESC}`)).toBe('dangling ');
  });
});

describe('hasOwnColours', () => {
  it('tells coloured lines from plain ones', () => {
    expect(hasOwnColours(`${ESC}[33mwarn${ESC}[0m`)).toBe(true);
    expect(hasOwnColours('plain')).toBe(false);
    expect(hasOwnColours(`${ESC}[2Kerase only`)).toBe(false);
  });
});

describe('toTerminalLine', () => {
  it('leaves stdout as printed, behind a blank gutter', () => {
    expect(toTerminalLine(line('hello'), { timestamps: false })).toBe('  hello');
  });

  it('marks stderr with a red bar and red text when the line has no colours of its own', () => {
    const text = toTerminalLine(line('oops', 'stderr'), { timestamps: false });
    expect(text).toBe(`${ESC}[31m\u258c${ESC}[0m ${ESC}[91moops${ESC}[0m`);
  });

  it('keeps the colours of a coloured stderr line and resets after it', () => {
    const text = toTerminalLine(line(`${ESC}[33mwarn${ESC}[0m`, 'stderr'), { timestamps: false });
    expect(text).toBe(`${ESC}[31m\u258c${ESC}[0m ${ESC}[33mwarn${ESC}[0m${ESC}[0m`);
  });

  it('marks the agent messages with their own bar', () => {
    expect(stripAnsi(toTerminalLine(line('agent started', 'log'), { timestamps: false }))).toBe('\u258c agent started');
  });

  it('prefixes the time of day with timestamps on', () => {
    const text = toTerminalLine(line('x'), { timestamps: true, timeFormat: utc });
    expect(stripAnsi(text)).toBe('10:00:01.250   x');
  });

  it('shows the last segment of a progress line', () => {
    expect(stripAnsi(toTerminalLine(line('1/3\r2/3\r3/3'), { timestamps: false }))).toBe('  3/3');
  });
});

describe('plain text', () => {
  it('gives the readable text of a line', () => {
    expect(toDisplayText(line(`${ESC}[32mok${ESC}[0m\r${ESC}[32mdone${ESC}[0m`))).toBe('done');
  });

  it('prefixes the ISO time in a file with timestamps', () => {
    expect(toPlainLine(line(`${ESC}[1mbuilt${ESC}[0m`), { timestamps: true })).toBe('2025-01-15T10:00:01.250Z built');
    expect(toPlainLine(line('built'), { timestamps: false })).toBe('built');
  });
});

describe('formatTimestamp', () => {
  it('formats with Intl and keeps an unparsable value as given', () => {
    expect(formatTimestamp('2025-01-15T23:59:59.001Z', utc)).toBe('23:59:59.001');
    expect(formatTimestamp('not a time', utc)).toBe('not a time');
  });
});

describe('logFileName', () => {
  it('names the file after the launch, without characters file systems reject', () => {
    expect(logFileName('web-1', 'launch-7')).toBe('web-1-launch-7.log');
    expect(logFileName('my app / prod:eu', 'l-1')).toBe('my-app-prod-eu-l-1.log');
    expect(logFileName('..', 'x')).toBe('launch-x.log');
  });
});
