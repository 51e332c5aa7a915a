/**
 * Plain-text exports of the log: the clipboard text and the downloaded file. A million lines are converted in
 * slices with a yield between them, so the page keeps answering while the file is built.
 */
import type { LogLine } from '../../../../electron/common/models';
import type { KilnError } from '../../../../electron/common/result';
import { toPlainLine } from './format-line';

/** Lines converted between two yields to the event loop. */
const SLICE_LINES = 20_000;

const yieldToBrowser = () => new Promise<void>((resolve) => setTimeout(resolve, 0));

/** The log as plain text, one line each, ANSI stripped; ISO timestamps first when `timestamps` is on. */
export function plainText(lines: readonly LogLine[], options: { timestamps: boolean }): string {
  return lines.map((line) => toPlainLine(line, options)).join('\n');
}

/** Builds the downloadable file in slices; `pause` stands between slices (tests pass a no-op). */
export async function buildLogFile(
  lines: readonly LogLine[],
  options: { timestamps: boolean },
  pause: () => Promise<void> = yieldToBrowser,
): Promise<Blob> {
  const parts: string[] = [];
  for (let from = 0; from < lines.length; from += SLICE_LINES) {
    if (from > 0) await pause();
    const slice = lines.slice(from, from + SLICE_LINES);
    parts.push(slice.map((line) => `${toPlainLine(line, options)}\n`).join(''));
  }
  return new Blob(parts, { type: 'text/plain;charset=utf-8' });
}

/** Writes to the system clipboard; a denial comes back as an error value that says what to do. */
export async function copyText(
  text: string,
  clipboard: Clipboard | null = globalThis.navigator?.clipboard ?? null,
): Promise<KilnError | undefined> {
  if (!clipboard) {
    return {
      code: 'ClipboardUnavailable',
      message: 'This page has no access to the clipboard.',
      remedy: 'Select the text in the console and press Ctrl+C (⌘C on macOS), or use Download.',
    };
  }
  try {
    await clipboard.writeText(text);
    return undefined;
  } catch (error) {
    const reason = error instanceof Error && error.message ? ` (${error.message})` : '';
    return {
      code: 'ClipboardDenied',
      message: `The browser did not allow Kiln to write to the clipboard${reason}.`,
      remedy: 'Allow clipboard access for this page and try again, or select the text and press Ctrl+C (⌘C on macOS).',
    };
  }
}
