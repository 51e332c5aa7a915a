// End to end, the operator's view of several launches: the dashboard, a live console during an install, a failed
// install kept for salvage, and terminate with cleanup. Launches are started through the backend to save time;
// the wizard has its own end-to-end test.
import { DescribeInstancesCommand, DescribeSecurityGroupsCommand } from '@aws-sdk/client-ec2';
import { describe, expect, it } from 'vitest';
import type { LaunchRecord } from '../../electron/common/models';
import { KILN_TERMINATE_AT_TAG } from '../../electron/core/launch/auto-terminate';
import { sandboxLaunchSpec } from '../support/sandbox-launch-spec';
import { useSandboxWebApp } from './support/use-sandbox-web-app';

const web = useSandboxWebApp({ sandbox: { pendingSeconds: 1 } });

const launch = (name: string, installScript: string) =>
  web.must('launch.start', { spec: sandboxLaunchSpec(name, installScript) });

describe('dashboard and outcomes', () => {
  it('shows several launches, a live console, a failure kept for salvage, and terminate with cleanup', async () => {
    const slow = await launch('slow-install', 'for i in $(seq 1 30); do echo "progress $i"; sleep 0.7; done');
    const failing = await launch('failing-install', 'echo "compiling"\necho "error: missing dependency" >&2\nexit 2');
    const quick = await launch('quick-install', 'echo done');

    for (const record of [slow, failing, quick])
      await web.page.getByTestId(`launch-link-${record.id}`).waitFor({ timeout: 20_000 });
    const row = (record: LaunchRecord) =>
      web.page.getByRole('row').filter({ has: web.page.getByTestId(`launch-link-${record.id}`) });
    await expect.poll(() => row(quick).innerText(), { timeout: 40_000 }).toContain('succeeded');
    await expect.poll(() => row(failing).innerText(), { timeout: 40_000 }).toContain('failed');
    await expect.poll(() => row(quick).innerText(), { timeout: 20_000 }).toContain('2/2 checks passed');
    expect(await web.page.getByTestId('launches-table').getByRole('row').count()).toBe(4);
    await web.app.screenshot('dashboard');

    // The live console while the slow install runs: lines keep arriving.
    await web.page.getByTestId(`launch-link-${slow.id}`).click();
    await web.page.getByTestId('launch-detail').waitFor();
    const count = () => web.page.getByTestId('log-line').count();
    await expect.poll(count, { timeout: 30_000 }).toBeGreaterThan(3);
    const early = await count();
    await expect.poll(count, { timeout: 20_000 }).toBeGreaterThan(early);
    expect(await web.page.locator('[data-testid="outcome"]').count()).toBe(0);
    await web.page.locator('[data-testid="outcome"][data-result="success"]').waitFor({ timeout: 30_000 });
    expect(await count()).toBe(30);

    // Its endpoints, and the web ports opened to the operator in the launch's own group.
    await web.page.getByTestId('endpoints').waitFor();
    expect(await web.page.getByTestId('endpoint-http').getAttribute('href')).toMatch(/^http:\/\/[a-z0-9.-]+\/$/);
    await web.page.getByTestId('open-web-access-button').click();
    await web.page.locator('[data-testid="web-access"][data-open="true"]').waitFor({ timeout: 10_000 });
    await web.app.screenshot('success-endpoints');

    // The failed install: kept for salvage, with the banner and the tag on the instance.
    await web.page.getByTestId('back-to-launches').click();
    await web.page.getByTestId(`launch-link-${failing.id}`).click();
    await web.page.locator('[data-testid="outcome"][data-result="failure"]').waitFor({ timeout: 30_000 });
    expect(await web.page.getByTestId('exit-code').getAttribute('data-value')).toBe('2');
    await expect
      .poll(() => web.page.getByTestId('failure-tail').innerText(), { timeout: 10_000 })
      .toContain('error: missing dependency');
    await web.page.getByTestId('keep-for-salvage-button').click();
    await web.page.getByTestId('auto-terminate-banner').waitFor({ timeout: 10_000 });
    const described = await web.env.ec2().send(new DescribeInstancesCommand({ InstanceIds: [failing.instanceId!] }));
    expect(described.Reservations![0].Instances![0].Tags?.some((t) => t.Key === KILN_TERMINATE_AT_TAG)).toBe(true);
    await web.app.screenshot('failure-salvage');

    // Terminate with cleanup.
    await web.page.getByTestId('terminate-button').click();
    await web.page.getByTestId('confirm-terminate-button').click();
    await web.page.locator('[data-testid="security-group"][data-deleted="true"]').waitFor({ timeout: 30_000 });
    await expect(
      web.env.ec2().send(new DescribeSecurityGroupsCommand({ GroupIds: [failing.securityGroupId!] })),
    ).rejects.toMatchObject({ name: 'InvalidGroup.NotFound' });
    expect(await web.page.getByTestId('auto-terminate-banner').count()).toBe(0);
  }, 150_000);
});
