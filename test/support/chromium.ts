/** Debian's Chromium driven by Playwright (no browser download): the flags measured to work on these machines. */
import { mkdtemp } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { chromium, type Browser } from 'playwright-core';

export const CHROMIUM_PATH = process.env.KILN_CHROMIUM ?? '/usr/bin/chromium';

export async function launchChromium(): Promise<Browser> {
  // Chromium writes crash data under XDG_CONFIG_HOME even with a user data dir.
  const configHome = await mkdtemp(path.join(os.tmpdir(), 'kiln-chromium-'));
  return chromium.launch({
    executablePath: CHROMIUM_PATH,
    headless: true,
    env: { ...process.env, XDG_CONFIG_HOME: configHome },
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      '--no-first-run',
      '--disable-quic',
    ],
  });
}
