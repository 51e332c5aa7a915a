import { describe, expect, it, vi } from 'vitest';
import { isTrustedSender } from '../../../electron/main/trusted-sender';
import { APP_ORIGIN, createMainWindow, isKilnExternalLink } from '../../../electron/main/window-options';

// The Electron binary cannot run here: BrowserWindow is replaced by a class that records its options.
vi.mock('electron', () => ({
  BrowserWindow: class {
    constructor(readonly options: import('electron').BrowserWindowConstructorOptions) {}
  },
}));

// Electron itself cannot run on build machines (its binary cannot be downloaded): these check the options
// Kiln passes to it, which is also what electronegativity would inspect.
describe('main window security', () => {
  it('pins the secure webPreferences', () => {
    const window = createMainWindow({ preloadPath: '/app/preload.cjs', developerTools: false }) as unknown as {
      options: import('electron').BrowserWindowConstructorOptions;
    };
    const prefs = window.options.webPreferences!;
    expect(prefs).toMatchObject({
      preload: '/app/preload.cjs',
      devTools: false,
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      nodeIntegrationInWorker: false,
      nodeIntegrationInSubFrames: false,
      webSecurity: true,
      allowRunningInsecureContent: false,
      webviewTag: false,
      disableBlinkFeatures: 'Auxclick',
    });
  });

  it('opens where it was last, at least at its minimum size, and allows developer tools only when asked', () => {
    type Recorded = { options: import('electron').BrowserWindowConstructorOptions };
    const placed = createMainWindow({
      preloadPath: '/p',
      developerTools: true,
      state: { x: 40, y: 30, width: 1000, height: 700, maximized: false },
    }) as unknown as Recorded;
    expect(placed.options).toMatchObject({
      x: 40,
      y: 30,
      width: 1000,
      height: 700,
      minWidth: 960,
      minHeight: 640,
      show: false,
    });
    expect(placed.options.webPreferences?.devTools).toBe(true);
    const first = createMainWindow({ preloadPath: '/p', developerTools: false }) as unknown as Recorded;
    expect(first.options).toMatchObject({ width: 1360, height: 900 });
    expect(first.options).not.toHaveProperty('x');
  });

  it('trusts IPC only from the app origin', () => {
    expect(isTrustedSender({ url: `${APP_ORIGIN}/index.html` })).toBe(true);
    expect(isTrustedSender({ url: 'https://evil.example/' })).toBe(false);
    expect(isTrustedSender({ url: 'file:///etc/passwd' })).toBe(false);
    expect(isTrustedSender({ url: 'kiln://app.evil/' })).toBe(false);
    expect(isTrustedSender(null)).toBe(false);
    expect(isTrustedSender({ url: 'not a url' })).toBe(false);
  });

  it('opens only https links to AWS in the system browser', () => {
    expect(isKilnExternalLink('https://console.aws.amazon.com/ec2/home')).toBe(true);
    expect(isKilnExternalLink('https://aws.amazon.com/ec2/pricing/')).toBe(true);
    expect(isKilnExternalLink('http://console.aws.amazon.com/')).toBe(false);
    expect(isKilnExternalLink('https://evil.example/?aws.amazon.com')).toBe(false);
    expect(isKilnExternalLink('https://aws.amazon.com.evil.example/')).toBe(false);
    expect(isKilnExternalLink('javascript:alert(1)')).toBe(false);
  });

  it('opens the IAM Identity Center sign-in pages, over https only', () => {
    expect(isKilnExternalLink('https://device.sso.eu-west-1.amazonaws.com/?user_code=ABCD-EFGH')).toBe(true);
    expect(isKilnExternalLink('https://d-1234567890.awsapps.com/start/#/device?user_code=ABCD-EFGH')).toBe(true);
    expect(isKilnExternalLink('http://device.sso.eu-west-1.amazonaws.com/')).toBe(false);
    expect(isKilnExternalLink('https://evil.example/device.sso.us-east-1.amazonaws.com')).toBe(false);
    expect(isKilnExternalLink('https://s3.amazonaws.com/evil-bucket/page.html')).toBe(false);
    expect(isKilnExternalLink('https://a.b.awsapps.com.evil.example/')).toBe(false);
  });
});
