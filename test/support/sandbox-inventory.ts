/** What moto holds that a launch could leave behind: instances, security groups, key pairs, bucket objects. */
import {
  DescribeInstancesCommand,
  DescribeKeyPairsCommand,
  DescribeSecurityGroupsCommand,
  type EC2Client,
} from '@aws-sdk/client-ec2';
import { ListBucketsCommand, ListObjectsV2Command, S3Client } from '@aws-sdk/client-s3';
import { SANDBOX_CREDENTIALS } from '../../electron/core/sandbox/address';

export interface SandboxInventory {
  instances: string[];
  securityGroups: string[];
  keyPairs: string[];
  /** "bucket/key" of every object in every bucket (the artifact bucket among them). */
  objects: string[];
}

/** Sorted ids and names, so two inventories compare with toEqual and a difference names what appeared. */
export async function takeInventory(ec2: EC2Client, s3: S3Client): Promise<SandboxInventory> {
  const reservations = (await ec2.send(new DescribeInstancesCommand({}))).Reservations ?? [];
  const groups = (await ec2.send(new DescribeSecurityGroupsCommand({}))).SecurityGroups ?? [];
  const keys = (await ec2.send(new DescribeKeyPairsCommand({}))).KeyPairs ?? [];
  const objects: string[] = [];
  for (const bucket of (await s3.send(new ListBucketsCommand({}))).Buckets ?? []) {
    const listed = await s3.send(new ListObjectsV2Command({ Bucket: bucket.Name! }));
    objects.push(...(listed.Contents ?? []).map((o) => `${bucket.Name}/${o.Key}`));
  }
  return {
    instances: reservations.flatMap((r) => r.Instances ?? []).map((i) => i.InstanceId!).sort(),
    securityGroups: groups.map((g) => g.GroupId!).sort(),
    keyPairs: keys.map((k) => k.KeyName!).sort(),
    objects: objects.sort(),
  };
}

/** An S3 client straight to the sandbox (path-style, as moto serves buckets). */
export function sandboxS3(endpoint: string): S3Client {
  return new S3Client({ region: 'us-east-1', endpoint, forcePathStyle: true, credentials: { ...SANDBOX_CREDENTIALS } });
}
