// End to end: a launch with a DNS name through the wizard in Debian Chromium, web mode, on the sandbox (moto's
// Route 53). A hosted zone is made in moto first; the Advanced step's DNS name picks it in the hosted zone picker;
// the Review step shows the name; the launch page shows the name in sync with the instance's public IP, which is
// what moto's A record holds; after terminate the page says the record was deleted and moto has no record left.
import { DescribeInstancesCommand } from '@aws-sdk/client-ec2';
import { CreateHostedZoneCommand, ListResourceRecordSetsCommand, Route53Client } from '@aws-sdk/client-route-53';
import type { Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { SANDBOX_CREDENTIALS } from '../../electron/core/sandbox/address';
import { startSandboxBackend, type SandboxBackend } from '../support/sandbox-backend';
import { openWebApp, type WebApp } from './support/web-app';
import { choose, launchFromReview, typeScript, walkToReview } from './support/wizard-driver';

let env: SandboxBackend;
let app: WebApp;
let page: Page;
let route53: Route53Client;
let zoneId = '';

beforeAll(async () => {
  env = await startSandboxBackend({ pendingSeconds: 1, hostRegions: ['us-east-1'] });
  route53 = new Route53Client({
    region: 'us-east-1',
    endpoint: env.sandbox.endpoint,
    credentials: { ...SANDBOX_CREDENTIALS },
  });
  const zone = await route53.send(new CreateHostedZoneCommand({ Name: 'e2e.test', CallerReference: 'launch-dns-e2e' }));
  zoneId = zone.HostedZone!.Id!.replace('/hostedzone/', '');
  app = await openWebApp(env.backend);
  page = app.page;
}, 120_000);

afterEach(async ({ task }) => {
  if (task.result?.state === 'fail') await app?.screenshot(`failed-${task.name.slice(0, 40)}`);
});

afterAll(async () => {
  route53?.destroy();
  await app?.close();
  await env?.stop();
});

/** The A records moto holds in the zone, by name. */
async function aRecords(): Promise<Record<string, string[]>> {
  const out = await route53.send(new ListResourceRecordSetsCommand({ HostedZoneId: zoneId }));
  return Object.fromEntries(
    (out.ResourceRecordSets ?? [])
      .filter((r) => r.Type === 'A')
      .map((r) => [r.Name!.replace(/\.$/, ''), (r.ResourceRecords ?? []).map((v) => v.Value!)]),
  );
}

describe('a launch with a DNS name in the browser', () => {
  it('picks the zone, shows the name in sync with the public IP, and removes the record on terminate', async () => {
    await walkToReview(page, {
      name: 'dns-e2e',
      at: {
        'install-script': (p) => typeScript(p, 'echo "dns launch"'),
        advanced: async () => {
          await page.getByTestId('wizard-dns-toggle').locator('input').check();
          await choose(page, 'wizard-zone-select', /e2e\.test/);
          await expect
            .poll(() => page.getByTestId('wizard-record-input').inputValue(), { timeout: 10_000 })
            .toBe('dns-e2e.e2e.test');
          await page.getByTestId('wizard-record-input').fill('build.e2e.test');
        },
      },
    });
    expect(await page.getByTestId('review-dns').innerText()).toBe(`build.e2e.test (A record in hosted zone ${zoneId})`);
    await launchFromReview(page);

    const inSync = page.locator('[data-testid="launch-dns-state"][data-state="in-sync"]');
    await inSync.waitFor({ timeout: 60_000 });
    expect(await page.getByTestId('launch-dns-name').getAttribute('data-value')).toBe('build.e2e.test');
    const instanceId = (await page.getByTestId('instance-id').innerText()).trim();
    const described = await env.ec2().send(new DescribeInstancesCommand({ InstanceIds: [instanceId] }));
    const publicIp = described.Reservations![0].Instances![0].PublicIpAddress!;
    expect(await inSync.getAttribute('data-value')).toBe(publicIp);
    expect(await aRecords()).toEqual({ 'build.e2e.test': [publicIp] });
    await app.screenshot('launch-dns-in-sync');

    await page.getByTestId('terminate-button').click();
    await page.getByTestId('confirm-terminate-button').click();
    await page.locator('[data-testid="launch-dns-state"][data-state="deleted"]').waitFor({ timeout: 60_000 });
    expect(await aRecords()).toEqual({});
  }, 180_000);
});
