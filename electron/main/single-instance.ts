/**
 * One Kiln per user: two copies would share the data directory and overwrite each other's launch records. A second
 * start hands over to the first, which comes to the front, and quits.
 */
export interface SingleInstanceApp {
  requestSingleInstanceLock(): boolean;
  on(event: 'second-instance', listener: () => void): unknown;
  quit(): void;
}

/** The window the first instance brings to the front. */
export interface FocusableWindow {
  isDestroyed(): boolean;
  isMinimized(): boolean;
  restore(): void;
  show(): void;
  focus(): void;
}

/**
 * Takes the single-instance lock. Returns false in a second instance, which is quitting then and must start
 * nothing; in the first, every later start focuses `currentWindow()` (none yet while starting: it shows when ready).
 */
export function claimSingleInstance(app: SingleInstanceApp, currentWindow: () => FocusableWindow | undefined): boolean {
  if (!app.requestSingleInstanceLock()) {
    app.quit();
    return false;
  }
  app.on('second-instance', () => {
    const window = currentWindow();
    if (!window || window.isDestroyed()) return;
    if (window.isMinimized()) window.restore();
    window.show();
    window.focus();
  });
  return true;
}
