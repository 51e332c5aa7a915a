// The inventory on the sandbox: two launches (one with a key pair Kiln creates, one in another region), recovery
// alarms, an image baked the way Kiln tags it (CreateImage with Kiln's lineage tags on the image and, as moto needs,
// CreateTags on its snapshot), a fleet with a load balancer and a scaling policy (its group, template, load balancer,
// listener, target group, security groups and instances; the policy's alarms are Auto Scaling's, not Kiln's), plus
// untagged resources and resources tagged by someone else. The export, as JSON and as
// CSV, lists exactly what moto holds with Kiln's tag (read straight from each service, not through the Tagging API),
// and nothing else; one launch row per launch; the second workstation's launch is "not known here".
//
// moto has no DLM API: unless the sandbox's DLM stand-in answers, the policies of each region are reported as "could
// not be read" and nothing else is missing, which this test checks either way. A region whose endpoint refuses
// connections is reported as that region's problem, and the other regions are listed.
import { AutoScalingClient, CreateAutoScalingGroupCommand } from '@aws-sdk/client-auto-scaling';
import { CloudWatchClient, PutMetricAlarmCommand } from '@aws-sdk/client-cloudwatch';
import {
  CreateImageCommand,
  CreateKeyPairCommand,
  CreateLaunchTemplateCommand,
  CreateSecurityGroupCommand,
  CreateTagsCommand,
  CreateVolumeCommand,
  DescribeImagesCommand,
  RunInstancesCommand,
} from '@aws-sdk/client-ec2';
import { CreateBucketCommand, PutBucketTaggingCommand, S3Client } from '@aws-sdk/client-s3';
import { PutParameterCommand, SSMClient } from '@aws-sdk/client-ssm';
import { mkdtemp } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Inventory, InventoryRow, LaunchRecord, LaunchSpecInput } from '../../../electron/common/models';
import { createAwsClientPool } from '../../../electron/core/aws/clients';
import { createInventory } from '../../../electron/core/inventory/inventory';
import type { ProfileContext } from '../../../electron/core/profiles/profile-context';
import {
  createSandboxProfile,
  SANDBOX_PROFILE_ID,
  SANDBOX_REGIONS,
} from '../../../electron/core/profiles/sandbox-profile';
import { SANDBOX_CREDENTIALS } from '../../../electron/core/sandbox/address';
import { backendCommands } from '../../support/backend-commands';
import { csvObjects } from '../../support/csv';
import { freePort } from '../../support/free-port';
import { startSandboxBackend, type SandboxBackend } from '../../support/sandbox-backend';
import { kilnTaggedInMoto } from '../../support/sandbox-inventory';
import { waitFor } from '../../support/wait';

const AL2023 = 'ami-0ed094fb1304fd857';
let env: SandboxBackend;
beforeAll(async () => {
  // No region runs user data: the inventory needs the launches' resources, not their agents.
  env = await startSandboxBackend({ pendingSeconds: 0, hostRegions: [] });
}, 90_000);
afterAll(async () => {
  await env?.stop();
});

const { must } = backendCommands(() => env.backend.handlers);
const credentials = () => ({ ...SANDBOX_CREDENTIALS });

async function al2023(region: string): Promise<string> {
  const images = await must('images.quickStart', { profileId: SANDBOX_PROFILE_ID, region });
  const image = images.find((i) => i.architecture === 'x86_64') ?? images[0];
  if (!image) throw new Error(`no quick-start AMI in ${region}`);
  return image.imageId;
}
const waitRunning = (id: string) =>
  waitFor(
    `launch ${id} running`,
    async () => {
      const record = (await must('launch.list', {})).find((r) => r.id === id);
      return record?.instanceState === 'running' ? record : undefined;
    },
    60_000,
  );

