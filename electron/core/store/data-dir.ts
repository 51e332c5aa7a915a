/** Where Kiln keeps its data by default: the per-user config directory of the platform, as the desktop app does. */
import path from 'node:path';

/** The app's folder name under the platform's config directory (Electron's `userData` for the product name). */
export const APP_DIR_NAME = 'Kiln';

/**
 * `~/.config/Kiln` on Linux (or `$XDG_CONFIG_HOME/Kiln`), `~/Library/Application Support/Kiln` on macOS,
 * `%APPDATA%\Kiln` on Windows. Pure: the caller passes the platform, environment and home directory.
 */
export function defaultDataDir(platform: NodeJS.Platform, env: NodeJS.ProcessEnv, homeDir: string): string {
  if (platform === 'win32')
    return path.win32.join(env.APPDATA || path.win32.join(homeDir, 'AppData', 'Roaming'), APP_DIR_NAME);
  if (platform === 'darwin') return path.posix.join(homeDir, 'Library', 'Application Support', APP_DIR_NAME);
  const configHome =
    env.XDG_CONFIG_HOME && path.isAbsolute(env.XDG_CONFIG_HOME) ? env.XDG_CONFIG_HOME : path.join(homeDir, '.config');
  return path.join(configHome, APP_DIR_NAME);
}
