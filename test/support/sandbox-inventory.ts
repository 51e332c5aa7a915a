/**
 * What moto holds that a launch could leave behind: instances, security groups, key pairs, buckets and their objects,
 * and SSM parameters (where launch secrets go); and everything moto holds with Kiln's tag, for the inventory.
 */
import { AutoScalingClient, DescribeAutoScalingGroupsCommand } from '@aws-sdk/client-auto-scaling';
import { CloudWatchClient, DescribeAlarmsCommand, ListTagsForResourceCommand } from '@aws-sdk/client-cloudwatch';
import {
  DescribeImagesCommand,
  DescribeInstancesCommand,
  DescribeKeyPairsCommand,
  DescribeLaunchTemplatesCommand,
  DescribeSecurityGroupsCommand,
  DescribeSnapshotsCommand,
  DescribeVolumesCommand,
  EC2Client,
} from '@aws-sdk/client-ec2';
import {
  DescribeListenersCommand,
  DescribeLoadBalancersCommand,
  DescribeTagsCommand,
  DescribeTargetGroupsCommand,
  ElasticLoadBalancingV2Client,
} from '@aws-sdk/client-elastic-load-balancing-v2';
import { GetBucketTaggingCommand, ListBucketsCommand, ListObjectsV2Command, S3Client } from '@aws-sdk/client-s3';
import { DescribeParametersCommand, ListTagsForResourceCommand as ListSsmTags, SSMClient } from '@aws-sdk/client-ssm';
import { SANDBOX_CREDENTIALS } from '../../electron/core/sandbox/address';

export interface SandboxInventory {
  instances: string[];
  securityGroups: string[];
  keyPairs: string[];
  buckets: string[];
  /** "bucket/key" of every object in every bucket (the artifact bucket among them). */
  objects: string[];
  parameters: string[];
}

/** Straight-to-moto clients for what EC2Client does not cover. */
export interface InventoryClients {
  ec2: EC2Client;
  s3: S3Client;
  ssm: SSMClient;
}

/** Sorted ids and names, so two inventories compare with toEqual and a difference names what appeared. */
export async function takeInventory({ ec2, s3, ssm }: InventoryClients): Promise<SandboxInventory> {
  const reservations = (await ec2.send(new DescribeInstancesCommand({}))).Reservations ?? [];
  const groups = (await ec2.send(new DescribeSecurityGroupsCommand({}))).SecurityGroups ?? [];
  const keys = (await ec2.send(new DescribeKeyPairsCommand({}))).KeyPairs ?? [];
  const buckets = (await s3.send(new ListBucketsCommand({}))).Buckets ?? [];
  const objects: string[] = [];
  for (const bucket of buckets) {
    const listed = await s3.send(new ListObjectsV2Command({ Bucket: bucket.Name! }));
    objects.push(...(listed.Contents ?? []).map((o) => `${bucket.Name}/${o.Key}`));
  }
  return {
    instances: reservations
      .flatMap((r) => r.Instances ?? [])
      .map((i) => i.InstanceId!)
      .sort(),
    securityGroups: groups.map((g) => g.GroupId!).sort(),
    keyPairs: keys.map((k) => k.KeyName!).sort(),
    buckets: buckets.map((b) => b.Name!).sort(),
    objects: objects.sort(),
    parameters: await parameterNames(ssm),
  };
}

async function parameterNames(ssm: SSMClient): Promise<string[]> {
  const names: string[] = [];
  let NextToken: string | undefined;
  do {
    const page = await ssm.send(new DescribeParametersCommand({ NextToken }));
    names.push(...(page.Parameters ?? []).map((p) => p.Name!));
    NextToken = page.NextToken;
  } while (NextToken);
  return names.sort();
}

/** S3 (path-style, as moto serves buckets) and SSM clients straight to the sandbox in us-east-1; destroy when done. */
export function inventoryClients(ec2: EC2Client, endpoint: string): InventoryClients & { destroy(): void } {
  const credentials = { ...SANDBOX_CREDENTIALS };
  const s3 = new S3Client({ region: 'us-east-1', endpoint, forcePathStyle: true, credentials });
  const ssm = new SSMClient({ region: 'us-east-1', endpoint, credentials });
  return {
    ec2,
    s3,
    ssm,
    destroy() {
      s3.destroy();
      ssm.destroy();
    },
  };
}

/**
 * Every resource moto holds with Kiln's tag (`kiln:created-by` = `kiln`) in `regions`, as `kind region id` keys
 * (buckets, which are global, as `bucket * name`), read straight from each service's own listing and its tags, not
 * through the Resource Groups Tagging API the inventory uses, so the two can check each other. Terminated instances
 * are gone, and left out. Fleets' own kinds too: Auto Scaling groups (by name), launch templates (by id), and load
 * balancers, target groups and listeners (by ARN), each by its own tags (ELBv2 DescribeTags one ARN at a time here).
 */
