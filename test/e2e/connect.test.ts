// End to end: the Connect tab in Debian Chromium, through web mode, on the local sandbox with a real sshd per
// instance. A launch made in the wizard (no key pair) is entered through EC2 Instance Connect; a launch with its own
// key file through that key; both answer `hostname; id -un` in the xterm pane. Then the sandbox regenerates the
// instance's host keys and the terminal refuses the changed key with a clear message instead of connecting.
import { existsSync } from 'node:fs';
import { mkdtemp } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import type { LaunchRecord } from '../../electron/common/models';
import { SANDBOX_PROFILE_ID } from '../../electron/core/profiles/sandbox-profile';
import { sandboxLoginUser } from '../../electron/core/sandbox/address';
import { waitFor } from '../support/wait';
import { useSandboxWebApp } from './support/use-sandbox-web-app';
import { launchFromReview, walkToReview } from './support/wizard-driver';

const hasSshd = existsSync('/usr/sbin/sshd');
const web = useSandboxWebApp({ sandbox: { pendingSeconds: 1, hostRegions: ['us-east-1'] }, skip: !hasSshd });
const { must } = web;
const user = sandboxLoginUser();

/** Opens the Connect tab from the outcome, then a terminal, types a command and waits for its answer in the pane. */
async function terminalAnswers(command: string, answer: RegExp): Promise<string> {
  await web.page.locator('[data-testid="outcome"][data-result="success"]').waitFor({ timeout: 60_000 });
  await web.page.getByTestId('outcome-connect-button').click();
  await web.page.locator('[data-testid="connect-panel"][data-state="ready"]').waitFor({ timeout: 20_000 });
  await web.page.getByTestId('open-terminal').click();
  const session = web.page.locator('[data-testid="terminal-session"]').last();
  await session.and(web.page.locator('[data-state="connected"]')).waitFor({ timeout: 20_000 });
  await session.getByTestId('terminal-pane').click();
  await web.page.keyboard.type(command);
  await web.page.keyboard.press('Enter');
  const rows = session.locator('.xterm-rows');
  await expect.poll(() => rows.innerText(), { timeout: 15_000 }).toMatch(answer);
  return rows.innerText();
}

async function openLaunch(record: LaunchRecord): Promise<void> {
  await web.page.getByTestId('back-to-launches').click();
  await web.page.getByTestId(`launch-link-${record.id}`).click();
  await web.page.locator(`[data-testid="launch-detail"][data-launch-id="${record.id}"]`).waitFor();
}

describe.skipIf(!hasSshd)('the Connect tab in the browser', () => {
  it('opens a terminal through EC2 Instance Connect on a launch without a key pair', async () => {
    await walkToReview(web.page, { name: 'e2e-connect-eic' });
    await launchFromReview(web.page);
    const text = await terminalAnswers('echo "at=$(hostname) as=$(id -un)"', new RegExp(`as=${user}\\b`));
    expect(text).toContain(`as=${user}`);
    expect(await web.page.getByTestId('connect-key').getAttribute('data-source')).toBe('instance-connect');
    expect(await web.page.getByTestId('host-key-source').getAttribute('data-source')).toBe('agent');
    const checks = await web.page
      .getByTestId('connect-check')
      .evaluateAll((nodes) => nodes.map((n) => n.getAttribute('data-ok')));
    expect(checks.length).toBeGreaterThan(0);
    expect(checks.every((ok) => ok === 'true')).toBe(true);
    await web.app.screenshot('connect-terminal');
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
    expect(await web.page.getByTestId('connect-key').getAttribute('data-source')).toBe('launch-key-file');

    const record = await waitFor(
      'the instance id',
      async () => (await must('launch.list', {})).find((r) => r.id === launched.id)?.instanceId,
    );
    await web.env.sandbox.host.regenerateHostKeys(record);
    await web.page.getByTestId('open-terminal').click();
    const refused = web.page.locator('[data-testid="terminal-error"]').last();
    await refused.waitFor({ timeout: 20_000 });
    expect(await refused.getAttribute('data-code')).toBe('HostKeyMismatch');
    expect(await refused.innerText()).toMatch(/not one of this instance's verified host keys/);
    await web.app.screenshot('connect-host-key-refused');
  }, 150_000);
});
