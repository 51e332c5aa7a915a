/**
 * What moto holds that a launch could leave behind: instances, security groups, key pairs, buckets and their objects,
 * and SSM parameters (where launch secrets go).
 */
import {
  DescribeInstancesCommand,
  DescribeKeyPairsCommand,
  DescribeSecurityGroupsCommand,
  type EC2Client,
} from '@aws-sdk/client-ec2';
import { ListBucketsCommand, ListObjectsV2Command, S3Client } from '@aws-sdk/client-s3';
import { DescribeParametersCommand, SSMClient } from '@aws-sdk/client-ssm';
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
