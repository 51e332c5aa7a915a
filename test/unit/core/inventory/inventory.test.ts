// createInventory over stand-in clients for the two services the sandbox cannot give this test: Data Lifecycle
// Manager (moto has none) and a Tagging API that fails in one region only (a region that refuses, answering the
// rest). Everything else about the inventory is tested against moto (test/integration/inventory).
import { GetLifecyclePoliciesCommand, GetLifecyclePolicyCommand } from '@aws-sdk/client-dlm';
import { DescribeAutoScalingGroupsCommand } from '@aws-sdk/client-auto-scaling';
import {
  DescribeInstancesCommand,
  DescribeKeyPairsCommand,
  DescribeLaunchTemplatesCommand,
  DescribeSecurityGroupsCommand,
} from '@aws-sdk/client-ec2';
import { DescribeLoadBalancersCommand, DescribeTargetGroupsCommand } from '@aws-sdk/client-elastic-load-balancing-v2';
import { GetResourcesCommand } from '@aws-sdk/client-resource-groups-tagging-api';
import { describe, expect, it } from 'vitest';
import type { AwsClientPool, AwsClients } from '../../../../electron/core/aws/clients';
import { createInventory } from '../../../../electron/core/inventory/inventory';
import { createSandboxProfile } from '../../../../electron/core/profiles/sandbox-profile';

type Answer = (command: object) => unknown;
/** A command's class: the key its answer is found by. */
type CommandClass = abstract new (...args: never[]) => object;

/** The fleet scan's calls, answered with nothing (fleets are tested against moto). */
const NO_FLEETS = new Map<CommandClass, Answer>([
  [DescribeAutoScalingGroupsCommand, () => ({ AutoScalingGroups: [] })],
  [DescribeLaunchTemplatesCommand, () => ({ LaunchTemplates: [] })],
  [DescribeSecurityGroupsCommand, () => ({ SecurityGroups: [] })],
  [DescribeLoadBalancersCommand, () => ({ LoadBalancers: [] })],
  [DescribeTargetGroupsCommand, () => ({ TargetGroups: [] })],
]);

/** Clients whose `send` answers by command class; an unexpected command fails the test. */
function stubClients(region: string, answers: Map<CommandClass, Answer>): AwsClients {
  const send = (command: object) => {
    const answer =
      answers.get(command.constructor as CommandClass) ?? NO_FLEETS.get(command.constructor as CommandClass);
    if (!answer) return Promise.reject(new Error(`unexpected ${command.constructor.name} in ${region}`));
    try {
      return Promise.resolve(answer(command));
    } catch (error) {
      return Promise.reject(error instanceof Error ? error : new Error(String(error)));
    }
  };
  const client = { send } as never;
  return {
    region,
    ec2: client,
    tagging: client,
    dlm: client,
    autoscaling: client,
    elbv2: client,
  } as unknown as AwsClients;
}

const policies = {
  Policies: [
    {
      PolicyId: 'policy-kiln',
      State: 'ENABLED',
      Description: 'Kiln: hourly, keep 2',
      Tags: { 'kiln:created-by': 'kiln' },
    },
    { PolicyId: 'policy-team', State: 'ENABLED', Description: 'the team backup', Tags: { owner: 'team' } },
  ],
};
const kilnPolicy = {
  Policy: {
    PolicyId: 'policy-kiln',
    PolicyArn: 'arn:aws:dlm:us-east-1:123456789012:policy/policy-kiln',
    DateCreated: new Date('2026-12-01T00:00:00.000Z'),
    PolicyDetails: { TargetTags: [{ Key: 'kiln:launch-id', Value: 'launch-1' }] },
  },
};
const instanceArn = 'arn:aws:ec2:us-east-1:123456789012:instance/i-0aaa';

function pool(byRegion: Record<string, Map<CommandClass, Answer>>): AwsClientPool {
  return {
    get: (_context, region) => stubClients(region, byRegion[region] ?? new Map()),
    invalidate: () => undefined,
    destroy: () => undefined,
  };
}