export async function kilnTaggedInMoto(endpoint: string, regions: readonly string[]): Promise<string[]> {
  const credentials = { ...SANDBOX_CREDENTIALS };
  const keys: string[] = [];
  const isKiln = (tags: ReadonlyArray<{ Key?: string; Value?: string }> | undefined) =>
    (tags ?? []).some((t) => t.Key === 'kiln:created-by' && t.Value === 'kiln');
  for (const region of regions) {
    const ec2 = new EC2Client({ region, endpoint, credentials });
    const cloudwatch = new CloudWatchClient({ region, endpoint, credentials });
    const ssm = new SSMClient({ region, endpoint, credentials });
    const autoscaling = new AutoScalingClient({ region, endpoint, credentials });
    const elbv2 = new ElasticLoadBalancingV2Client({ region, endpoint, credentials });
    const add = (kind: string, id: string | undefined) => keys.push(`${kind} ${region} ${id}`);
    const elbIsKiln = async (arn: string | undefined) =>
      isKiln((await elbv2.send(new DescribeTagsCommand({ ResourceArns: [arn!] }))).TagDescriptions?.[0]?.Tags);
    try {
      const reservations = (await ec2.send(new DescribeInstancesCommand({}))).Reservations ?? [];
      for (const i of reservations.flatMap((r) => r.Instances ?? [])) {
        if (isKiln(i.Tags) && i.State?.Name !== 'terminated') add('instance', i.InstanceId);
      }
      for (const v of (await ec2.send(new DescribeVolumesCommand({}))).Volumes ?? []) {
        if (isKiln(v.Tags)) add('volume', v.VolumeId);
      }
      for (const image of (await ec2.send(new DescribeImagesCommand({ Owners: ['self'] }))).Images ?? []) {
        if (isKiln(image.Tags)) add('image', image.ImageId);
      }
      for (const s of (await ec2.send(new DescribeSnapshotsCommand({ OwnerIds: ['self'] }))).Snapshots ?? []) {
        if (isKiln(s.Tags)) add('snapshot', s.SnapshotId);
      }
      for (const g of (await ec2.send(new DescribeSecurityGroupsCommand({}))).SecurityGroups ?? []) {
        if (isKiln(g.Tags)) add('security-group', g.GroupId);
      }
      for (const k of (await ec2.send(new DescribeKeyPairsCommand({}))).KeyPairs ?? []) {
        if (isKiln(k.Tags)) add('key-pair', k.KeyName);
      }
      for (const alarm of (await cloudwatch.send(new DescribeAlarmsCommand({}))).MetricAlarms ?? []) {
        const tags = await cloudwatch.send(new ListTagsForResourceCommand({ ResourceARN: alarm.AlarmArn }));
        if (isKiln(tags.Tags)) add('alarm', alarm.AlarmName);
      }
      for (const g of (await autoscaling.send(new DescribeAutoScalingGroupsCommand({}))).AutoScalingGroups ?? []) {
        if (isKiln(g.Tags)) add('auto-scaling-group', g.AutoScalingGroupName);
      }
      for (const t of (await ec2.send(new DescribeLaunchTemplatesCommand({}))).LaunchTemplates ?? []) {
        if (isKiln(t.Tags)) add('launch-template', t.LaunchTemplateId);
      }
      for (const lb of (await elbv2.send(new DescribeLoadBalancersCommand({}))).LoadBalancers ?? []) {
        if (await elbIsKiln(lb.LoadBalancerArn)) add('load-balancer', lb.LoadBalancerArn);
        const listeners = await elbv2.send(new DescribeListenersCommand({ LoadBalancerArn: lb.LoadBalancerArn }));
        for (const listener of listeners.Listeners ?? []) {
          if (await elbIsKiln(listener.ListenerArn)) add('listener', listener.ListenerArn);
        }
      }
      for (const tg of (await elbv2.send(new DescribeTargetGroupsCommand({}))).TargetGroups ?? []) {
        if (await elbIsKiln(tg.TargetGroupArn)) add('target-group', tg.TargetGroupArn);
      }
      for (const name of await parameterNames(ssm)) {
        const tags = await ssm.send(new ListSsmTags({ ResourceType: 'Parameter', ResourceId: name }));
        if (isKiln(tags.TagList)) add('parameter', name);
      }
    } finally {
      ec2.destroy();
      cloudwatch.destroy();
      ssm.destroy();
      autoscaling.destroy();
      elbv2.destroy();
    }
  }
  const s3 = new S3Client({ region: regions[0], endpoint, forcePathStyle: true, credentials });
  try {
    for (const bucket of (await s3.send(new ListBucketsCommand({}))).Buckets ?? []) {
      const tags = await s3
        .send(new GetBucketTaggingCommand({ Bucket: bucket.Name }))
        .then((out) => out.TagSet)
        .catch(() => []); // NoSuchTagSet: an untagged bucket
      if (isKiln(tags)) keys.push(`bucket * ${bucket.Name}`);
    }
  } finally {
    s3.destroy();
  }
  return keys.sort();
}
