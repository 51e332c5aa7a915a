// End to end: a fleet made from a launch's outcome, in Debian Chromium, through web mode, on the sandbox. A launch in
// a chosen subnet with one of the operator's security groups and a 20 GiB gp3 root succeeds; its page offers Create
// fleet; the form shows the launch's choices and asks for an image of the launch, whose Save as AMI is started from the
// form; once the image is available the form takes it, and Review then Create make an active fleet whose launch
// template (read from moto) holds the fleet's own group and the launch's group, and the 20 GiB encrypted root. Then the
// wizard on that Kiln-baked image offers, on Review, a fleet of it instead, and opens the form with the image.
import { CreateSecurityGroupCommand, DescribeLaunchTemplateVersionsCommand } from '@aws-sdk/client-ec2';
import { describe, expect, it } from 'vitest';
import { SANDBOX_PROFILE_ID } from '../../electron/core/profiles/sandbox-profile';
import { fleetResources, NO_FLEET_RESOURCES, sandboxFleetClients } from '../support/fleet-resources';
import { useSandboxWebApp } from './support/use-sandbox-web-app';
import { nextTo, pressNext } from './support/wizard-driver';

const web = useSandboxWebApp({
  sandbox: { pendingSeconds: 1, imageSeconds: 4, hostRegions: ['us-east-1'] },
  setup: (env) => sandboxFleetClients(env, { name: 'from-launch.test', callerReference: 'fl-e2e' }),
});
const { must } = web;

let launchId = '';
let bakedImageId = '';
const counts = () => fleetResources(web.setup);

