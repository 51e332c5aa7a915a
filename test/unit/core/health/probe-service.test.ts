import { mkdtemp, readdir, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { DescribeSecurityGroupsCommand, type IpPermission } from '@aws-sdk/client-ec2';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { LaunchRecord, ProbeResult, ProbesUpdate } from '../../../../electron/common/models';
import { KilnFailure } from '../../../../electron/common/result';
import { createAppNotices } from '../../../../electron/core/app-notices';
import type { AwsClients } from '../../../../electron/core/aws/clients';
import { createProbeHistoryStore } from '../../../../electron/core/health/probe-history';
import { createProbeService, PROBE_NOTICE_PREFIX } from '../../../../electron/core/health/probe-service';
import type { ProfileContext } from '../../../../electron/core/profiles/profile-context';
import { fakeClock } from '../../../support/fake-clock';
import { launchRecord } from '../../../support/fake-data';

let dataDir: string;
beforeEach(async () => {
  dataDir = await mkdtemp(path.join(os.tmpdir(), 'kiln-probe-service-'));
});
afterEach(async () => {
  await rm(dataDir, { recursive: true, force: true });
});

/**
 * The service over a fake clock, a fake check (a web server that is up or not), records in memory and a fake EC2
 * client answering DescribeSecurityGroups (no AWS here); the notices and the history store are the real ones.
 */
function setup(options: { rules?: IpPermission[]; record?: Partial<LaunchRecord> } = {}) {
  const { clock, advance } = fakeClock(1_800_000_000_000);
  let records = [launchRecord({ id: 'l-1', publicIp: '54.1.2.3', ...options.record })];
  const updates: ProbesUpdate[] = [];
  const notices = createAppNotices();
  let serverUp = true;
  const checked: string[] = [];
  const context = {
    agentAddress: ({ instanceId }: { instanceId: string }) => `127.0.0.${instanceId.length}`,
    operatorCidr: async () => '203.0.113.7/32',
  } as unknown as ProfileContext;
  const launches = {
    list: () => records,
    get: (id: string) => records.find((r) => r.id === id)!,
    async update(id: string, change: (r: LaunchRecord) => LaunchRecord) {
      const next = change(records.find((r) => r.id === id)!);
      records = records.map((r) => (r.id === id ? next : r));
      return next;
    },
  };
  const ec2 = {
    send: async (command: unknown) => {
      if (!(command instanceof DescribeSecurityGroupsCommand)) throw new Error('unexpected command');
      return { SecurityGroups: [{ IpPermissions: options.rules ?? [] }] };
    },
  };
  const makeService = () =>
    createProbeService({
      launches,
      profiles: { get: async () => context },
      clients: { get: () => ({ ec2 }) as unknown as AwsClients },
      notices,
      history: createProbeHistoryStore({ dataDir, now: clock.now, log: () => undefined }),
      onUpdate: (update) => updates.push(update),
      log: () => undefined,
      clock,
      check: async (_probe, url): Promise<ProbeResult> => {
        checked.push(url);
        const at = new Date(clock.now()).toISOString();
        return serverUp
          ? { at, ok: true, latencyMs: 4, status: 200 }
          : { at, ok: false, latencyMs: null, status: null, error: 'Connection refused: nothing listens on the port.' };
      },
    });
  return {
    service: makeService(),
    makeService,
    advance,
    updates,
    notices,
    checked,
    records: () => records,
    setRecord: (record: LaunchRecord) => (records = records.map((r) => (r.id === record.id ? record : r))),
    setServer: (up: boolean) => (serverUp = up),
  };
}

const web = { port: 8080, path: '/health', intervalSeconds: 10, thresholdSeconds: 30 };

describe('probe service', () => {
  it('saves the probes on the launch, probes the address the profile resolves, and raises and clears the notice', async () => {
    const t = setup({
      rules: [{ IpProtocol: 'tcp', FromPort: 8080, ToPort: 8080, IpRanges: [{ CidrIp: '203.0.113.7/32' }] }],
    });
    const set = await t.service.set('l-1', [web]);
    const id = set.probes[0].probe.id;
    expect(t.records()[0].spec.probes).toEqual([expect.objectContaining({ id, port: 8080, path: '/health' })]);
    await t.advance(0);
    // The profile's resolver (the sandbox's loopback address), never the public IP.
    expect(t.checked).toEqual(['http://127.0.0.19:8080/health']);
    expect(t.service.list(['l-1'])[0]).toMatchObject({ health: 'up', probes: [{ state: 'up' }] });
    expect(t.service.list(['l-1'])[0].probes[0].portNotice).toBeUndefined();

    t.setServer(false);
    await t.advance(30_000);
    expect(t.service.list(['l-1'])[0].health).toBe('failing');
    expect(t.notices.list()).toEqual([]);
    await t.advance(10_000);
    expect(t.service.list(['l-1'])[0].health).toBe('down');
    const code = `${PROBE_NOTICE_PREFIX}l-1:${id}`;
    expect(t.notices.list()).toEqual([
      {
        code,
        message:
          'Probe http://127.0.0.19:8080/health of web-1 is down: it has failed for 30 s (Connection refused: nothing listens on the port.).',
        remedy: expect.stringContaining('Health section') as string,
      },
    ]);
    expect(t.updates.flatMap((u) => u.transitions)).toEqual([
      {
        launchId: 'l-1',
        launchName: 'web-1',
        probeId: id,
        url: 'http://127.0.0.19:8080/health',
        to: 'down',
        error: 'Connection refused: nothing listens on the port.',
      },
    ]);

    t.setServer(true);
    await t.advance(10_000);
    expect(t.notices.list()).toEqual([]);
    expect(t.updates.flatMap((u) => u.transitions).map((x) => x.to)).toEqual(['down', 'up']);
    const history = await t.service.history('l-1');
    expect(history.probes[0].points.map((p) => p[1])).toEqual([true, false, false, false, false, true]);
  });

  it('refuses bad probes with a clear message and changes nothing', async () => {
    const t = setup();
    const refusal = await t.service
      .set('l-1', [{ port: 80, intervalSeconds: 60, thresholdSeconds: 30 }])
      .catch((e: unknown) => e);
    expect(refusal).toBeInstanceOf(KilnFailure);
    expect((refusal as KilnFailure).error).toMatchObject({ code: 'InvalidProbe', field: 'probes.0.thresholdSeconds' });
    expect(t.records()[0].spec.probes).toBeUndefined();
    await t.advance(60_000);
    expect(t.checked).toEqual([]);
  });

  it("says when a probe's port is not open to the operator, with the doctor's remedy", async () => {
    const t = setup({
      rules: [{ IpProtocol: 'tcp', FromPort: 8443, ToPort: 8443, IpRanges: [{ CidrIp: '203.0.113.7/32' }] }],
    });
    await t.service.set('l-1', [web, { port: 80 }]);
    await t.advance(0);
    const [custom, http] = t.service.list(['l-1'])[0].probes;
    expect(custom.portNotice).toEqual({
      message:
        'Port 8080 is not open to your address (203.0.113.7/32) in sg-0123456789abcdef0: this probe fails from here even when the service runs.',
      remedy:
        'Add an inbound rule for tcp 8080 from 203.0.113.7/32 to sg-0123456789abcdef0, or probe a port that is open to you.',
    });
    expect(http.portNotice?.remedy).toBe('Open web access on this launch (it opens tcp 80 and 443 to your address).');
  });

  it('stops probing and withdraws its notice when the launch terminates', async () => {
    const t = setup();
    t.setServer(false);
    await t.service.set('l-1', [web]);
    await t.advance(30_000);
    expect(t.notices.list()).toHaveLength(1);
    const terminated = { ...t.records()[0], phase: 'terminated' as const, instanceState: 'terminated' };
    t.setRecord(terminated);
    t.service.sync(terminated);
    expect(t.notices.list()).toEqual([]);
    const before = t.checked.length;
    await t.advance(60_000);
    expect(t.checked).toHaveLength(before);
    expect(t.service.list()).toEqual([]);
  });

  it('deletes the history file of a launch removed from this workstation', async () => {
    const t = setup();
    await t.service.set('l-1', [web]);
    await t.advance(10_000);
    await t.service.dispose();
    const dir = path.join(dataDir, 'probe-history');
    expect(await readdir(dir)).toEqual(['l-1.json']);
    const again = t.makeService();
    await again.forget('l-1');
    expect(await readdir(dir)).toEqual([]);
    expect((await again.history('l-1')).probes[0]?.points).toEqual([]);
    await again.dispose();
  });

  it('keeps the history across a restart of the service', async () => {
    const t = setup();
    await t.service.set('l-1', [web]);
    await t.advance(20_000);
    await t.service.dispose();
    const again = t.makeService();
    const history = await again.history('l-1');
    expect(history.probes[0].points).toHaveLength(3);
    await again.dispose();
  });
});
