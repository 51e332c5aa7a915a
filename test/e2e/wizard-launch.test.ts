// End to end: two launches through the wizard in Debian Chromium, web mode, on the local sandbox, read back from
// moto. A new ED25519 key pair saved to disk (checked with ssh-keygen against the public key moto stored), and an
// existing key pair with an existing security group beside Kiln's own per-launch group.
import { execFileSync } from 'node:child_process';
import { mkdtemp, stat } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import {
  CreateSecurityGroupCommand,
  DescribeInstancesCommand,
  DescribeKeyPairsCommand,
  DescribeSecurityGroupsCommand,
  DescribeVpcsCommand,
  ImportKeyPairCommand,
} from '@aws-sdk/client-ec2';
import { describe, expect, it } from 'vitest';
import { useSandboxWebApp } from './support/use-sandbox-web-app';
import { choose, launchFromReview, typeScript, walkToReview } from './support/wizard-driver';

const web = useSandboxWebApp({
  sandbox: { pendingSeconds: 1, hostRegions: ['us-east-1'] },
  setup: async (env) => {
    const ec2 = env.ec2();
    const dir = await mkdtemp(path.join(os.tmpdir(), 'kiln-wizard-keys-'));
    execFileSync('ssh-keygen', ['-q', '-t', 'ed25519', '-N', '', '-f', path.join(dir, 'team')]);
    await ec2.send(
      new ImportKeyPairCommand({
        KeyName: 'team-key',
        PublicKeyMaterial: execFileSync('cat', [path.join(dir, 'team.pub')]),
      }),
    );
    const defaultVpc = (
      await ec2.send(new DescribeVpcsCommand({ Filters: [{ Name: 'is-default', Values: ['true'] }] }))
    ).Vpcs![0].VpcId!;
    const existingGroupId = (
      await ec2.send(
        new CreateSecurityGroupCommand({
          GroupName: 'office-ssh',
          Description: 'SSH from the office',
          VpcId: defaultVpc,
        }),
      )
    ).GroupId!;
    return { ec2, dir, existingGroupId };
  },
});

async function launchedInstance() {
  const instanceId = (await web.page.getByTestId('instance-id').innerText()).trim();
  expect(instanceId).toMatch(/^i-[0-9a-f]+$/);
  return (await web.setup.ec2.send(new DescribeInstancesCommand({ InstanceIds: [instanceId] }))).Reservations![0]
    .Instances![0];
}

describe('launches through the wizard', () => {
  it('creates an ED25519 key pair, saves its private key once with mode 0600, and launches to success', async () => {
    const savePath = path.join(web.setup.dir, 'kiln-ed25519');
    await walkToReview(web.page, {
      name: 'wizard-new-key',
      at: {
        'key-pair': async () => {
          await web.page.getByTestId('key-pair-mode').getByText('Create new', { exact: true }).click();
          await web.page.getByTestId('key-pair-name-input').fill('wizard-ed25519');
          await web.page.getByText('ED25519', { exact: true }).click();
          await web.page.getByTestId('key-save-path-input').fill(savePath);
        },
        'install-script': (p) => typeScript(p, 'echo "key pair launch"'),
      },
    });
    await launchFromReview(web.page);
    await web.page.locator('[data-testid="outcome"][data-result="success"]').waitFor({ timeout: 60_000 });

    expect((await stat(savePath)).mode & 0o777).toBe(0o600);
    // ssh-keygen is the oracle: it reads the file as an OpenSSH private key and derives its public key.
    const derived = execFileSync('ssh-keygen', ['-y', '-f', savePath], { encoding: 'utf8' }).trim().split(/\s+/);
    expect(derived[0]).toBe('ssh-ed25519');
    const stored = (
      await web.setup.ec2.send(new DescribeKeyPairsCommand({ KeyNames: ['wizard-ed25519'], IncludePublicKey: true }))
    ).KeyPairs![0];
    expect(stored.KeyType).toBe('ed25519');
    expect(stored.PublicKey!.trim().split(/\s+/).slice(0, 2)).toEqual(derived.slice(0, 2));
    expect((await launchedInstance()).KeyName).toBe('wizard-ed25519');
    await web.app.screenshot('wizard-new-key-success');
  }, 150_000);

  it('launches with an existing key pair and an existing security group; Kiln’s group opens only the agent port', async () => {
    await web.page.getByTestId('back-to-launches').click();
    await walkToReview(web.page, {
      name: 'wizard-existing',
      at: {
        'key-pair': async () => {
          await web.page.getByTestId('key-pair-mode').getByText('Existing', { exact: true }).click();
          await choose(web.page, 'existing-key-select', /team-key/);
        },
        network: async () => {
          await web.page.getByTestId('security-group-mode').getByText('Existing groups', { exact: true }).click();
          await choose(web.page, 'existing-groups-select', /office-ssh/);
          await web.page.keyboard.press('Escape');
        },
      },
    });
    await launchFromReview(web.page);

    const instance = await launchedInstance();
    expect(instance.KeyName).toBe('team-key');
    const groups = instance.NetworkInterfaces![0].Groups!.map((g) => g.GroupId!);
    expect(groups).toContain(web.setup.existingGroupId);
    expect((instance.SecurityGroups ?? []).map((g) => g.GroupId)).toEqual(expect.arrayContaining(groups));
    const kilnGroups = groups.filter((g) => g !== web.setup.existingGroupId);
    expect(kilnGroups).toHaveLength(1);
    const kilnGroup = (await web.setup.ec2.send(new DescribeSecurityGroupsCommand({ GroupIds: kilnGroups })))
      .SecurityGroups![0];
    expect(kilnGroup.Tags?.map((t) => t.Key)).toContain('kiln:launch-id');
    expect(kilnGroup.IpPermissions!.map((p) => [p.IpProtocol, p.FromPort, p.ToPort])).toEqual([['tcp', 8443, 8443]]);
  }, 120_000);
});
