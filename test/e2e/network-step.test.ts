// End to end: the wizard's network section in Debian Chromium, through web mode, on the local sandbox. Picks a VPC
// that is not the default, its subnet, an explicit public IP and an existing security group, launches, and reads back
// from moto what RunInstances received.
import { mkdir } from 'node:fs/promises';
import path from 'node:path';
import {
  AuthorizeSecurityGroupIngressCommand,
  CreateSecurityGroupCommand,
  CreateSubnetCommand,
  CreateTagsCommand,
  CreateVpcCommand,
  DescribeInstancesCommand,
  DescribeSecurityGroupsCommand,
} from '@aws-sdk/client-ec2';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createWebServer, type WebServer } from '../../electron/server/web-server';
import { ensureRendererBuilt } from '../support/built-app';
import { launchChromium } from '../support/chromium';
import { REPO_ROOT, startSandboxBackend, type SandboxBackend } from '../support/sandbox-backend';

const OUTPUT_DIR = path.join(REPO_ROOT, 'test-results', 'e2e');
let env: SandboxBackend;
let server: WebServer;
let browser: Browser;
let page: Page;
let network: { vpcId: string; subnetId: string; groupId: string };

beforeAll(async () => {
  await mkdir(OUTPUT_DIR, { recursive: true });
  const staticDir = await ensureRendererBuilt();
  env = await startSandboxBackend({ pendingSeconds: 1 });
  const ec2 = env.ec2();
  const vpcId = (await ec2.send(new CreateVpcCommand({ CidrBlock: '10.50.0.0/16' }))).Vpc!.VpcId!;
  await ec2.send(new CreateTagsCommand({ Resources: [vpcId], Tags: [{ Key: 'Name', Value: 'build' }] }));
  const subnetId = (await ec2.send(new CreateSubnetCommand({ VpcId: vpcId, CidrBlock: '10.50.1.0/24', AvailabilityZone: 'us-east-1b' }))).Subnet!.SubnetId!;
  const groupId = (await ec2.send(new CreateSecurityGroupCommand({ GroupName: 'corp-ssh', Description: 'SSH from the office', VpcId: vpcId }))).GroupId!;
  await ec2.send(
    new AuthorizeSecurityGroupIngressCommand({
      GroupId: groupId,
      IpPermissions: [{ IpProtocol: 'tcp', FromPort: 22, ToPort: 22, IpRanges: [{ CidrIp: '198.51.100.0/24' }] }],
    }),
  );
  network = { vpcId, subnetId, groupId };
  server = createWebServer({ handlers: env.backend.handlers, events: env.backend.events, staticDir, token: 'e2e-session-token', log: (m, e) => console.error(m, e) });
  const { url } = await server.listen(0);
  browser = await launchChromium();
  page = await browser.newPage({ viewport: { width: 1400, height: 1000 } });
  page.on('pageerror', (error) => console.error('page error:', error));
  await page.goto(url);
}, 120_000);

afterAll(async () => {
  await browser?.close();
  await server?.close();
  await env?.stop();
});

describe('the network section in Chromium', () => {
  it('launches into a chosen VPC and subnet with a public IP and an existing group beside Kiln’s', async () => {
    await page.getByTestId('launch-instance-button').click();
    await expect.poll(() => page.getByTestId('region-select').innerText(), { timeout: 20_000 }).toContain('us-east-1');
    const next = () => page.getByRole('button', { name: 'Next', exact: true }).click();
    await next();
    await page.getByTestId('instance-name-input').fill('network-e2e');
    await next();
    await page.getByTestId('ami-tiles').getByText('Amazon Linux 2023', { exact: true }).waitFor({ timeout: 20_000 });
    await next();
    await expect.poll(() => page.getByTestId('instance-type-select').innerText(), { timeout: 20_000 }).toContain('t3.micro');
    await next();
    await page.getByTestId('key-pair-mode').waitFor();
    await next();
    await expect.poll(() => page.getByTestId('vpc-select').innerText(), { timeout: 20_000 }).toContain('(default)');

    await page.getByTestId('vpc-select').locator('button').first().click();
    await page.getByRole('option', { name: new RegExp(`build · ${network.vpcId}`) }).click();
    await page.getByTestId('subnet-select').locator('button').first().click();
    await page.getByRole('option', { name: new RegExp(network.subnetId) }).click();
    await page.getByTestId('no-public-ip-warning').waitFor({ timeout: 10_000 });
    await page.getByTestId('public-ip-control').getByRole('button', { name: 'Enable' }).click();
    await page.getByTestId('no-public-ip-warning').waitFor({ state: 'detached', timeout: 10_000 });
    await page.getByTestId('security-group-mode').getByText('Existing groups', { exact: true }).click();
    await page.getByTestId('existing-groups-select').locator('button').first().click();
    await page.getByRole('option', { name: /corp-ssh/ }).click();
    await page.keyboard.press('Escape');
    await page.getByTestId('existing-groups-select').scrollIntoViewIfNeeded();
    await page.screenshot({ path: path.join(OUTPUT_DIR, 'network-section.png'), fullPage: true });

    // Storage, install script and advanced keep their defaults.
    await next();
    await page.getByTestId('root-volume-size-input').waitFor();
    await next();
    await page.getByTestId('script-editor-kind').waitFor();
    await next();
    await page.getByTestId('instance-count-input').waitFor();
    await next();
    await expect.poll(() => page.getByTestId('review-network').innerText()).toContain(`${network.vpcId} · ${network.subnetId} · public IP · ${network.groupId}`);
    await page.getByRole('button', { name: 'Launch', exact: true }).click();
    await page.getByTestId('launch-detail').waitFor({ timeout: 30_000 });

    const instanceId = (await page.getByTestId('instance-id').innerText()).trim();
    const ec2 = env.ec2();
    const instance = (await ec2.send(new DescribeInstancesCommand({ InstanceIds: [instanceId] }))).Reservations![0]!.Instances![0]!;
    expect(instance).toMatchObject({ VpcId: network.vpcId, SubnetId: network.subnetId });
    expect(instance.PublicIpAddress).toBeTruthy();
    const groups = instance.NetworkInterfaces![0]!.Groups!.map((g) => g.GroupId!);
    expect(groups).toContain(network.groupId);
    const kilnGroup = groups.find((g) => g !== network.groupId)!;
    const described = await ec2.send(new DescribeSecurityGroupsCommand({ GroupIds: [kilnGroup] }));
    expect(described.SecurityGroups![0]!.IpPermissions!.map((p) => p.FromPort)).toEqual([8443]);
  }, 120_000);
});
