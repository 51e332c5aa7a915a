// DescribeInstanceStatus for the monitor against moto, counted on the wire through the AWS fault proxy: running
// instances are read in chunks of 100 ids (the API's limit), and an id EC2 no longer knows (which fails the whole
// request) is dropped and the chunk asked once more instead of losing every other instance's checks.
import { EC2Client, RunInstancesCommand } from '@aws-sdk/client-ec2';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { describeInstanceStatusWith, INSTANCE_STATUS_CHUNK } from '../../../electron/core/monitor/instance-status';
import { SANDBOX_CREDENTIALS } from '../../../electron/core/sandbox/address';
import { startMotoProcess, type MotoProcess } from '../../../electron/core/sandbox/moto-process';
import { instanceIdsOf, startAwsFaultProxy, type AwsFaultProxy } from '../../support/aws-fault-proxy';

const REGION = 'us-east-1';
let moto: MotoProcess;
let proxy: AwsFaultProxy;
let ec2: EC2Client;

beforeAll(async () => {
  moto = await startMotoProcess({ pendingSeconds: 0 });
  proxy = await startAwsFaultProxy({ target: moto.endpoint });
  ec2 = new EC2Client({
    region: REGION,
    endpoint: proxy.endpoint,
    credentials: { ...SANDBOX_CREDENTIALS },
    maxAttempts: 1,
  });
}, 30_000);
afterAll(async () => {
  ec2?.destroy();
  await proxy?.close();
  await moto?.stop();
});

describe('status checks for the monitor', () => {
  it('reads 150 instances in two requests, and drops an unknown id instead of failing the chunk', async () => {
    const out = await ec2.send(
      new RunInstancesCommand({
        ImageId: 'ami-0ed094fb1304fd857',
        InstanceType: 't3.micro',
        MinCount: 150,
        MaxCount: 150,
      }),
    );
    const ids = out.Instances!.map((i) => i.InstanceId!);
    const describeStatus = describeInstanceStatusWith(ec2);

    const since = Date.now();
    const statuses = await describeStatus(ids);
    expect(statuses.map((s) => s.instanceId).sort()).toEqual([...ids].sort());
    expect(statuses.every((s) => s.system === 'ok' && s.instance === 'ok')).toBe(true);
    const reads = proxy.requests.filter((r) => r.action === 'DescribeInstanceStatus' && r.at >= since);
    expect(reads.map((r) => instanceIdsOf(r).byParameter.length)).toEqual([INSTANCE_STATUS_CHUNK, 50]);

    const unknown = 'i-0123456789abcdef0';
    const retriedSince = Date.now();
    const withUnknown = await describeStatus([ids[0], unknown, ids[1]]);
    expect(withUnknown.map((s) => s.instanceId).sort()).toEqual([ids[0], ids[1]].sort());
    const retried = proxy.requests.filter((r) => r.action === 'DescribeInstanceStatus' && r.at >= retriedSince);
    expect(retried.map((r) => instanceIdsOf(r).byParameter.sort())).toEqual([
      [ids[0], unknown, ids[1]].sort(),
      [ids[0], ids[1]].sort(),
    ]);
  }, 60_000);
});
