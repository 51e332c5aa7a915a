/**
 * The main window's size and position, remembered across starts in a small JSON file in the user data folder.
 * A saved position is fitted to the displays there are now: a window left on a monitor that is gone, or larger than
 * the screen, comes back fully visible.
 */
import type { Rectangle } from 'electron';

export interface WindowState {
  /** Absent until the user has placed the window: the platform centres it then. */
  x?: number;
  y?: number;
  width: number;
  height: number;
  maximized: boolean;
}

export const DEFAULT_WINDOW_STATE: WindowState = { width: 1360, height: 900, maximized: false };
export const MIN_WINDOW_SIZE = { width: 960, height: 640 };

/** The window's top strip, where the title bar is, and how much of it must be on a display to keep the position. */
const TITLE_BAR_HEIGHT = 32;
const GRABBABLE = { width: 160, height: 16 };

/** The saved state, or undefined when the text is not one (a damaged file is simply replaced: it holds no data). */
export function parseWindowState(text: string): WindowState | undefined {
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch {
    return undefined;
  }
  if (typeof raw !== 'object' || raw === null) return undefined;
  const { x, y, width, height, maximized } = raw as Record<string, unknown>;
  const int = (value: unknown) => typeof value === 'number' && Number.isSafeInteger(value);
  if (!int(width) || !int(height) || (width as number) <= 0 || (height as number) <= 0) return undefined;
  const placed = int(x) && int(y);
  return {
    ...(placed ? { x: x as number, y: y as number } : {}),
    width: width as number,
    height: height as number,
    maximized: maximized === true,
  };
}

/**
 * Fits a saved state to the displays' work areas (the first is the primary): the size shrinks to the work area of
 * the display the window is on, and a window whose title bar is on no display is centred on the primary one.
 */
export function fitToDisplays(state: WindowState, workAreas: Rectangle[]): WindowState {
  const primary = workAreas[0];
  if (!primary) return state;
  const placed = state.x !== undefined && state.y !== undefined;
  const titleBar = placed ? { x: state.x!, y: state.y!, width: state.width, height: TITLE_BAR_HEIGHT } : undefined;
  const home = titleBar ? bestOverlap(titleBar, workAreas) : undefined;
  const area = home ?? primary;
  const width = Math.min(Math.max(state.width, Math.min(MIN_WINDOW_SIZE.width, area.width)), area.width);
  const height = Math.min(Math.max(state.height, Math.min(MIN_WINDOW_SIZE.height, area.height)), area.height);
  if (!home) {
    if (!placed) return { width, height, maximized: state.maximized };
    return {
      x: area.x + Math.round((area.width - width) / 2),
      y: area.y + Math.round((area.height - height) / 2),
      width,
      height,
      maximized: state.maximized,
    };
  }
  // On a display: pulled inside its work area, so no edge hangs off the screen.
  const x = Math.min(Math.max(state.x!, area.x), area.x + area.width - width);
  const y = Math.min(Math.max(state.y!, area.y), area.y + area.height - height);
  return { x, y, width, height, maximized: state.maximized };
}

/** The work area showing most of `rect`, when at least a grabbable part of it is visible. */
function bestOverlap(rect: Rectangle, areas: Rectangle[]): Rectangle | undefined {
  let best: Rectangle | undefined;
  let bestArea = 0;
  for (const area of areas) {
    const width = Math.min(rect.x + rect.width, area.x + area.width) - Math.max(rect.x, area.x);
    const height = Math.min(rect.y + rect.height, area.y + area.height) - Math.max(rect.y, area.y);
    if (width < Math.min(GRABBABLE.width, rect.width) || height < GRABBABLE.height) continue;
    if (width * height > bestArea) [best, bestArea] = [area, width * height];
  }
  return best;
}

export interface WindowStateFiles {
  read(file: string): Promise<string>;
  /** Must replace the file atomically (temp file + rename): a crash mid-write leaves the old state or the new. */
  write(file: string, text: string): Promise<void>;
}

/** Reads the saved state fitted to the displays; the default when there is none or it is damaged. */
export async function loadWindowState(
  file: string,
  files: WindowStateFiles,
  workAreas: Rectangle[],
): Promise<WindowState> {
  const saved = await files.read(file).then(parseWindowState, () => undefined);
  return fitToDisplays(saved ?? DEFAULT_WINDOW_STATE, workAreas);
}

/** What the keeper needs of a BrowserWindow. */
export interface TrackedWindow {
  on(event: 'resize' | 'move' | 'maximize' | 'unmaximize' | 'close', listener: () => void): unknown;
  getNormalBounds(): Rectangle;
  isMaximized(): boolean;
  isMinimized(): boolean;
  isFullScreen(): boolean;
}

/**
 * Saves the window's state when it is moved or resized (debounced) and when it closes. The normal bounds are saved
 * also while maximized or full screen, so un-maximizing after a restart restores the size the user chose.
 * Returns a function that saves now, or once the window has closed waits for the last write: await it before quitting.
 */
export function keepWindowState(options: {
  window: TrackedWindow;
  file: string;
  files: WindowStateFiles;
  log: (message: string, error?: unknown) => void;
  debounceMs?: number;
}): () => Promise<void> {
  const { window, file, files, log } = options;
  let timer: NodeJS.Timeout | undefined;
  let writes = Promise.resolve();
  let last = '';
  let closed = false;
  const save = (): Promise<void> => {
    clearTimeout(timer);
    timer = undefined;
    // A closed window is destroyed soon after: it is not asked again.
    if (closed || window.isMinimized()) return writes;
    const { x, y, width, height } = window.getNormalBounds();
    const text = JSON.stringify({ x, y, width, height, maximized: window.isMaximized() || window.isFullScreen() });
    if (text === last) return writes;
    last = text;
    writes = writes
      .then(() => files.write(file, text))
      .catch((error: unknown) => log(`could not save the window's position to ${file}`, error));
    return writes;
  };
  const later = () => {
    clearTimeout(timer);
    timer = setTimeout(() => void save(), options.debounceMs ?? 500);
  };
  for (const event of ['resize', 'move', 'maximize', 'unmaximize'] as const) window.on(event, later);
  window.on('close', () => {
    void save();
    closed = true;
  });
  return save;
}
