/**
 * Pure text rules of the live console: which escapes a log line may keep, what a `\r` progress line shows, how a
 * line is marked by its stream, and the timestamp prefix. Shared by the terminal, the text view, Copy and Download.
 */
import type { LogLine } from '../../../../electron/common/models';

/* eslint-disable no-control-regex -- escape sequences and control characters are what these patterns match */
/** Any escape sequence a program may print: CSI, OSC, DCS/SOS/PM/APC strings, and two-byte escapes. */
const ESCAPE =
  /\u001b\[[0-?]*[ -/]*[@-~]|\u001b\][^\u0007\u001b]*(?:\u0007|\u001b\\)?|\u001b[PX^_][^\u001b]*(?:\u001b\\)?|\u001b[ -/]*[0-~]?/g;
/** Select Graphic Rendition (colours, bold…): the only escapes the console passes on to the terminal. */
const SGR = /^\u001b\[[0-9;:]*m$/;
const SGR_GLOBAL = /\u001b\[[0-9;:]*m/g;
/** C0 controls except tab, DEL, and C1 controls (U+009B is an 8-bit CSI to a terminal). */
const CONTROL = /[\u0000-\u0008\u000a-\u001f\u007f-\u009f]/g;
/** The same without ESC, for text whose only escapes left are the colours it keeps. */
const CONTROL_BUT_ESC = /[\u0000-\u0008\u000a-\u001a\u001c-\u001f\u007f-\u009f]/g;
/* eslint-enable no-control-regex */

const RESET = '\u001b[0m';
const DIM = '\u001b[90m';

/** Text with every escape sequence removed: what a plain-text file or a screen reader gets. */
export function stripAnsi(text: string): string {
  return text.replace(ESCAPE, '');
}

/**
 * What a line with carriage returns shows: its last non-empty segment, as a terminal would after the progress
 * bar redrew itself. Colours set in the dropped segments are carried over so the segment keeps them.
 */
export function lastSegment(text: string): string {
  if (!text.includes('\r')) return text;
  const segments = text.split('\r');
  let last = segments.length - 1;
  while (last > 0 && stripAnsi(segments[last] ?? '').length === 0) last -= 1;
  const carried = segments.slice(0, last).join('').match(SGR_GLOBAL);
  return (carried ? carried.join('') : '') + (segments[last] ?? '');
}

/** Keeps colours, drops cursor moves, erases, titles and control characters, so a line stays on its own row. */
export function sanitizeForTerminal(text: string): string {
  return text.replace(ESCAPE, (sequence) => (SGR.test(sequence) ? sequence : '')).replace(CONTROL_BUT_ESC, '');
}

/** Whether the program coloured the line itself (then the console leaves its colours alone). */
export function hasOwnColours(text: string): boolean {
  // eslint-disable-next-line no-control-regex -- an SGR escape starts with ESC
  return /\u001b\[[0-9;:]*m/.test(text);
}

const timeOfDay = new Intl.DateTimeFormat(undefined, {
  hour: '2-digit',
  minute: '2-digit',
  second: '2-digit',
  fractionalSecondDigits: 3,
  hourCycle: 'h23',
});

/** A line's time of day in the user's locale, with milliseconds; anything unparsable is shown as given. */
export function formatTimestamp(ts: string, format: Intl.DateTimeFormat = timeOfDay): string {
  const date = new Date(ts);
  return Number.isNaN(date.getTime()) ? ts : format.format(date);
}

export interface LineFormatOptions {
  timestamps: boolean;
  /** Replaces the default Intl formatter (tests pin the locale and time zone). */
  timeFormat?: Intl.DateTimeFormat;
}

/** The gutter mark of each stream: a coloured bar for stderr and for the agent's own messages. */
export const STREAM_GUTTER: Record<LogLine['stream'], string> = {
  stdout: '  ',
  stderr: `\u001b[31m\u258c${RESET} `,
  log: `\u001b[36m\u258c${RESET} `,
};
/** Text colour for lines without colours of their own. */
const STREAM_COLOUR: Record<LogLine['stream'], string | undefined> = {
  stdout: undefined,
  stderr: '\u001b[91m',
  log: '\u001b[96m',
};

/** One log line as the terminal shows it (no line break): optional time, stream gutter, coloured text. */
export function toTerminalLine(line: LogLine, options: LineFormatOptions): string {
  const body = sanitizeForTerminal(lastSegment(line.text));
  const time = options.timestamps ? `${DIM}${formatTimestamp(line.ts, options.timeFormat)}${RESET} ` : '';
  const colour = STREAM_COLOUR[line.stream];
  let text: string;
  if (hasOwnColours(body)) text = body + RESET;
  else if (colour) text = colour + body + RESET;
  else text = body;
  return time + STREAM_GUTTER[line.stream] + text;
}

/** The text a person reads for a line: last `\r` segment, no escapes, no control characters. */
export function toDisplayText(line: LogLine): string {
  return stripAnsi(lastSegment(line.text)).replace(CONTROL, '');
}

/** One line of a plain-text copy or download; with timestamps, prefixed by the line's ISO time. */
export function toPlainLine(line: LogLine, options: { timestamps: boolean }): string {
  const text = toDisplayText(line);
  return options.timestamps ? `${line.ts} ${text}` : text;
}

/** A file name for the downloaded log: `<name>-<launchId>.log`, without characters file systems reject. */
export function logFileName(name: string, launchId: string): string {
  const safe = (part: string) => part.replace(/[^A-Za-z0-9._-]+/g, '-').replace(/^[-.]+|-+$/g, '');
  return `${safe(name) || 'launch'}-${safe(launchId) || 'log'}.log`;
}
