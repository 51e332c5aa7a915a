// End to end: the Fleets pages in Debian Chromium, through web mode, on the sandbox (moto emulates Auto Scaling,
// ELBv2 and Route 53). A hosted zone is made in moto first; the Create fleet form makes a fleet of min 1 / max 3 with
// a load balancer and a DNS name; the list shows it active with the load balancer's DNS name; Scale… sets desired to
// 2 and moto's group follows; Delete (typed name) removes it, and moto holds zero Kiln fleet resources after.
import { DescribeAutoScalingGroupsCommand } from '@aws-sdk/client-auto-scaling';
import { describe, expect, it } from 'vitest';
import { fleetResources, NO_FLEET_RESOURCES, sandboxFleetClients } from '../support/fleet-resources';
import { useSandboxWebApp } from './support/use-sandbox-web-app';
import { choose } from './support/wizard-driver';

const web = useSandboxWebApp({
  sandbox: { pendingSeconds: 1, hostRegions: ['us-east-1'] },
  setup: (env) => sandboxFleetClients(env, { name: 'example.test', callerReference: 'fleets-e2e' }),
});

const counts = () => fleetResources(web.setup);
const row = () => web.page.getByTestId('fleet-row').first();
const rowActions = async (item: 'fleet-scale' | 'fleet-delete') => {
  await web.page.getByRole('button', { name: 'Actions for fleet e2e-web' }).click();
  await web.page.getByTestId(item).click();
};

describe('fleets in the browser', () => {
  it('creates a fleet with a load balancer and a DNS name, scales it to 2, and deletes every resource', async () => {
    await web.page.goto(`${new URL(web.app.url).origin}/#/fleets`);
    await web.page.getByTestId('fleets-empty').waitFor({ timeout: 20_000 });
    await web.page.getByTestId('create-fleet-button').click();

    await expect
      .poll(() => web.page.getByTestId('fleet-region-select').innerText(), { timeout: 20_000 })
      .toContain('us-east-1');
    await web.page.getByTestId('fleet-name-input').fill('e2e-web');
    await web.page.getByTestId('fleet-image-input').locator('input').fill('ami-0ed094fb1304fd857');
    await web.page.keyboard.press('Escape');
    await expect
      .poll(() => web.page.getByTestId('fleet-type-select').innerText(), { timeout: 20_000 })
      .toContain('t3.micro');
    await choose(web.page, 'fleet-subnets-select', /\(us-east-1a\)/);
    await web.page.getByRole('option', { name: /\(us-east-1b\)/ }).click();
    await web.page.keyboard.press('Escape');
    await web.page.getByTestId('fleet-max-input').fill('3');
    await expect
      .poll(() => web.page.getByTestId('fleet-source-radio').innerText(), { timeout: 20_000 })
      .toMatch(/\d+\.\d+\.\d+\.\d+\/32/);
    await web.page.getByTestId('fleet-dns-toggle').locator('input').check();
    await choose(web.page, 'fleet-zone-select', /example\.test/);
    await web.page.getByTestId('fleet-record-input').fill('app.example.test');

    await web.page.getByTestId('fleet-review-button').click();
    await web.page.getByTestId('fleet-review').waitFor({ timeout: 60_000 });
    const planned = await web.page.getByTestId('fleet-plan-resources').innerText();
    expect(planned).toContain(web.setup.zoneId);
    const resources = web.page.getByTestId('fleet-plan-resources').locator('tbody tr');
    expect(await resources.count()).toBe(9);
    expect(Number(await web.page.getByTestId('fleet-cost-max').getAttribute('data-value'))).toBeGreaterThan(
      Number(await web.page.getByTestId('fleet-cost-min').getAttribute('data-value')),
    );
    await web.app.screenshot('fleet-review');
    await web.page.getByTestId('fleet-create').click();

    await web.page.getByTestId('fleets-view').waitFor({ timeout: 120_000 });
    await web.page.locator('[data-testid="fleet-row"][data-state="active"]').waitFor({ timeout: 60_000 });
    expect(await row().locator('xpath=ancestor::tr').getByTestId('fleet-lb-dns').getAttribute('data-value')).toMatch(
      /elb\.amazonaws\.com$/,
    );
    expect(await web.page.getByTestId('fleet-dns-record').first().innerText()).toBe('app.example.test');
    expect(await counts()).toMatchObject({ instances: 1, groups: 1, loadBalancers: 1, targetGroups: 1 });
    await web.app.screenshot('fleet-active');

    await rowActions('fleet-scale');
    await web.page.getByTestId('scale-desired-input').fill('2');
    await web.page.getByTestId('scale-fleet-confirm').click();
    await expect
      .poll(() => web.page.getByTestId('fleet-capacity').first().innerText(), { timeout: 30_000 })
      .toBe('1 / 2 / 3');
    const [group] =
      (await web.setup.autoscaling.send(new DescribeAutoScalingGroupsCommand({}))).AutoScalingGroups ?? [];
    expect(group).toMatchObject({ MinSize: 1, DesiredCapacity: 2, MaxSize: 3 });
    await expect.poll(async () => (await counts()).instances, { timeout: 30_000 }).toBe(2);

    await rowActions('fleet-delete');
    expect(await web.page.getByTestId('delete-fleet-resource').count()).toBe(9);
    await web.page.getByTestId('delete-fleet-name-input').fill('e2e-web');
    await web.page.getByTestId('delete-fleet-confirm').click();
    await expect.poll(() => web.page.getByTestId('fleet-row').count(), { timeout: 240_000, interval: 1_000 }).toBe(0);
    await web.page.getByTestId('fleets-empty').waitFor();
    expect(await counts()).toEqual(NO_FLEET_RESOURCES);
  }, 420_000);
});
