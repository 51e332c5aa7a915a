// End to end: a launch with a DNS name through the wizard in Debian Chromium, web mode, on the sandbox (moto's
// Route 53). A hosted zone is made in moto first; the Advanced step's DNS name picks it in the hosted zone picker;
// the Review step shows the name; the launch page shows the name in sync with the instance's public IP, which is
// what moto's A record holds; after terminate the page says the record was deleted and moto has no record left.
import { DescribeInstancesCommand } from '@aws-sdk/client-ec2';
import { ListResourceRecordSetsCommand, Route53Client } from '@aws-sdk/client-route-53';
import { describe, expect, it } from 'vitest';
import { createHostedZone } from '../support/hosted-zone';
import { useSandboxWebApp } from './support/use-sandbox-web-app';
import { choose, launchFromReview, typeScript, walkToReview } from './support/wizard-driver';

const web = useSandboxWebApp({
  sandbox: { pendingSeconds: 1, hostRegions: ['us-east-1'] },
  setup: async (env) => {
    const route53 = env.client(Route53Client);
    return { route53, zoneId: await createHostedZone(route53, 'e2e.test', 'launch-dns-e2e') };
  },
});

/** The A records moto holds in the zone, by name. */
async function aRecords(): Promise<Record<string, string[]>> {
  const { route53, zoneId } = web.setup;
  const out = await route53.send(new ListResourceRecordSetsCommand({ HostedZoneId: zoneId }));
  return Object.fromEntries(
    (out.ResourceRecordSets ?? [])
      .filter((r) => r.Type === 'A')
      .map((r) => [r.Name!.replace(/\.$/, ''), (r.ResourceRecords ?? []).map((v) => v.Value!)]),
  );
}

describe('a launch with a DNS name in the browser', () => {
  it('picks the zone, shows the name in sync with the public IP, and removes the record on terminate', async () => {
    await walkToReview(web.page, {
      name: 'dns-e2e',
      at: {
        'install-script': (p) => typeScript(p, 'echo "dns launch"'),
        advanced: async () => {
          await web.page.getByTestId('wizard-dns-toggle').locator('input').check();
          await choose(web.page, 'wizard-zone-select', /e2e\.test/);
          await expect
            .poll(() => web.page.getByTestId('wizard-record-input').inputValue(), { timeout: 10_000 })
            .toBe('dns-e2e.e2e.test');
          await web.page.getByTestId('wizard-record-input').fill('build.e2e.test');
        },
      },
    });
    expect(await web.page.getByTestId('review-dns').innerText()).toBe(
      `build.e2e.test (A record in hosted zone ${web.setup.zoneId})`,
    );
    await launchFromReview(web.page);

    const inSync = web.page.locator('[data-testid="launch-dns-state"][data-state="in-sync"]');
    await inSync.waitFor({ timeout: 60_000 });
    expect(await web.page.getByTestId('launch-dns-name').getAttribute('data-value')).toBe('build.e2e.test');
    const instanceId = (await web.page.getByTestId('instance-id').innerText()).trim();
    const described = await web.env.ec2().send(new DescribeInstancesCommand({ InstanceIds: [instanceId] }));
    const publicIp = described.Reservations![0].Instances![0].PublicIpAddress!;
    expect(await inSync.getAttribute('data-value')).toBe(publicIp);
    expect(await aRecords()).toEqual({ 'build.e2e.test': [publicIp] });
    await web.app.screenshot('launch-dns-in-sync');

    await web.page.getByTestId('terminate-button').click();
    await web.page.getByTestId('confirm-terminate-button').click();
    await web.page.locator('[data-testid="launch-dns-state"][data-state="deleted"]').waitFor({ timeout: 60_000 });
    expect(await aRecords()).toEqual({});
  }, 180_000);
});