describe('a fleet from a launch in the browser', () => {
  it('opens Create fleet with the launch’s choices, bakes its image from the form, and creates the fleet', async () => {
    const ec2 = web.env.ec2('us-east-1');
    const [subnet] = await must('network.subnets', { profileId: SANDBOX_PROFILE_ID, region: 'us-east-1', vpcId: '' });
    const group = await ec2.send(
      new CreateSecurityGroupCommand({ GroupName: 'e2e-shop-clients', Description: 'clients', VpcId: subnet.vpcId }),
    );
    const groupId = group.GroupId!;
    const launched = await must('launch.start', {
      spec: {
        profileId: SANDBOX_PROFILE_ID,
        region: 'us-east-1',
        name: 'e2e shop',
        imageId: 'ami-0ed094fb1304fd857',
        instanceType: 't3.micro',
        installScript: 'echo "shop installed"',
        network: { subnetId: subnet.subnetId, securityGroupMode: 'existing', existingGroupIds: [groupId] },
        storage: { rootVolumeSizeGiB: 20, volumeType: 'gp3', encrypted: true },
      },
    });
    launchId = launched.id;
    await web.page.goto(`${new URL(web.app.url).origin}/#/launches/${launched.id}`);
    await web.page.locator('[data-testid="outcome"][data-result="success"]').waitFor({ timeout: 90_000 });
    await web.page.getByTestId('outcome-create-fleet-button').click();

    await web.page.getByTestId('create-fleet-view').waitFor({ timeout: 20_000 });
    expect(await web.page.getByTestId('fleet-prefill-notice').innerText()).toContain(
      'Filled in from the launch e2e shop',
    );
    expect(await web.page.getByTestId('fleet-name-input').inputValue()).toBe('e2e-shop');
    expect(await web.page.getByTestId('root-volume-size-input').inputValue()).toBe('20');
    await expect
      .poll(() => web.page.getByTestId('fleet-security-groups-select').innerText(), { timeout: 20_000 })
      .toContain('e2e-shop-clients');
    await expect
      .poll(() => web.page.getByTestId('fleet-subnets-select').innerText(), { timeout: 20_000 })
      .toContain(subnet.subnetId);

    // No image of the launch yet: the form says so and starts its Save as AMI.
    await web.page.locator('[data-testid="fleet-image-needed"][data-state="no-image"]').waitFor();
    await web.app.screenshot('fleet-from-launch-needs-image');
    await web.page.getByTestId('fleet-save-as-ami').click();
    await web.page.getByTestId('bake-dialog').waitFor();
    await web.page.getByTestId('bake-name-input').locator('input').fill('e2e shop image');
    await web.page.locator('[data-testid="bake-review"][data-state="ready"]').waitFor({ timeout: 20_000 });
    await web.page.getByTestId('bake-start').click();
    await web.page.getByTestId('fleet-image-needed').waitFor({ state: 'detached', timeout: 120_000 });
    const imageId = await web.page.getByTestId('fleet-image-input').locator('input').inputValue();
    expect(imageId).toMatch(/^ami-/);
    expect(imageId).not.toBe('ami-0ed094fb1304fd857');
    bakedImageId = imageId;

    // One subnet: no load balancer (it needs two zones).
    await web.page.getByTestId('fleet-lb-toggle').locator('input').uncheck();
    await web.page.getByTestId('fleet-review-button').click();
    await web.page.getByTestId('fleet-review').waitFor({ timeout: 60_000 });
    expect(await web.page.getByTestId('fleet-review').innerText()).toContain(
      `also in ${groupId}, a 20 GiB root volume (gp3, encrypted)`,
    );
    await web.app.screenshot('fleet-from-launch-review');
    await web.page.getByTestId('fleet-create').click();

    await web.page.getByTestId('fleets-view').waitFor({ timeout: 120_000 });
    await web.page.locator('[data-testid="fleet-row"][data-state="active"]').waitFor({ timeout: 60_000 });
    const [fleet] = await must('fleets.list', {});
    expect(fleet?.spec).toMatchObject({ imageId, securityGroupIds: [groupId], subnetIds: [subnet.subnetId] });
    const own = fleet.resources.find((r) => r.kind === 'security-group')!.id!;
    const template = fleet.resources.find((r) => r.kind === 'launch-template')!.id!;
    const versions = await ec2.send(
      new DescribeLaunchTemplateVersionsCommand({ LaunchTemplateId: template, Versions: ['$Latest'] }),
    );
    const data = versions.LaunchTemplateVersions?.[0]?.LaunchTemplateData;
    expect([...(data?.SecurityGroupIds ?? [])].sort()).toEqual([own, groupId].sort());
    expect(data?.BlockDeviceMappings?.[0]?.Ebs).toMatchObject({ VolumeSize: 20, VolumeType: 'gp3', Encrypted: true });

    await must('fleets.delete', { fleetId: fleet.id });
    expect(await counts()).toEqual(NO_FLEET_RESOURCES);
  }, 420_000);

  it('offers a fleet of a Kiln-baked image on the wizard’s Review, and opens the form with the image', async () => {
    expect(bakedImageId).toMatch(/^ami-/);
    await web.page.goto(`${new URL(web.app.url).origin}/#/launches/${launchId}`);
    await web.page.getByTestId('bake-launch-from-image').first().click();
    await expect
      .poll(() => web.page.getByTestId('region-select').innerText(), { timeout: 20_000 })
      .toContain('us-east-1');
    await pressNext(web.page);
    await web.page.getByTestId('instance-name-input').fill('e2e-shop-2');
    await nextTo(web.page, 'ami-tiles', 'ami-tiles');
    await expect.poll(() => web.page.getByTestId('ami-id-input').inputValue(), { timeout: 20_000 }).toBe(bakedImageId);
    await nextTo(web.page, 'review-name', 'instance-type-select');
    await web.page.getByTestId('review-fleet-offer').waitFor({ timeout: 20_000 });
    await web.app.screenshot('wizard-fleet-offer');
    await web.page.getByTestId('review-create-fleet-button').click();

    await web.page.getByTestId('create-fleet-view').waitFor({ timeout: 20_000 });
    expect(await web.page.getByTestId('fleet-prefill-notice').innerText()).toContain(
      'Filled in from the launch wizard',
    );
    expect(await web.page.getByTestId('fleet-image-input').locator('input').inputValue()).toBe(bakedImageId);
    expect(await web.page.getByTestId('fleet-name-input').inputValue()).toBe('e2e-shop-2');
  }, 240_000);
});
