// The monitor hub takes the profile's polling client from the client pool on every tick, so after a sign-in drops
// the pool's clients (invalidate) or an edit of ~/.aws gives the profile a new revision, the monitor goes on with the
// new client and its credentials instead of the first client it was built with. Real SDK clients against moto.
import { EC2Client, RunInstancesCommand, TerminateInstancesCommand } from '@aws-sdk/client-ec2';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { LaunchRecord } from '../../../electron/common/models';
import { createAwsClientPool } from '../../../electron/core/aws/clients';
import { createMonitorHub } from '../../../electron/core/launch/monitor-hub';
import type { ProfileContext } from '../../../electron/core/profiles/profile-context';
import { createProfileRegistry } from '../../../electron/core/profiles/profile-registry';
import { createSandboxProfile, SANDBOX_PROFILE_ID } from '../../../electron/core/profiles/sandbox-profile';
import { SANDBOX_CREDENTIALS } from '../../../electron/core/sandbox/address';
import { startMotoProcess, type MotoProcess } from '../../../electron/core/sandbox/moto-process';
import { waitFor } from '../../support/wait';
import { spec } from '../monitor/monitor-harness';

const REGION = 'us-east-1';
const IMAGE_ID = 'ami-0ed094fb1304fd857';
let moto: MotoProcess;
let ec2: EC2Client;

beforeAll(async () => {
  moto = await startMotoProcess({ pendingSeconds: 0 });
  ec2 = new EC2Client({ region: REGION, endpoint: moto.endpoint, credentials: { ...SANDBOX_CREDENTIALS } });
}, 30_000);
afterAll(async () => {
  ec2?.destroy();
  await moto?.stop();
});

describe('createMonitorHub', () => {
  it('uses the new client after the pool is invalidated and after the profile revision changes', async () => {
    const run = await ec2.send(
      new RunInstancesCommand({ ImageId: IMAGE_ID, InstanceType: 't3.micro', MinCount: 1, MaxCount: 1 }),
    );
    const instanceId = run.Instances![0].InstanceId!;
    // Each generation of the profile counts the credential look-ups of the clients built from it.
    const lookups = [0, 0, 0];
    const generation = (n: number, revision: string): ProfileContext => {
      const sandbox = createSandboxProfile(moto.endpoint);
      return {
        ...sandbox,
        revision,
        clientConfig: (region) => ({
          ...sandbox.clientConfig(region),
          credentials: async () => {
            lookups[n]++;
            return { ...SANDBOX_CREDENTIALS };
          },
        }),
      };
    };
    let current = generation(0, 'r1');
    const clients = createAwsClientPool();
    const states: string[] = [];
    const hub = createMonitorHub({
      clients,
      profiles: createProfileRegistry(async () => [current]),
      intervals: { fastMs: 50, slowMs: 100 },
      onObservation: async (_launchId, observation) => void states.push(observation.state),
      log: () => undefined,
    });
    try {
      hub.watch(watchedRecord(instanceId));
      await waitFor('the instance seen running', () => states.includes('running'));
      expect(lookups[0]).toBeGreaterThan(0);

      // A sign-in: same revision, new credentials, and the pool drops the profile's clients.
      current = generation(1, 'r1');
      clients.invalidate(SANDBOX_PROFILE_ID);
      await waitFor('the client built after the sign-in to be used', () => lookups[1] > 0);

      // ~/.aws changed: a new revision, so the pool builds new clients by itself.
      current = generation(2, 'r2');
      await waitFor('the client of the new revision to be used', () => lookups[2] > 0);

      // And the monitor still follows the instance to its end.
      await ec2.send(new TerminateInstancesCommand({ InstanceIds: [instanceId] }));
      await waitFor('the instance seen terminated', () => states.includes('terminated'));
    } finally {
      hub.dispose();
      clients.destroy();
    }
  }, 60_000);
});

function watchedRecord(instanceId: string): LaunchRecord {
  const at = new Date().toISOString();
  return LaunchRecord.parse({
    id: `watch-${instanceId}`,
    spec: spec({ region: REGION, imageId: IMAGE_ID }),
    createdAt: at,
    phase: 'pending',
    timeline: [{ phase: 'pending', at }],
    instanceId,
  });
}
