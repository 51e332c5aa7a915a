/**
 * The main window: every Electron security setting pinned in one place (unit-tested). The options are a literal at
 * the `new BrowserWindow` call so that static checks (electronegativity) see them.
 */
import { BrowserWindow } from 'electron';

export function createMainWindow(preloadPath: string): BrowserWindow {
  return new BrowserWindow({
    width: 1360,
    height: 900,
    minWidth: 960,
    minHeight: 640,
    title: 'Kiln',
    show: false,
    webPreferences: {
      preload: preloadPath,
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