/** What another workstation (or the AWS console) left: not Kiln's, or Kiln's name on someone else's resource. */
async function foreignResources(): Promise<string[]> {
  const ec2 = env.ec2('us-east-1');
  const other = [
    { Key: 'kiln:created-by', Value: 'someone-else' },
    { Key: 'Name', Value: 'not kiln' },
  ];
  const launchIdOnly = [{ Key: 'kiln:launch-id', Value: 'hand-tagged' }];
  const group = await ec2.send(new CreateSecurityGroupCommand({ GroupName: 'plain', Description: 'untagged' }));
  const otherGroup = await ec2.send(
    new CreateSecurityGroupCommand({
      GroupName: 'other',
      Description: 'tagged by someone else',
      TagSpecifications: [{ ResourceType: 'security-group', Tags: other }],
    }),
  );
  const untagged = await ec2.send(
    new RunInstancesCommand({ ImageId: AL2023, InstanceType: 't3.micro', MinCount: 1, MaxCount: 1 }),
  );
  const handTagged = await ec2.send(
    new RunInstancesCommand({
      ImageId: AL2023,
      InstanceType: 't3.micro',
      MinCount: 1,
      MaxCount: 1,
      TagSpecifications: [{ ResourceType: 'instance', Tags: launchIdOnly }],
    }),
  );
  const volume = await ec2.send(
    new CreateVolumeCommand({
      AvailabilityZone: 'us-east-1a',
      Size: 8,
      TagSpecifications: [{ ResourceType: 'volume', Tags: other }],
    }),
  );
  await ec2.send(new CreateKeyPairCommand({ KeyName: 'someone-elses-key' }));
  const s3 = new S3Client({
    region: 'us-east-1',
    endpoint: env.sandbox.endpoint,
    forcePathStyle: true,
    credentials: credentials(),
  });
  await s3.send(new CreateBucketCommand({ Bucket: 'someone-elses-bucket' }));
  await s3.send(new PutBucketTaggingCommand({ Bucket: 'someone-elses-bucket', Tagging: { TagSet: other } }));
  s3.destroy();
  const ssm = new SSMClient({ region: 'us-east-1', endpoint: env.sandbox.endpoint, credentials: credentials() });
  await ssm.send(new PutParameterCommand({ Name: '/team/setting', Type: 'String', Value: 'x', Tags: other }));
  ssm.destroy();
  const cloudwatch = new CloudWatchClient({
    region: 'us-east-1',
    endpoint: env.sandbox.endpoint,
    credentials: credentials(),
  });
  // Kiln's name prefix on an alarm Kiln did not make.
  await cloudwatch.send(
    new PutMetricAlarmCommand({
      AlarmName: 'kiln-lookalike',
      MetricName: 'CPUUtilization',
      Namespace: 'AWS/EC2',
      Statistic: 'Average',
      Period: 60,
      EvaluationPeriods: 1,
      Threshold: 90,
      ComparisonOperator: 'GreaterThanThreshold',
      Tags: other,
    }),
  );
  cloudwatch.destroy();
  return [
    group.GroupId!,
    otherGroup.GroupId!,
    untagged.Instances![0].InstanceId!,
    handTagged.Instances![0].InstanceId!,
    volume.VolumeId!,
    'someone-elses-key',
    'someone-elses-bucket',
    '/team/setting',
    'kiln-lookalike',
  ];
}

/** An image of the launch's instance with the tags a Kiln bake puts on the image and its snapshots. */
async function bakedImage(record: LaunchRecord): Promise<{ imageId: string; snapshotId: string }> {
  const ec2 = env.ec2(record.spec.region);
  const tags = [
    { Key: 'Name', Value: `${record.spec.name}-image` },
    { Key: 'kiln:baked-from', Value: record.id },
    { Key: 'kiln:created-by', Value: 'kiln' },
  ];
  const { ImageId } = await ec2.send(
    new CreateImageCommand({
      InstanceId: record.instanceId,
      Name: `${record.spec.name}-image`,
      TagSpecifications: [{ ResourceType: 'image', Tags: tags }],
    }),
  );
  const image = (await ec2.send(new DescribeImagesCommand({ ImageIds: [ImageId!] }))).Images![0];
  const snapshotId = image.BlockDeviceMappings!.find((m) => m.Ebs?.SnapshotId)!.Ebs!.SnapshotId!;
  // moto answers snapshot TagSpecifications with HTTP 500: Kiln's bake tags the snapshots afterwards too.
  await ec2.send(new CreateTagsCommand({ Resources: [snapshotId], Tags: tags }));
  return { imageId: ImageId!, snapshotId };
}

/** A fleet behind a load balancer, scaling on CPU, in two subnets of different zones (as a load balancer needs). */
async function createFleet() {
  const subnets = await must('network.subnets', { profileId: SANDBOX_PROFILE_ID, region: 'us-east-1', vpcId: '' });
  const byZone = new Map(subnets.map((s) => [s.availabilityZone, s.subnetId]));
  return must('fleets.create', {
    spec: {
      profileId: SANDBOX_PROFILE_ID,
      region: 'us-east-1',
      name: 'inventory-fleet',
      imageId: AL2023,
      instanceType: 't3.micro',
      subnetIds: [...byZone.values()].slice(0, 2),
      capacity: { min: 1, desired: 2, max: 3 },
      loadBalancer: { allowedCidr: '203.0.113.7/32' },
      cpuTarget: 50,
    },
  });
}

