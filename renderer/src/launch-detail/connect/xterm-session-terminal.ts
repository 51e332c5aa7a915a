/**
 * A connect session's terminal on xterm.js: interactive, fitted to its container. Copy is the selection with
 * Ctrl+Shift+C (or the browser's Copy, ⌘C on macOS); paste is Ctrl+Shift+V or the browser's Paste, which xterm
 * turns into data (bracketed when the shell asked for it).
 */
import '@xterm/xterm/css/xterm.css';
import { FitAddon } from '@xterm/addon-fit';
import { Terminal } from '@xterm/xterm';
import { XTERM_THEME } from '../console/xterm-terminal';
import type { SessionTerminal, SessionTerminalEvents } from './session-terminal';

/** What the clipboard keys need of the terminal. */
export interface SelectionSource {
  hasSelection(): boolean;
  getSelection(): string;
}

/**
 * xterm's custom key handler: false keeps a key from the shell. Ctrl+Shift+C copies the selection (and does not
 * open the browser's inspector); Ctrl+Shift+V is left to the browser, whose paste event xterm turns into data.
 */
export function clipboardKeyHandler(
  terminal: SelectionSource,
  writeClipboard: (text: string) => void,
): (event: KeyboardEvent) => boolean {
  return (event) => {
    if (!event.ctrlKey || !event.shiftKey || event.altKey || event.metaKey) return true;
    const key = event.key.toLowerCase();
    if (key === 'c') {
      if (event.type === 'keydown') {
        event.preventDefault();
        if (terminal.hasSelection()) writeClipboard(terminal.getSelection());
      }
      return false;
    }
    return key !== 'v';
  };
}

function writeClipboard(doc: Document, text: string): void {
  const clipboard = doc.defaultView?.navigator.clipboard;
  // Without the async clipboard (plain http, a denied permission) the copy command copies xterm's selection.
  const fallback = () => void doc.execCommand('copy');
  if (!clipboard) return fallback();
  clipboard.writeText(text).catch(fallback);
}

export function createXtermSessionTerminal(host: HTMLElement, events: SessionTerminalEvents): SessionTerminal {
  const terminal = new Terminal({
    cursorBlink: true,
    scrollback: 10_000,
    fontFamily: "Monaco, Menlo, Consolas, 'Liberation Mono', 'Courier New', monospace",
    fontSize: 13,
    theme: XTERM_THEME,
  });
  const fit = new FitAddon();
  terminal.loadAddon(fit);
  terminal.open(host);
  terminal.attachCustomKeyEventHandler(
    clipboardKeyHandler(terminal, (text) => writeClipboard(host.ownerDocument, text)),
  );

  // A hidden or detached container measures 0×0; keep the last good size then.
  const fitNow = () => {
    if (host.clientWidth > 0 && host.clientHeight > 0) fit.fit();
  };
  let fitFrame = 0;
  function fitSoon(): void {
    if (fitFrame) return;
    fitFrame = requestAnimationFrame(() => {
      fitFrame = 0;
      fitNow();
    });
  }
  const resizeObserver = typeof ResizeObserver === 'undefined' ? undefined : new ResizeObserver(fitSoon);
  resizeObserver?.observe(host);
  // Fitted before the session opens, so the remote shell starts at the right size.
  fitNow();

  const subscriptions = [
    terminal.onData((data) => events.onData(data)),
    terminal.onResize(({ cols, rows }) => events.onResize({ cols, rows })),
  ];

  return {
    size: () => ({ cols: terminal.cols, rows: terminal.rows }),
    write: (data) => terminal.write(data),
    focus: () => terminal.focus(),
    dispose() {
      if (fitFrame) cancelAnimationFrame(fitFrame);
      resizeObserver?.disconnect();
      for (const subscription of subscriptions) subscription.dispose();
      terminal.dispose();
    },
  };
}