describe('createInventory', () => {
  it("lists Kiln's DLM policies with their launch and age, and reports a region's failed listing per kind", async () => {
    const east = new Map<CommandClass, Answer>([
      [
        GetResourcesCommand,
        () => ({
          ResourceTagMappingList: [
            {
              ResourceARN: instanceArn,
              Tags: [
                { Key: 'kiln:created-by', Value: 'kiln' },
                { Key: 'kiln:launch-id', Value: 'launch-1' },
              ],
            },
          ],
        }),
      ],
      [
        DescribeInstancesCommand,
        () => ({
          Reservations: [
            { Instances: [{ InstanceId: 'i-0aaa', InstanceType: 't3.micro', State: { Name: 'running' } }] },
          ],
        }),
      ],
      [DescribeKeyPairsCommand, () => ({ KeyPairs: [] })],
      [GetLifecyclePoliciesCommand, () => policies],
      [GetLifecyclePolicyCommand, () => kilnPolicy],
    ]);
    const west = new Map<CommandClass, Answer>([
      [
        GetResourcesCommand,
        () => {
          throw Object.assign(new Error('User is not authorized to perform: tag:GetResources'), {
            name: 'AccessDeniedException',
          });
        },
      ],
      [DescribeKeyPairsCommand, () => ({ KeyPairs: [] })],
      [GetLifecyclePoliciesCommand, () => ({ Policies: [] })],
    ]);
    const inventory = await createInventory({
      clients: pool({ 'us-east-1': east, 'us-west-2': west }),
      knownLaunchIds: () => new Set(['launch-1']),
      now: () => new Date('2026-12-07T00:00:00.000Z'),
    }).list(createSandboxProfile('http://127.0.0.1:1'), ['us-east-1', 'us-west-2']);

    expect(inventory.rows.map((r) => [r.kind, r.id, r.region])).toEqual([
      ['launch', 'launch-1', 'us-east-1'],
      ['instance', 'i-0aaa', 'us-east-1'],
      ['policy', 'policy-kiln', 'us-east-1'],
    ]);
    expect(inventory.rows.find((r) => r.kind === 'policy')).toMatchObject({
      arn: kilnPolicy.Policy.PolicyArn,
      launchId: 'launch-1',
      knownHere: true,
      createdAt: '2026-12-01T00:00:00.000Z',
      state: 'ENABLED',
      costPerDay: 0,
    });
    expect(inventory.problems).toHaveLength(1);
    expect(inventory.problems[0]).toMatchObject({
      region: 'us-west-2',
      kinds: ['instance', 'volume', 'image', 'snapshot', 'security-group', 'alarm', 'parameter', 'bucket'],
    });
    expect(inventory.problems[0]?.message).toMatch(/^The instances, volumes, .* in us-west-2 could not be read: /);
  });

  it('reports the policies of a region whose DLM does not answer, and lists the rest', async () => {
    const east = new Map<CommandClass, Answer>([
      [GetResourcesCommand, () => ({ ResourceTagMappingList: [] })],
      [
        DescribeKeyPairsCommand,
        () => ({ KeyPairs: [{ KeyName: 'kiln-key', Tags: [{ Key: 'kiln:created-by', Value: 'kiln' }] }] }),
      ],
      [
        GetLifecyclePoliciesCommand,
        () => {
          throw Object.assign(new Error("Unexpected token '<'\n  Deserialization error: …"), { name: 'SyntaxError' });
        },
      ],
    ]);
    const inventory = await createInventory({
      clients: pool({ 'us-east-1': east }),
      knownLaunchIds: () => new Set(),
    }).list(createSandboxProfile('http://127.0.0.1:1'), ['us-east-1']);
    expect(inventory.rows.map((r) => [r.kind, r.id])).toEqual([['key-pair', 'kiln-key']]);
    expect(inventory.problems).toEqual([
      expect.objectContaining({
        region: 'us-east-1',
        kinds: ['policy'],
        remedy: expect.stringMatching(/Everything else is listed/),
      }),
    ]);
    // The first line of the SDK's message only.
    expect(inventory.problems[0]?.message).not.toMatch(/Deserialization/);
  });
});
