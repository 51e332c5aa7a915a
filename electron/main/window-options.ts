/**
 * The main window: every Electron security setting pinned in one place (unit-tested). The options are a literal at
 * the `new BrowserWindow` call so that static checks (electronegativity) see them.
 */
import { BrowserWindow } from 'electron';
import { DEFAULT_WINDOW_STATE, MIN_WINDOW_SIZE, type WindowState } from './window-state';

export interface MainWindowOptions {
  preloadPath: string;
  /** Where the window was last (already fitted to today's displays); maximizing is up to the caller. */
  state?: WindowState;
  /** Developer tools exist only when running from the sources, never in a packaged build. */
  developerTools: boolean;
  /** The window icon on Linux (Windows and macOS take it from the executable). */
  icon?: string;
}

export function createMainWindow(options: MainWindowOptions): BrowserWindow {
  const { x, y, width, height } = options.state ?? DEFAULT_WINDOW_STATE;
  return new BrowserWindow({
    ...(x !== undefined && y !== undefined ? { x, y } : {}),
    width,
    height,
    minWidth: MIN_WINDOW_SIZE.width,
    minHeight: MIN_WINDOW_SIZE.height,
    title: 'Kiln',
    show: false,
    ...(options.icon ? { icon: options.icon } : {}),
    webPreferences: {
      preload: options.preloadPath,
      devTools: options.developerTools,
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      nodeIntegrationInWorker: false,
      nodeIntegrationInSubFrames: false,
      webSecurity: true,
      allowRunningInsecureContent: false,
      experimentalFeatures: false,
      webviewTag: false,
      navigateOnDragDrop: false,
      spellcheck: false,
      // Middle-click would open links in new windows; they are denied anyway, this stops the attempt.
      disableBlinkFeatures: 'Auxclick',
    },
  });
}

/** The renderer is loaded from this origin only; IPC from anywhere else is refused. */
export const APP_ORIGIN = 'kiln://app';

/**
 * Links Kiln may open in the system browser: https to AWS's own sites only (log text from instances is untrusted),
 * including the IAM Identity Center pages where the operator confirms a sign-in code.
 */
export function isKilnExternalLink(url: string): boolean {
  try {
    const { protocol, hostname } = new URL(url);
    return (
      protocol === 'https:' &&
      (hostname === 'aws.amazon.com' ||
        hostname.endsWith('.aws.amazon.com') ||
        /^device\.sso\.[a-z0-9-]+\.amazonaws\.com$/.test(hostname) ||
        /^[a-z0-9-]+\.awsapps\.com$/.test(hostname))
    );
  } catch {
    return false;
  }
}
