/** The console's terminal on xterm.js: read-only, fitted to its container, with the search addon. */
import '@xterm/xterm/css/xterm.css';
import { FitAddon } from '@xterm/addon-fit';
import { SearchAddon, type ISearchOptions } from '@xterm/addon-search';
import { Terminal, type ITheme } from '@xterm/xterm';
import type { ConsoleTerminal, ConsoleTerminalEvents, ConsoleTerminalOptions } from './console-terminal';

/** Hides the cursor: the console is output only. */
const HIDE_CURSOR = '\u001b[?25l';

/** Colours of both terminals, close to the Cloudscape dark palette. */
export const XTERM_THEME: ITheme = {
  background: '#0f141a',
  foreground: '#e9ebed',
  selectionBackground: '#3b5a85',
  black: '#1b232d',
  red: '#ff5d64',
  green: '#2bb534',
  yellow: '#e0ca57',
  blue: '#539fe5',
  magenta: '#c33d69',
  cyan: '#44b9d6',
  white: '#d1d5db',
  brightBlack: '#8d99a8',
  brightRed: '#ff7a7a',
  brightGreen: '#7bde82',
  brightYellow: '#ffe347',
  brightBlue: '#89bdff',
  brightMagenta: '#f7a6c4',
  brightCyan: '#94e0f5',
  brightWhite: '#ffffff',
};

const SEARCH_OPTIONS: ISearchOptions = {
  caseSensitive: false,
  decorations: {
    matchBackground: '#5c4d00',
    matchOverviewRuler: '#e0ca57',
    activeMatchBackground: '#b58a00',
    activeMatchColorOverviewRuler: '#ffe347',
  },
};

function canDrawOnCanvas(doc: Document): boolean {
  try {
    return doc.createElement('canvas').getContext('2d') !== null;
  } catch {
    return false;
  }
}

export function createXtermTerminal(
  host: HTMLElement,
  options: ConsoleTerminalOptions,
  events: ConsoleTerminalEvents,
): ConsoleTerminal {
  const terminal = new Terminal({
    scrollback: options.scrollback,
    disableStdin: true,
    cursorInactiveStyle: 'none',
    fontFamily: "Monaco, Menlo, Consolas, 'Liberation Mono', 'Courier New', monospace",
    fontSize: 12,
    theme: XTERM_THEME,
    // Search highlights are decorations, still a proposed API in xterm 6.
    allowProposedApi: true,
    // Search matches marked beside the scrollbar; the ruler draws on a canvas, which not every DOM has.
    ...(canDrawOnCanvas(host.ownerDocument) ? { overviewRuler: { width: 8 } } : {}),
  });
  const fit = new FitAddon();
  const search = new SearchAddon({ highlightLimit: 1_000 });
  terminal.loadAddon(fit);
  terminal.loadAddon(search);
  terminal.open(host);
  terminal.write(HIDE_CURSOR);

  let fitFrame = 0;
  function fitSoon(): void {
    if (fitFrame) return;
    fitFrame = requestAnimationFrame(() => {
      fitFrame = 0;
      // A hidden or detached container measures 0×0; keep the last good size then.
      if (host.clientWidth > 0 && host.clientHeight > 0) fit.fit();
    });
  }
  const resizeObserver = typeof ResizeObserver === 'undefined' ? undefined : new ResizeObserver(fitSoon);
  resizeObserver?.observe(host);
  fitSoon();

  const buffer = () => terminal.buffer.active;
  const subscriptions = [
    terminal.onScroll(() => events.onScroll(buffer().viewportY >= buffer().baseY)),
    terminal.onSelectionChange(() => events.onSelectionChange(terminal.hasSelection())),
    search.onDidChangeResults((e) => events.onSearchResults({ index: e.resultIndex, count: e.resultCount })),
  ];

  return {
    write: (data, onParsed) => terminal.write(data, onParsed),
    reset() {
      terminal.reset();
      terminal.write(HIDE_CURSOR);
    },
    scrollToBottom: () => terminal.scrollToBottom(),
    getSelection: () => terminal.getSelection(),
    search: (term, direction) =>
      direction === 'next' ? search.findNext(term, SEARCH_OPTIONS) : search.findPrevious(term, SEARCH_OPTIONS),
    clearSearch: () => search.clearDecorations(),
    dispose() {
      if (fitFrame) cancelAnimationFrame(fitFrame);
      resizeObserver?.disconnect();
      for (const subscription of subscriptions) subscription.dispose();
      terminal.dispose();
    },
  };
}
