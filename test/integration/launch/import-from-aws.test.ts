// Import from AWS: a workstation that never saw a launch (or lost its disk) rebuilds it from tags alone, gets the
// agent secret from Parameter Store and its recovery alarms from CloudWatch, and reads the whole log back from the
// agent's journal.
import { mkdtemp } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { GetParameterCommand, SSMClient } from '@aws-sdk/client-ssm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CommandInput, CommandName } from '../../../electron/common/contract';
import { createKilnBackend, type KilnBackend } from '../../../electron/core/kiln-backend';
import { IMPORTED_SCRIPT_PLACEHOLDER } from '../../../electron/core/launch/import-from-aws';
import { launchSecretName } from '../../../electron/core/launch/launch-ledger';
import { createSandboxProfile, SANDBOX_PROFILE_ID } from '../../../electron/core/profiles/sandbox-profile';
import { SANDBOX_CREDENTIALS } from '../../../electron/core/sandbox/address';
import { createMemorySecretStore } from '../../../electron/core/store/secret-store';
import { agentBundlePath } from '../../support/agent-bundle';
import { REPO_ROOT, startSandboxBackend, type SandboxBackend } from '../../support/sandbox-backend';
import { backendCommands } from '../../support/backend-commands';
import { waitFor } from '../../support/wait';

let env: SandboxBackend;
let other: KilnBackend | undefined;
beforeAll(async () => {
  env = await startSandboxBackend({ pendingSeconds: 1 });
}, 60_000);
afterAll(async () => {
  other?.dispose();
  await env?.stop();
});

const must = <K extends CommandName>(backend: KilnBackend, name: K, input: CommandInput<K>) =>
  backendCommands(() => backend.handlers).must(name, input);

describe('import from AWS', () => {
  it('rebuilds a launch on another workstation from tags and reads the whole log from the agent', async () => {
    const first = env.backend;
    const script = [
      'for i in $(seq 1 40); do echo "before $i"; done',
      'sleep 3',
      'for i in $(seq 1 40); do echo "after $i"; done',
    ].join('\n');
    const launched = await must(first, 'launch.start', {
      spec: {
        profileId: SANDBOX_PROFILE_ID,
        region: 'us-east-1',
        name: 'imported',
        imageId: 'ami-0ed094fb1304fd857',
        instanceType: 't3.micro',
        installScript: script,
        agentPort: 9443,
      },
    });
    await waitFor(
      'the install to start',
      async () => (await must(first, 'launch.list', {}))[0]?.phase === 'installing',
      30_000,
    );

    const ssm = new SSMClient({
      region: 'us-east-1',
      endpoint: env.sandbox.endpoint,
      credentials: { ...SANDBOX_CREDENTIALS },
    });
    const parameter = await ssm.send(new GetParameterCommand({ Name: launchSecretName(launched.id) }));
    expect(parameter.Parameter?.Type).toBe('SecureString');
    ssm.destroy();
    const withAlarms = await must(first, 'health.alarms.enable', { launchId: launched.id });
    expect(withAlarms.recoveryAlarms).toHaveLength(2);

    // A second workstation: its own data directory and secret store, nothing shared but the AWS account.
    other = await createKilnBackend({
      dataDir: await mkdtemp(path.join(os.tmpdir(), 'kiln-other-')),
      assetsDir: path.join(REPO_ROOT, 'assets'),
      agentBundlePath: await agentBundlePath(),
      secrets: createMemorySecretStore(),
      log: () => undefined,
      loadProfiles: async () => [createSandboxProfile(env.sandbox.endpoint)],
      monitorIntervals: { fastMs: 250, slowMs: 1_000 },
    });
    expect(await must(other, 'launch.list', {})).toEqual([]);
    const imported = await must(other, 'launch.importFromAws', { profileId: SANDBOX_PROFILE_ID });
    expect(imported.map((r) => r.id)).toEqual([launched.id]);
    expect(imported[0]).toMatchObject({
      imported: true,
      instanceId: launched.instanceId,
      securityGroupId: launched.securityGroupId,
      spec: {
        name: 'imported',
        region: 'us-east-1',
        imageId: 'ami-0ed094fb1304fd857',
        instanceType: 't3.micro',
        agentPort: 9443,
        installScript: IMPORTED_SCRIPT_PLACEHOLDER,
      },
      agentCertificate: { fingerprint256: launched.agentCertificate!.fingerprint256 },
      recoveryAlarms: withAlarms.recoveryAlarms,
    });
    // Watched like alarms made on this workstation.
    const [states] = await must(other, 'health.alarms.list', { launchIds: [launched.id] });
    expect(states?.alarms.map((a) => a.name)).toEqual(withAlarms.recoveryAlarms);
    expect(states?.alarms.every((a) => a.state !== 'missing')).toBe(true);

    const done = await waitFor(
      'the imported launch to succeed',
      async () => {
        const r = (await must(other!, 'launch.list', {}))[0];
        return r.phase === 'succeeded' ? r : undefined;
      },
      40_000,
    );
    expect(done.outcome).toMatchObject({ result: 'success', exitCode: 0 });
    const log = await must(other, 'launch.log', { launchId: launched.id, after: 0 });
    const expected = [
      ...Array.from({ length: 40 }, (_, i) => `before ${i + 1}`),
      ...Array.from({ length: 40 }, (_, i) => `after ${i + 1}`),
    ];
    expect(log.map((l) => l.text)).toEqual(expected);

    expect(await must(other, 'launch.importFromAws', { profileId: SANDBOX_PROFILE_ID })).toEqual([]);
  });
});
