// End to end: the Connect tab in Debian Chromium, through web mode, on the local sandbox with a real sshd per
// instance. A launch made in the wizard (no key pair) is entered through EC2 Instance Connect; a launch with its own
// key file through that key; both answer `hostname; id -un` in the xterm pane. Then the sandbox regenerates the
// instance's host keys and the terminal refuses the changed key with a clear message instead of connecting.
import { existsSync } from 'node:fs';
import { mkdtemp } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { LaunchRecord } from '../../electron/common/models';
import { SANDBOX_PROFILE_ID } from '../../electron/core/profiles/sandbox-profile';
import { sandboxLoginUser } from '../../electron/core/sandbox/address';
import { backendCommands } from '../support/backend-commands';
import { startSandboxBackend, type SandboxBackend } from '../support/sandbox-backend';
import { waitFor } from '../support/wait';
import { openWebApp, type WebApp } from './support/web-app';
import { launchFromReview, walkToReview } from './support/wizard-driver';

const hasSshd = existsSync('/usr/sbin/sshd');
let env: SandboxBackend;
let app: WebApp;
let page: Page;
const { must } = backendCommands(() => env.backend.handlers);
const user = sandboxLoginUser();

beforeAll(async () => {
  if (!hasSshd) return;
  env = await startSandboxBackend({ pendingSeconds: 1, hostRegions: ['us-east-1'] });
  app = await openWebApp(env.backend);
  page = app.page;
}, 120_000);

afterEach(async ({ task }) => {
  if (task.result?.state === 'fail') await app?.screenshot(`failed-${task.name.slice(0, 40)}`);
});

afterAll(async () => {
  await app?.close();
  await env?.stop();
});

/** Opens the Connect tab from the outcome, then a terminal, types a command and waits for its answer in the pane. */
async function terminalAnswers(command: string, answer: RegExp): Promise<string> {
  await page.locator('[data-testid="outcome"][data-result="success"]').waitFor({ timeout: 60_000 });
  await page.getByTestId('outcome-connect-button').click();
  await page.locator('[data-testid="connect-panel"][data-state="ready"]').waitFor({ timeout: 20_000 });
  await page.getByTestId('open-terminal').click();
  const session = page.locator('[data-testid="terminal-session"]').last();
  await session.and(page.locator('[data-state="connected"]')).waitFor({ timeout: 20_000 });
  await session.getByTestId('terminal-pane').click();
  await page.keyboard.type(command);
  await page.keyboard.press('Enter');
  const rows = session.locator('.xterm-rows');
  await expect.poll(() => rows.innerText(), { timeout: 15_000 }).toMatch(answer);
  return rows.innerText();
}

async function openLaunch(record: LaunchRecord): Promise<void> {
  await page.getByTestId('back-to-launches').click();
  await page.getByTestId(`launch-link-${record.id}`).click();
  await page.locator(`[data-testid="launch-detail"][data-launch-id="${record.id}"]`).waitFor();
}

describe.skipIf(!hasSshd)('the Connect tab in the browser', () => {
  it('opens a terminal through EC2 Instance Connect on a launch without a key pair', async () => {
    await walkToReview(page, { name: 'e2e-connect-eic' });
    await launchFromReview(page);
    const text = await terminalAnswers('echo "at=$(hostname) as=$(id -un)"', new RegExp(`as=${user}\\b`));
    expect(text).toContain(`as=${user}`);
    expect(await page.getByTestId('connect-key').getAttribute('data-source')).toBe('instance-connect');
    expect(await page.getByTestId('host-key-source').getAttribute('data-source')).toBe('agent');
    const checks = await page
      .getByTestId('connect-check')
      .evaluateAll((nodes) => nodes.map((n) => n.getAttribute('data-ok')));
    expect(checks.length).toBeGreaterThan(0);
    expect(checks.every((ok) => ok === 'true')).toBe(true);
    await app.screenshot('connect-terminal');
  }, 150_000);

  it("opens a terminal with the launch's own key, and refuses a changed host key", async () => {
    const dir = await mkdtemp(path.join(os.tmpdir(), 'kiln-e2e-connect-'));
    const launched = await must('launch.start', {
      spec: {
        profileId: SANDBOX_PROFILE_ID,
        region: 'us-east-1',
        name: 'e2e-connect-key',
        imageId: 'ami-0ed094fb1304fd857',
        instanceType: 't3.micro',
        installScript: 'echo ready',
        keyPair: { mode: 'create', name: 'e2e-connect-key', type: 'ed25519', savePath: path.join(dir, 'key') },
      },
    });
    await openLaunch(launched);
    const text = await terminalAnswers('hostname; id -un', new RegExp(`^${user}$`, 'm'));
    expect(text).toContain(os.hostname());
    expect(await page.getByTestId('connect-key').getAttribute('data-source')).toBe('launch-key-file');

    const record = await waitFor(
      'the instance id',
      async () => (await must('launch.list', {})).find((r) => r.id === launched.id)?.instanceId,
    );
    await env.sandbox.host.regenerateHostKeys(record);
    await page.getByTestId('open-terminal').click();
    const refused = page.locator('[data-testid="terminal-error"]').last();
    await refused.waitFor({ timeout: 20_000 });
    expect(await refused.getAttribute('data-code')).toBe('HostKeyMismatch');
    expect(await refused.innerText()).toMatch(/not one of this instance's verified host keys/);
    await app.screenshot('connect-host-key-refused');
  }, 150_000);
});
