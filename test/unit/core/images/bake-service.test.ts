// The bake service's refusals with a scripted EC2 and a fake sealer: a seal that stopped halfway is not followed by
// CreateImage unless the operator consents, what it removed is kept on the launch, and the agent then counts as gone.
import type { EC2Client } from '@aws-sdk/client-ec2';
import { describe, expect, it, vi } from 'vitest';
import { BakeRequest, LaunchRecord, type SealReport } from '../../../../electron/common/models';
import type { AwsClientPool } from '../../../../electron/core/aws/clients';
import { createBakeService } from '../../../../electron/core/images/bake-service';
import type { ProfileContext } from '../../../../electron/core/profiles/profile-context';
import type { ProfileRegistry } from '../../../../electron/core/profiles/profile-registry';

type Command = { constructor: { name: string }; input: Record<string, unknown> };

function setup(seal: SealReport) {
  let record = LaunchRecord.parse({
    id: 'launch-1',
    spec: {
      profileId: 'p',
      region: 'us-east-1',
      name: 'web',
      imageId: 'ami-0123456789abcdef0',
      instanceType: 't3.micro',
      installScript: 'echo hi',
    },
    createdAt: '2026-12-07T10:00:00.000Z',
    phase: 'succeeded',
    timeline: [],
    instanceId: 'i-0123456789abcdef0',
    outcome: { result: 'success', exitCode: 0, signal: null },
  });
  const sent: string[] = [];
  const send = vi.fn(async (command: Command) => {
    sent.push(command.constructor.name);
    if (command.constructor.name === 'DescribeInstancesCommand')
      return { Reservations: [{ Instances: [{ InstanceId: 'i-0123456789abcdef0', State: { Name: 'running' } }] }] };
    if (command.constructor.name === 'DescribeVolumesCommand') return { Volumes: [{ VolumeId: 'vol-1', Size: 8 }] };
    if (command.constructor.name === 'DescribeImagesCommand') return { Images: [] };
    throw new Error(`unexpected ${command.constructor.name}`);
  });
  const ec2 = { send } as unknown as EC2Client;
  const context = { profile: { id: 'p' } } as ProfileContext;
  const service = createBakeService({
    profiles: { get: async () => context } as unknown as ProfileRegistry,
    clients: { get: () => ({ ec2, ec2Polling: ec2 }) } as unknown as AwsClientPool,
    records: {
      get: () => record,
      list: () => [record],
      update: async (_id, change) => (record = change(record)),
    },
    sealer: { seal: vi.fn(async () => seal) },
    onImageChange: () => undefined,
    log: () => undefined,
  });
  return { service, sent, current: () => record };
}

const partial: SealReport = {
  sealed: false,
  removed: ['/opt/kiln/etc/agent.json'],
  kept: [],
  actions: [{ command: 'cloud-init clean --logs --seed', ok: false, detail: 'exit code 1' }],
};

describe('bake service', () => {
  it('refuses to image after a seal that stopped halfway, keeps what it removed, and then calls the agent gone', async () => {
    const { service, sent, current } = setup(partial);
    const request = BakeRequest.parse({ launchId: 'launch-1', name: 'web-v1' });
    await expect(service.start(request)).rejects.toMatchObject({
      error: { code: 'SealFailed', message: expect.stringMatching(/cloud-init clean --logs --seed \(exit code 1\)/) },
    });
    expect(sent).not.toContain('CreateImageCommand');
    const [bake] = current().bakes!;
    expect(bake).toMatchObject({
      phase: 'failed',
      error: { code: 'SealIncomplete' },
      seal: { sealed: false, removed: ['/opt/kiln/etc/agent.json'] },
    });
    const preview = await service.preview(request);
    expect(preview).toMatchObject({ agentReachable: false, agentNote: expect.stringMatching(/sealed/) });
    service.dispose();
  });

  it('goes on with a halfway seal once the operator consents to an unsealed image', async () => {
    const { service, current } = setup(partial);
    const started = await service.start(
      BakeRequest.parse({ launchId: 'launch-1', name: 'web-v1', allowUnsealed: true }),
    );
    expect(started.bakes!.at(-1)).toMatchObject({ phase: 'stopping', seal: { sealed: false } });
    expect(current().bakes).toHaveLength(1);
    service.dispose();
  });
});
