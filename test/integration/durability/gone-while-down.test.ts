// Proof (2) of durable state: instances that went away while Kiln was down are shown as gone at the first tick
// after a restart (web mode killed with SIGKILL, a sandbox running on its own). One instance is terminated through
// moto: it is listed as terminated and the launch follows. Then the sandbox forgets everything (moto's reset, as a
// sandbox that ended or an instance AWS purged long ago): the other launch, which an earlier run saw running, is
// lost at once, not after the grace a just-launched instance gets, with the reason on the record.
import { EC2Client, TerminateInstancesCommand } from '@aws-sdk/client-ec2';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { LaunchRecord } from '../../../electron/common/models';
import { SANDBOX_PROFILE_ID } from '../../../electron/core/profiles/sandbox-profile';
import { SANDBOX_CREDENTIALS } from '../../../electron/core/sandbox/address';
import { waitFor } from '../../support/wait';
import { killAll, startStandaloneSandbox, startWebMode, testHome, type WebMode } from './kiln-processes';

// Web mode's fast tick is 2 s and the first look happens as the backend resumes: within one tick means before the
// second look could have happened, plus a second for the first answer of a cold client. Counting absences (three
// ticks, as before) would take at least 4 s.
const WITHIN_ONE_TICK_MS = 2_000 + 1_000;

afterAll(killAll);

const found: {
  terminated?: { record: LaunchRecord; afterReadyMs: number };
  lost?: { record: LaunchRecord; afterReadyMs: number };
} = {};

async function phaseAfterRestart(web: WebMode, launchId: string, phase: LaunchRecord['phase']) {
  const readyAt = Date.now();
  const record = await waitFor(
    `${launchId} ${phase}`,
    async () => {
      const r = (await web.must('launch.list', {})).find((x) => x.id === launchId);
      return r?.phase === phase ? r : undefined;
    },
    20_000,
    50,
  );
  return { record, afterReadyMs: Date.now() - readyAt };
}

beforeAll(async () => {
  const home = await testHome();
  const sandbox = await startStandaloneSandbox(home.env);
  const args = ['--sandbox-endpoint', sandbox.endpoint];
  let web = await startWebMode(home.env, args);
  const images = await web.must('images.quickStart', { profileId: SANDBOX_PROFILE_ID, region: 'us-east-1' });
  const imageId = (images.find((i) => i.architecture === 'x86_64') ?? images[0]).imageId;
  const start = (name: string) =>
    web.must('launch.start', {
      spec: {
        profileId: SANDBOX_PROFILE_ID,
        region: 'us-east-1',
        name,
        imageId,
        instanceType: 't3.micro',
        installScript: 'echo ok',
      },
    });
  const ended = await start('terminated-while-down');
  const forgotten = await start('forgotten-by-aws');
  const launched = await waitFor(
    'both installs to succeed',
    async () => {
      const list = await web.must('launch.list', {});
      const mine = list.filter((r) => r.id === ended.id || r.id === forgotten.id);
      return mine.length === 2 && mine.every((r) => r.phase === 'succeeded') ? mine : undefined;
    },
    60_000,
    200,
  );
  const instanceOf = (id: string) => launched.find((r) => r.id === id)!.instanceId!;

  await web.kill('SIGKILL');
  const ec2 = new EC2Client({
    region: 'us-east-1',
    endpoint: sandbox.endpoint,
    credentials: { ...SANDBOX_CREDENTIALS },
  });
  await ec2.send(new TerminateInstancesCommand({ InstanceIds: [instanceOf(ended.id)] }));
  ec2.destroy();
  web = await startWebMode(home.env, args);
  found.terminated = await phaseAfterRestart(web, ended.id, 'terminated');

  await web.kill('SIGKILL');
  const reset = await fetch(`${sandbox.endpoint}/moto-api/reset`, { method: 'POST' });
  expect(reset.ok).toBe(true);
  web = await startWebMode(home.env, args);
  found.lost = await phaseAfterRestart(web, forgotten.id, 'lost');
  await web.kill('SIGTERM');
  await sandbox.kill('SIGTERM');
}, 240_000);

describe('instances gone while Kiln was down', () => {
  it('shows an instance terminated meanwhile as terminated within one tick', () => {
    expect(found.terminated!.record.instanceState).toBe('terminated');
    expect(found.terminated!.afterReadyMs).toBeLessThan(WITHIN_ONE_TICK_MS);
  });

  it('shows an instance AWS no longer returns as lost within one tick, saying the sandbox ended', () => {
    expect(found.lost!.afterReadyMs).toBeLessThan(WITHIN_ONE_TICK_MS);
    expect(found.lost!.record.warnings).toEqual([
      expect.objectContaining({
        code: 'SandboxEnded',
        message: expect.stringContaining('sandbox this launch ran in has ended'),
      }),
    ]);
  });
});