const derived = (row: Pick<InventoryRow, 'kind'>) => row.kind === 'launch' || row.kind === 'fleet';

const keyOf = (row: Pick<InventoryRow, 'kind' | 'region' | 'id'>) =>
  `${row.kind} ${row.kind === 'bucket' ? '*' : row.region} ${row.id}`;

describe('inventory', () => {
  it('exports exactly the Kiln-tagged resources moto holds, as JSON and CSV, with one row per launch', async () => {
    const keyDir = await mkdtemp(path.join(os.tmpdir(), 'kiln-inventory-key-'));
    const spec = async (name: string, region: string): Promise<LaunchSpecInput> => ({
      profileId: SANDBOX_PROFILE_ID,
      region,
      name,
      imageId: await al2023(region),
      instanceType: 't3.micro',
      installScript: 'echo installed',
    });
    const east = await must('launch.start', {
      spec: {
        ...(await spec('inventory-east', 'us-east-1')),
        keyPair: { mode: 'create', name: 'inventory-east-key', type: 'ed25519', savePath: path.join(keyDir, 'key') },
      },
    });
    const west = await must('launch.start', { spec: await spec('inventory-west', 'us-west-2') });
    const running = await waitRunning(east.id);
    await waitRunning(west.id);
    await must('health.alarms.enable', { launchId: east.id });
    const baked = await bakedImage(running);
    const foreign = await foreignResources();
    const fleet = await createFleet();
    const fleetId = (kind: string) => fleet.resources.find((r) => r.kind === kind)!.id!;

    const inventory = await must('inventory.list', { profileId: SANDBOX_PROFILE_ID });
    const expected = await kilnTaggedInMoto(env.sandbox.endpoint, SANDBOX_REGIONS);
    const resources = inventory.rows.filter((r) => !derived(r));
    expect(resources.map(keyOf).sort()).toEqual(expected);
    // What the test made is among them (so the comparison is not between two empty lists), the foreign ones are not.
    expect(expected).toEqual(
      expect.arrayContaining([
        `instance us-east-1 ${east.instanceId}`,
        `instance us-west-2 ${west.instanceId}`,
        `key-pair us-east-1 inventory-east-key`,
        `alarm us-east-1 kiln-${east.id}-recover`,
        `alarm us-east-1 kiln-${east.id}-reboot`,
        `image us-east-1 ${baked.imageId}`,
        `snapshot us-east-1 ${baked.snapshotId}`,
        `parameter us-east-1 /kiln/launches/${east.id}/agent`,
        `parameter us-west-2 /kiln/launches/${west.id}/agent`,
        `auto-scaling-group us-east-1 ${fleetId('auto-scaling-group')}`,
        `launch-template us-east-1 ${fleetId('launch-template')}`,
        `load-balancer us-east-1 ${fleetId('load-balancer')}`,
        `listener us-east-1 ${fleetId('listener')}`,
        `target-group us-east-1 ${fleetId('target-group')}`,
      ]),
    );
    expect(expected.some((key) => key.startsWith('volume us-east-1 '))).toBe(true);
    expect(expected.some((key) => key.startsWith('security-group us-west-2 '))).toBe(true);
    expect(expected.some((key) => key.startsWith('bucket * '))).toBe(true);
    // Buckets are global: each listed once, in its own region (moto names every bucket in every region's answer).
    expect(
      resources
        .filter((r) => r.kind === 'bucket')
        .map((r) => [r.id, r.region])
        .sort(),
    ).toEqual([
      ['kiln-artifacts-123456789012-us-east-1', 'us-east-1'],
      ['kiln-artifacts-123456789012-us-west-2', 'us-west-2'],
    ]);
    const ids = new Set(inventory.rows.map((r) => r.id));
    expect(foreign.filter((id) => ids.has(id))).toEqual([]);

    // One launch row per launch, owning its resources, known here; the baked image belongs to its launch.
    const launches = inventory.rows.filter((r) => r.kind === 'launch');
    expect(launches.map((r) => r.id).sort()).toEqual([east.id, west.id].sort());
    expect(launches.every((r) => r.knownHere)).toBe(true);
    expect(launches.find((r) => r.id === east.id)).toMatchObject({
      name: 'inventory-east',
      region: 'us-east-1',
      state: 'running',
      costBasis: 'sum',
    });
    const eastRows = resources.filter((r) => r.launchId === east.id).map((r) => r.kind);
    expect(new Set(eastRows)).toEqual(
      new Set(['instance', 'volume', 'security-group', 'key-pair', 'alarm', 'parameter', 'image', 'snapshot']),
    );
    const instance = inventory.rows.find((r) => r.id === east.instanceId)!;
    expect(instance.costPerDay).toBeGreaterThan(0);
    expect(instance.costBasis).toBe('price-list');
    expect(Date.parse(instance.createdAt!)).toBeLessThanOrEqual(Date.parse(inventory.readAt));

    // The fleet: one row owning its resources, named as this workstation knows it, costing its instances and its
    // load balancer; each resource owned by it.
    const fleetRows = resources.filter((r) => r.fleetId === fleet.id);
    expect(new Set(fleetRows.map((r) => r.kind))).toEqual(
      new Set([
        'auto-scaling-group',
        'launch-template',
        'load-balancer',
        'listener',
        'target-group',
        'security-group',
        'instance',
        // No volumes: moto does not apply a launch template's volume tags to a group's instances.
      ]),
    );
    expect(fleetRows.every((r) => r.knownHere && r.launchId === undefined)).toBe(true);
    expect(fleetRows.filter((r) => r.kind === 'instance')).toHaveLength(2);
    const balancer = fleetRows.find((r) => r.kind === 'load-balancer')!;
    expect(balancer).toMatchObject({ costBasis: 'price-list', state: 'active', arn: fleetId('load-balancer') });
    expect(balancer.costPerDay).toBeCloseTo(0.0225 * 24, 6);
    expect(Date.parse(balancer.createdAt!)).toBeLessThanOrEqual(Date.parse(inventory.readAt));
    const group = fleetRows.find((r) => r.kind === 'auto-scaling-group')!;
    expect(group).toMatchObject({ name: fleetId('auto-scaling-group'), costPerDay: 0, costBasis: 'free' });
    expect(group.createdAt).toBeDefined();
    const fleetRow = inventory.rows.find((r) => r.kind === 'fleet' && r.id === fleet.id);
    expect(fleetRow).toMatchObject({ name: 'inventory-fleet', region: 'us-east-1', knownHere: true, costBasis: 'sum' });
    expect(fleetRow!.costPerDay).toBeCloseTo(
      fleetRows.reduce((sum, r) => sum + (r.costPerDay ?? 0), 0),
      6,
    );
    expect(fleetRow!.costPerDay).toBeGreaterThan(0.0225 * 24 + 2 * 0.0104 * 24 - 1e-9);

    // Nothing but the DLM policies may be unreadable (moto has no DLM).
    expect(inventory.problems.filter((p) => p.kinds.join() !== 'policy')).toEqual([]);

    // The exports: the same rows, parsed back.
    const json = await must('inventory.export', { profileId: SANDBOX_PROFILE_ID, format: 'json' });
    expect(json.fileName).toMatch(/^kiln-inventory-local-sandbox-.+\.json$/);
    const parsed = JSON.parse(json.content) as Inventory;
    expect(
      parsed.rows
        .filter((r) => !derived(r))
        .map(keyOf)
        .sort(),
    ).toEqual(expected);
    const csv = await must('inventory.export', { profileId: SANDBOX_PROFILE_ID, format: 'csv' });
    expect(csv.fileName).toMatch(/\.csv$/);
    const records = csvObjects(csv.content);
    expect(
      records
        .filter((r) => r.kind !== 'launch' && r.kind !== 'fleet')
        .map((r) => `${r.kind} ${r.kind === 'bucket' ? '*' : r.region} ${r.id}`)
        .sort(),
    ).toEqual(expected);
    expect(
      records
        .filter((r) => r.kind === 'launch')
        .map((r) => r.launch_id)
        .sort(),
    ).toEqual([east.id, west.id].sort());
    expect(records.filter((r) => r.kind === 'listener').map((r) => [r.fleet_id, r.cost_basis])).toEqual([
      [fleet.id, 'free'],
    ]);
  }, 180_000);

  it('marks launches this workstation does not know, as another operator sees them', async () => {
    // A launch's resources made by another workstation: Kiln's tags, no record here.
    const ec2 = env.ec2('eu-west-1');
    const tags = [
      { Key: 'kiln:launch-id', Value: 'elsewhere-1' },
      { Key: 'kiln:created-by', Value: 'kiln' },
      { Key: 'Name', Value: 'from another desk' },
    ];
    const run = await ec2.send(
      new RunInstancesCommand({
        ImageId: await al2023('eu-west-1'),
        InstanceType: 't3.micro',
        MinCount: 1,
        MaxCount: 1,
        TagSpecifications: [{ ResourceType: 'instance', Tags: tags }],
      }),
    );
    const inventory = await must('inventory.list', { profileId: SANDBOX_PROFILE_ID });
    expect(inventory.rows.find((r) => r.kind === 'launch' && r.id === 'elsewhere-1')).toMatchObject({
      knownHere: false,
      region: 'eu-west-1',
      name: 'from another desk',
    });
    expect(inventory.rows.find((r) => r.id === run.Instances![0].InstanceId)).toMatchObject({
      kind: 'instance',
      launchId: 'elsewhere-1',
      knownHere: false,
    });

    // A fleet made on another workstation: its group and template carry Kiln's tags, this workstation has no record.
    const fleetTags = [
      { Key: 'kiln:fleet-id', Value: 'fl-elsewhere' },
      { Key: 'kiln:created-by', Value: 'kiln' },
    ];
    const template = await ec2.send(
      new CreateLaunchTemplateCommand({
        LaunchTemplateName: 'kiln-elsewhere-web',
        LaunchTemplateData: { ImageId: await al2023('eu-west-1'), InstanceType: 't3.micro' },
        TagSpecifications: [{ ResourceType: 'launch-template', Tags: fleetTags }],
      }),
    );
    const autoscaling = new AutoScalingClient({
      region: 'eu-west-1',
      endpoint: env.sandbox.endpoint,
      credentials: credentials(),
    });
    try {
      await autoscaling.send(
        new CreateAutoScalingGroupCommand({
          AutoScalingGroupName: 'kiln-elsewhere-web',
          MinSize: 0,
          MaxSize: 1,
          DesiredCapacity: 0,
          AvailabilityZones: ['eu-west-1a'],
          LaunchTemplate: { LaunchTemplateId: template.LaunchTemplate!.LaunchTemplateId },
          Tags: fleetTags.map((t) => ({ ...t, PropagateAtLaunch: true })),
        }),
      );
    } finally {
      autoscaling.destroy();
    }
    const again = await must('inventory.list', { profileId: SANDBOX_PROFILE_ID });
    expect(again.rows.find((r) => r.kind === 'fleet' && r.id === 'fl-elsewhere')).toMatchObject({
      knownHere: false,
      region: 'eu-west-1',
      name: 'kiln-elsewhere-web',
      costPerDay: 0,
    });
    expect(
      again.rows
        .filter((r) => r.fleetId === 'fl-elsewhere' && r.kind !== 'fleet')
        .map((r) => [r.kind, r.id, r.knownHere])
        .sort(),
    ).toEqual([
      ['auto-scaling-group', 'kiln-elsewhere-web', false],
      ['launch-template', template.LaunchTemplate!.LaunchTemplateId, false],
    ]);
  }, 60_000);

  it('reports a region that does not answer as a problem of that region and lists the others', async () => {
    // eu-west-1 goes to a port nothing listens on (a region that is down, or blocked): a real connection refusal.
    const sandbox = createSandboxProfile(env.sandbox.endpoint);
    const deadEndpoint = `http://127.0.0.1:${await freePort()}`;
    const context: ProfileContext = {
      ...sandbox,
      clientConfig: (region) => ({
        ...sandbox.clientConfig(region),
        ...(region === 'eu-west-1' ? { endpoint: deadEndpoint, maxAttempts: 1 } : {}),
      }),
    };
    const clients = createAwsClientPool();
    try {
      const inventory = await createInventory({ clients, knownLaunchIds: () => new Set() }).list(context, [
        'us-east-1',
        'eu-west-1',
      ]);
      const down = inventory.problems.filter((p) => p.region === 'eu-west-1');
      expect(down.flatMap((p) => p.kinds).sort()).toEqual(
        [
          'instance',
          'volume',
          'image',
          'snapshot',
          'security-group',
          'alarm',
          'parameter',
          'bucket',
          'key-pair',
          'policy',
          'auto-scaling-group',
          'launch-template',
          'load-balancer',
          'listener',
          'target-group',
        ].sort(),
      );
      expect(down.map((p) => p.message).join('\n')).toMatch(/does not answer/);
      expect(inventory.rows.filter((r) => r.region === 'eu-west-1')).toEqual([]);
      // us-east-1 is listed all the same: the launch of the first test, with its instance.
      expect(inventory.rows.some((r) => r.kind === 'instance' && r.region === 'us-east-1')).toBe(true);
      expect(inventory.problems.filter((p) => p.region === 'us-east-1').flatMap((p) => p.kinds)).not.toContain(
        'instance',
      );
    } finally {
      clients.destroy();
    }
  }, 60_000);
});
