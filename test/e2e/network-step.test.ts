// End to end: the wizard's network section in Debian Chromium, through web mode, on the local sandbox. Picks a VPC
// that is not the default, its subnet, an explicit public IP and an existing security group, launches, and reads back
// from moto what RunInstances received.
import {
  AuthorizeSecurityGroupIngressCommand,
  CreateSecurityGroupCommand,
  CreateSubnetCommand,
  CreateTagsCommand,
  CreateVpcCommand,
  DescribeInstancesCommand,
  DescribeSecurityGroupsCommand,
} from '@aws-sdk/client-ec2';
import { describe, expect, it } from 'vitest';
import { useSandboxWebApp } from './support/use-sandbox-web-app';
import { choose, launchFromReview, walkToReview } from './support/wizard-driver';

const web = useSandboxWebApp({
  sandbox: { pendingSeconds: 1 },
  setup: async (env) => {
    const ec2 = env.ec2();
    const vpcId = (await ec2.send(new CreateVpcCommand({ CidrBlock: '10.50.0.0/16' }))).Vpc!.VpcId!;
    await ec2.send(new CreateTagsCommand({ Resources: [vpcId], Tags: [{ Key: 'Name', Value: 'build' }] }));
    const subnetId = (
      await ec2.send(
        new CreateSubnetCommand({ VpcId: vpcId, CidrBlock: '10.50.1.0/24', AvailabilityZone: 'us-east-1b' }),
      )
    ).Subnet!.SubnetId!;
    const groupId = (
      await ec2.send(
        new CreateSecurityGroupCommand({ GroupName: 'corp-ssh', Description: 'SSH from the office', VpcId: vpcId }),
      )
    ).GroupId!;
    await ec2.send(
      new AuthorizeSecurityGroupIngressCommand({
        GroupId: groupId,
        IpPermissions: [{ IpProtocol: 'tcp', FromPort: 22, ToPort: 22, IpRanges: [{ CidrIp: '198.51.100.0/24' }] }],
      }),
    );
    return { vpcId, subnetId, groupId };
  },
});

describe('the network section in Chromium', () => {
  it('launches into a chosen VPC and subnet with a public IP and an existing group beside Kiln’s', async () => {
    await walkToReview(web.page, {
      name: 'network-e2e',
      at: {
        network: async () => {
          await choose(web.page, 'vpc-select', new RegExp(`build · ${web.setup.vpcId}`));
          await choose(web.page, 'subnet-select', new RegExp(web.setup.subnetId));
          await web.page.getByTestId('no-public-ip-warning').waitFor({ timeout: 10_000 });
          await web.page.getByTestId('public-ip-control').getByRole('button', { name: 'Enable' }).click();
          await web.page.getByTestId('no-public-ip-warning').waitFor({ state: 'detached', timeout: 10_000 });
          await web.page.getByTestId('security-group-mode').getByText('Existing groups', { exact: true }).click();
          await choose(web.page, 'existing-groups-select', /corp-ssh/);
          await web.page.keyboard.press('Escape');
          await web.page.getByTestId('existing-groups-select').scrollIntoViewIfNeeded();
          await web.app.screenshot('network-section');
        },
      },
    });
    // Storage, install script and advanced keep their defaults.
    await expect
      .poll(() => web.page.getByTestId('review-network').innerText())
      .toContain(`${web.setup.vpcId} · ${web.setup.subnetId} · public IP · ${web.setup.groupId}`);
    await launchFromReview(web.page);

    const instanceId = (await web.page.getByTestId('instance-id').innerText()).trim();
    const ec2 = web.env.ec2();
    const instance = (await ec2.send(new DescribeInstancesCommand({ InstanceIds: [instanceId] }))).Reservations![0]
      .Instances![0];
    expect(instance).toMatchObject({ VpcId: web.setup.vpcId, SubnetId: web.setup.subnetId });
    expect(instance.PublicIpAddress).toBeTruthy();
    const groups = instance.NetworkInterfaces![0].Groups!.map((g) => g.GroupId!);
    expect(groups).toContain(web.setup.groupId);
    const kilnGroup = groups.find((g) => g !== web.setup.groupId)!;
    const described = await ec2.send(new DescribeSecurityGroupsCommand({ GroupIds: [kilnGroup] }));
    expect(described.SecurityGroups![0].IpPermissions!.map((p) => p.FromPort)).toEqual([8443]);
  }, 120_000);
});
