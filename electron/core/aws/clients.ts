/** One set of SDK clients per profile and region, created on first use and reused. */
import { AutoScalingClient } from '@aws-sdk/client-auto-scaling';
import { CloudWatchClient } from '@aws-sdk/client-cloudwatch';
import { DLMClient } from '@aws-sdk/client-dlm';
import { EC2Client } from '@aws-sdk/client-ec2';
import { EC2InstanceConnectClient } from '@aws-sdk/client-ec2-instance-connect';
import { ElasticLoadBalancingV2Client } from '@aws-sdk/client-elastic-load-balancing-v2';
import { Route53Client } from '@aws-sdk/client-route-53';
import { IAMClient } from '@aws-sdk/client-iam';
import { ResourceGroupsTaggingAPIClient } from '@aws-sdk/client-resource-groups-tagging-api';
import { S3Client } from '@aws-sdk/client-s3';
import { SSMClient } from '@aws-sdk/client-ssm';
import { STSClient } from '@aws-sdk/client-sts';
import { KilnFailure } from '../../common/result';
import type { ProfileContext } from '../profiles/profile-context';
import { toKilnError } from './errors';

export interface AwsClients {
  readonly region: string;
  readonly ec2: EC2Client;
  /**
   * EC2 for poll loops that are their own retry (the instance monitor): one HTTP request per call, no SDK retries.
   * With the profile's retries a throttled DescribeInstances would be sent up to `maxAttempts` times in one tick,
   * multiplying the load exactly when AWS asks for less; the loop backs off instead.
   */
  readonly ec2Polling: EC2Client;
  readonly ssm: SSMClient;
  readonly sts: STSClient;
  readonly s3: S3Client;
  readonly instanceConnect: EC2InstanceConnectClient;
  /** CloudWatch: the launches' recovery alarms. */
  readonly cloudwatch: CloudWatchClient;
  /** Fleets: Auto Scaling groups, load balancers and their DNS names (Route 53 is global; any region's client works). */
  readonly autoscaling: AutoScalingClient;
  readonly elbv2: ElasticLoadBalancingV2Client;
  readonly route53: Route53Client;
  /** Data Lifecycle Manager: the launches' snapshot schedules. */
  readonly dlm: DLMClient;
  /** IAM (global; any region's client reaches it): DLM's default role. */
  readonly iam: IAMClient;
  /** Resource Groups Tagging API: the inventory's one listing of Kiln-tagged resources per region. */
  readonly tagging: ResourceGroupsTaggingAPIClient;
}

export interface AwsClientPool {
  get(context: ProfileContext, region: string): AwsClients;
  /** Drops the clients of a profile (new credentials after a sign-in); the next `get` builds new ones. */
  invalidate(profileId: string): void;
  destroy(): void;
}

export function createAwsClientPool(): AwsClientPool {
  const pool = new Map<string, AwsClients & { revision?: string }>();
  const drop = (key: string) => {
    const clients = pool.get(key);
    if (clients) destroyClients(clients);
    pool.delete(key);
  };
  return {
    get(context, region) {
      const key = `${context.profile.id}\u0000${region}`;
      if (pool.get(key) && pool.get(key)?.revision !== context.revision) drop(key);
      let clients = pool.get(key);
      if (!clients) {
        const config = context.clientConfig(region);
        clients = {
          region,
          ec2: new EC2Client(config),
          ec2Polling: new EC2Client({ ...config, maxAttempts: 1 }),
          ssm: new SSMClient(config),
          sts: new STSClient(config),
          s3: new S3Client({ ...config, forcePathStyle: config.forcePathStyle ?? false }),
          instanceConnect: new EC2InstanceConnectClient(config),
          cloudwatch: new CloudWatchClient(config),
          autoscaling: new AutoScalingClient(config),
          elbv2: new ElasticLoadBalancingV2Client(config),
          route53: new Route53Client(config),
          dlm: new DLMClient(config),
          iam: new IAMClient(config),
          tagging: new ResourceGroupsTaggingAPIClient(config),
          revision: context.revision,
        };
        pool.set(key, clients);
      }
      return clients;
    },
    invalidate(profileId) {
      for (const key of [...pool.keys()]) if (key.startsWith(`${profileId}\u0000`)) drop(key);
    },
    destroy() {
      for (const clients of pool.values()) destroyClients(clients);
      pool.clear();
    },
  };
}

function destroyClients(clients: AwsClients): void {
  clients.ec2.destroy();
  clients.ec2Polling.destroy();
  clients.ssm.destroy();
  clients.sts.destroy();
  clients.s3.destroy();
  clients.instanceConnect.destroy();
  clients.cloudwatch.destroy();
  clients.autoscaling.destroy();
  clients.elbv2.destroy();
  clients.route53.destroy();
  clients.dlm.destroy();
  clients.iam.destroy();
  clients.tagging.destroy();
}

/** Runs an AWS call and converts failures into KilnFailure with a human message. */
export async function awsCall<T>(context: ProfileContext, action: string, call: () => Promise<T>): Promise<T> {
  try {
    return await call();
  } catch (error) {
    throwAwsFailure(context, action, error);
  }
}

/** Throws an AWS error caught while doing `action` as a KilnFailure with a human message (as `awsCall` does). */
export function throwAwsFailure(context: ProfileContext, action: string, error: unknown): never {
  if (error instanceof KilnFailure) throw error;
  throw new KilnFailure(toKilnError(error, { action, endpoint: context.endpointForErrors }));
}
