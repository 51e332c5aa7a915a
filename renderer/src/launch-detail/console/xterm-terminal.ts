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

/**
 * Search highlights: backgrounds dark enough that every colour of the theme (stderr red included) keeps 4.5:1 on
 * them; the active match is told apart by its border, not by a light background the text would vanish on.
 */
export const SEARCH_DECORATIONS = {
  matchBackground: '#332a00',
  matchOverviewRuler: '#e0ca57',
  activeMatchBackground: '#2e2600',
  activeMatchBorder: '#ffe347',
  activeMatchColorOverviewRuler: '#ffe347',
} as const satisfies ISearchOptions['decorations'];

const SEARCH_OPTIONS: ISearchOptions = { caseSensitive: false, decorations: SEARCH_DECORATIONS };

/** What the terminal's one focusable element is called when the console gives no name. */
export const CONSOLE_INPUT_LABEL = 'Install log (read only)';

/**
 * The terminal takes no input, so its keys are the page's: Tab and Shift+Tab move focus on, Escape lets go of
 * focus, and the arrow, page, Home and End keys scroll the log. Returning false keeps xterm from handling (and
 * swallowing) the key.
 */
function handleKey(terminal: Terminal, event: KeyboardEvent): false {
  if (event.type !== 'keydown' || event.altKey || event.ctrlKey || event.metaKey) return false;
  const scroll: Record<string, () => void> = {
    ArrowUp: () => terminal.scrollLines(-1),
    ArrowDown: () => terminal.scrollLines(1),
    PageUp: () => terminal.scrollPages(-1),
    PageDown: () => terminal.scrollPages(1),
    Home: () => terminal.scrollToTop(),
    End: () => terminal.scrollToBottom(),
  };
  if (event.key === 'Escape') terminal.blur();
  else if (event.key in scroll && !event.shiftKey) {
    event.preventDefault();
    scroll[event.key]?.();
  }
  return false;
}

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
  // xterm's helper textarea is the console's one Tab stop. It was named "Terminal input" and swallowed Tab and
  // Escape: now it is read only, named for the log, and its keys scroll the log or move focus on. (A focusable
  // wrapper instead would take focus from the terminal on every click and break dragging its scrollbar.)
  const textarea = terminal.textarea;
  if (textarea) {
    textarea.readOnly = true;
    textarea.setAttribute('aria-label', options.label ?? CONSOLE_INPUT_LABEL);
    textarea.setAttribute('aria-readonly', 'true');
    if (options.describedBy) textarea.setAttribute('aria-describedby', options.describedBy);
  }
  terminal.attachCustomKeyEventHandler((event) => handleKey(terminal, event));

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
