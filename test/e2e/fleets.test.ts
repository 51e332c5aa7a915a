// End to end: the Fleets pages in Debian Chromium, through web mode, on the sandbox (moto emulates Auto Scaling,
// ELBv2 and Route 53). A hosted zone is made in moto first; the Create fleet form makes a fleet of min 1 / max 3 with
// a load balancer and a DNS name; the list shows it active with the load balancer's DNS name; Scale… sets desired to
// 2 and moto's group follows; Delete (typed name) removes it, and moto holds zero Kiln fleet resources after.
import { AutoScalingClient, DescribeAutoScalingGroupsCommand } from '@aws-sdk/client-auto-scaling';
import { ElasticLoadBalancingV2Client } from '@aws-sdk/client-elastic-load-balancing-v2';
import { CreateHostedZoneCommand, Route53Client } from '@aws-sdk/client-route-53';
import type { Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { SANDBOX_CREDENTIALS } from '../../electron/core/sandbox/address';
import { fleetResources, NO_FLEET_RESOURCES } from '../support/fleet-resources';
import { startSandboxBackend, type SandboxBackend } from '../support/sandbox-backend';
import { openWebApp, type WebApp } from './support/web-app';
import { choose } from './support/wizard-driver';

let env: SandboxBackend;
let app: WebApp;
let page: Page;
let autoscaling: AutoScalingClient;
let elbv2: ElasticLoadBalancingV2Client;
let route53: Route53Client;
let zoneId = '';

beforeAll(async () => {
  env = await startSandboxBackend({ pendingSeconds: 1, hostRegions: ['us-east-1'] });
  const config = { region: 'us-east-1', endpoint: env.sandbox.endpoint, credentials: { ...SANDBOX_CREDENTIALS } };
  autoscaling = new AutoScalingClient(config);
  elbv2 = new ElasticLoadBalancingV2Client(config);
  route53 = new Route53Client(config);
  const zone = await route53.send(new CreateHostedZoneCommand({ Name: 'example.test', CallerReference: 'fleets-e2e' }));
  zoneId = zone.HostedZone!.Id!.replace('/hostedzone/', '');
  app = await openWebApp(env.backend);
  page = app.page;
}, 120_000);

afterEach(async ({ task }) => {
  if (task.result?.state === 'fail') await app?.screenshot(`failed-${task.name.slice(0, 40)}`);
});

afterAll(async () => {
  for (const client of [autoscaling, elbv2, route53]) client?.destroy();
  await app?.close();
  await env?.stop();
});

const counts = () => fleetResources({ ec2: env.ec2('us-east-1'), autoscaling, elbv2, route53, zoneId });
const row = () => page.getByTestId('fleet-row').first();
const rowActions = async (item: 'fleet-scale' | 'fleet-delete') => {
  await page.getByRole('button', { name: 'Actions for fleet e2e-web' }).click();
  await page.getByTestId(item).click();
};

describe('fleets in the browser', () => {
  it('creates a fleet with a load balancer and a DNS name, scales it to 2, and deletes every resource', async () => {
    await page.goto(`${new URL(app.url).origin}/#/fleets`);
    await page.getByTestId('fleets-empty').waitFor({ timeout: 20_000 });
    await page.getByTestId('create-fleet-button').click();

    await expect
      .poll(() => page.getByTestId('fleet-region-select').innerText(), { timeout: 20_000 })
      .toContain('us-east-1');
    await page.getByTestId('fleet-name-input').fill('e2e-web');
    await page.getByTestId('fleet-image-input').locator('input').fill('ami-0ed094fb1304fd857');
    await page.keyboard.press('Escape');
    await expect
      .poll(() => page.getByTestId('fleet-type-select').innerText(), { timeout: 20_000 })
      .toContain('t3.micro');
    await choose(page, 'fleet-subnets-select', /\(us-east-1a\)/);
    await page.getByRole('option', { name: /\(us-east-1b\)/ }).click();
    await page.keyboard.press('Escape');
    await page.getByTestId('fleet-max-input').fill('3');
    await expect
      .poll(() => page.getByTestId('fleet-source-radio').innerText(), { timeout: 20_000 })
      .toMatch(/\d+\.\d+\.\d+\.\d+\/32/);
    await page.getByTestId('fleet-dns-toggle').locator('input').check();
    await choose(page, 'fleet-zone-select', /example\.test/);
    await page.getByTestId('fleet-record-input').fill('app.example.test');

    await page.getByTestId('fleet-review-button').click();
    await page.getByTestId('fleet-review').waitFor({ timeout: 60_000 });
    const planned = await page.getByTestId('fleet-plan-resources').innerText();
    expect(planned).toContain(zoneId);
    const resources = page.getByTestId('fleet-plan-resources').locator('tbody tr');
    expect(await resources.count()).toBe(9);
    expect(Number(await page.getByTestId('fleet-cost-max').getAttribute('data-value'))).toBeGreaterThan(
      Number(await page.getByTestId('fleet-cost-min').getAttribute('data-value')),
    );
    await app.screenshot('fleet-review');
    await page.getByTestId('fleet-create').click();

    await page.getByTestId('fleets-view').waitFor({ timeout: 120_000 });
    await page.locator('[data-testid="fleet-row"][data-state="active"]').waitFor({ timeout: 60_000 });
    expect(await row().locator('xpath=ancestor::tr').getByTestId('fleet-lb-dns').getAttribute('data-value')).toMatch(
      /elb\.amazonaws\.com$/,
    );
    expect(await page.getByTestId('fleet-dns-record').first().innerText()).toBe('app.example.test');
    expect(await counts()).toMatchObject({ instances: 1, groups: 1, loadBalancers: 1, targetGroups: 1 });
    await app.screenshot('fleet-active');

    await rowActions('fleet-scale');
    await page.getByTestId('scale-desired-input').fill('2');
    await page.getByTestId('scale-fleet-confirm').click();
    await expect
      .poll(() => page.getByTestId('fleet-capacity').first().innerText(), { timeout: 30_000 })
      .toBe('1 / 2 / 3');
    const [group] = (await autoscaling.send(new DescribeAutoScalingGroupsCommand({}))).AutoScalingGroups ?? [];
    expect(group).toMatchObject({ MinSize: 1, DesiredCapacity: 2, MaxSize: 3 });
    await expect.poll(async () => (await counts()).instances, { timeout: 30_000 }).toBe(2);

    await rowActions('fleet-delete');
    expect(await page.getByTestId('delete-fleet-resource').count()).toBe(9);
    await page.getByTestId('delete-fleet-name-input').fill('e2e-web');
    await page.getByTestId('delete-fleet-confirm').click();
    await expect.poll(() => page.getByTestId('fleet-row').count(), { timeout: 240_000, interval: 1_000 }).toBe(0);
    await page.getByTestId('fleets-empty').waitFor();
    expect(await counts()).toEqual(NO_FLEET_RESOURCES);
  }, 420_000);
});
