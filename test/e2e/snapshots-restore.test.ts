// End to end: Snapshots and Restore in Debian Chromium, through web mode, on the sandbox. The install script writes
// v1; the launch page's "Take snapshot now" takes a snapshot, the data becomes v2 (written to the instance's disk,
// its root/ directory, as an application would), a second snapshot is taken; the older one is restored by swapping
// the root volume from the Restore dialog, which says what that does to the instance id and the IP address first,
// shows the steps, and the instance's file reads v1 again.
import { readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { SANDBOX_PROFILE_ID } from '../../electron/core/profiles/sandbox-profile';
import { useSandboxWebApp } from './support/use-sandbox-web-app';

const web = useSandboxWebApp({ sandbox: { pendingSeconds: 1, hostRegions: ['us-east-1'] } });
const { must } = web;

describe('snapshots and restore in the browser', () => {
  it('takes two snapshots and restores the older one by swapping the root volume', async () => {
    const launched = await must('launch.start', {
      spec: {
        profileId: SANDBOX_PROFILE_ID,
        region: 'us-east-1',
        name: 'e2e-restore',
        imageId: 'ami-0ed094fb1304fd857',
        instanceType: 't3.micro',
        installScript: 'echo v1 > "$KILN_ROOT/data.txt" && echo wrote v1',
      },
    });
    await web.page.reload();
    await web.page.getByTestId(`launch-link-${launched.id}`).click();
    await web.page.locator('[data-testid="outcome"][data-result="success"]').waitFor({ timeout: 60_000 });
    const instanceId = (await must('launch.list', {})).find((r) => r.id === launched.id)!.instanceId!;
    const dataFile = path.join(web.env.sandbox.rootDir, 'instances', instanceId, 'root', 'data.txt');

    await web.page.getByTestId('snapshots-tab').click();
    const panel = web.page.getByTestId('snapshots');
    const rows = panel.getByTestId('snapshot-state');
    await panel.getByTestId('take-snapshot-button').click();
    await expect.poll(() => rows.count(), { timeout: 20_000 }).toBe(1);
    const older = (await rows.first().getAttribute('data-snapshot'))!;
    // EC2 gives StartTime to the second: the second snapshot is taken a second later, as any would be.
    await web.page.waitForTimeout(1_100);
    await writeFile(dataFile, 'v2\n');
    await panel.getByTestId('take-snapshot-button').click();
    await expect.poll(() => rows.count(), { timeout: 20_000 }).toBe(2);
    expect(await rows.nth(1).getAttribute('data-snapshot')).toBe(older);
    expect(await rows.nth(0).getAttribute('data-state')).toBe('completed');

    await panel.getByRole('radio', { name: older }).check();
    await panel.getByTestId('restore-button').click();
    const dialog = web.page.getByTestId('restore-dialog');
    await dialog.getByTestId('restore-method-details').waitFor({ timeout: 20_000 });
    await dialog.getByText('Swap the root volume of this instance').click();
    const details = dialog.locator('[data-testid="restore-method-details"][data-method="swap-volume"]');
    await expect.poll(() => details.innerText()).toContain(`The instance id stays ${instanceId}`);
    expect(await details.innerText()).toMatch(/public IP/);
    await web.app.screenshot('restore-dialog');
    await dialog.getByTestId('restore-confirm').click();
    await dialog.getByTestId('restore-done').waitFor({ timeout: 90_000 });
    const steps = await dialog
      .getByTestId('restore-steps')
      .locator('li')
      .evaluateAll((items) => items.map((item) => item.getAttribute('data-state')));
    expect(steps.length).toBeGreaterThanOrEqual(4);
    expect(steps.every((state) => state === 'done')).toBe(true);
    expect(await readFile(dataFile, 'utf8')).toBe('v1\n');
  }, 240_000);
});
