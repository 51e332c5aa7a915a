// Thirty launches watched at once cost one DescribeInstances per tick per region, counted on the wire, and their
// status checks one DescribeInstanceStatus per region at most every slow tick (never one per instance).
//
// The backend talks to moto through the AWS fault proxy (test/support/aws-fault-proxy.ts), which records every HTTP
// request it forwards; the counts below are real SDK requests, SDK-internal retries included (there are none here:
// the monitor's client makes exactly one attempt per call, see `ec2Polling` in electron/core/aws/clients.ts).
//
// To keep thirty launches cheap on a 2-core machine they go to us-west-2 and eu-west-1, which the sandbox's instance
// host does not run: every launch goes through the whole launch flow (preflight, security group, RunInstances with
// the real user data, the monitor, the agent link), but no agent ever starts, so the launches settle in
// `waiting-for-agent` with their instances `running`, which is exactly the steady state a monitor spends its life in.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ProxiedRequest } from '../../support/aws-fault-proxy';
import { startSandboxBackend, type SandboxBackend } from '../../support/sandbox-backend';
import { commands, gapsOf, instanceIdsOf, phasesOf, sleep, spec } from './monitor-harness';

const FAST_MS = 250;
const SLOW_MS = 1_000;
const LAUNCHES = { 'us-west-2': 20, 'eu-west-1': 10 } as const;
type Region = keyof typeof LAUNCHES;

let env: SandboxBackend;
let api: ReturnType<typeof commands>;

beforeAll(async () => {
  env = await startSandboxBackend({
    proxy: true,
    pendingSeconds: 2,
    hostRegions: ['us-east-1'],
    monitorIntervals: { fastMs: FAST_MS, slowMs: SLOW_MS },
  });
  api = commands(env);
}, 60_000);
afterAll(async () => env?.stop());

const callsIn = (action: string, region: Region, since = 0, until = Infinity): ProxiedRequest[] =>
  env.proxy!.requests.filter((r) => r.action === action && r.region === region && r.at >= since && r.at < until);
const describesIn = (region: Region, since?: number, until?: number) =>
  callsIn('DescribeInstances', region, since, until);
const statusReadsIn = (region: Region, since?: number, until?: number) =>
  callsIn('DescribeInstanceStatus', region, since, until);

describe('thirty launches watched at once', () => {
  it('issue one filtered DescribeInstances per tick per region, never one per instance', async () => {
    const proxy = env.proxy!;
    const images = { 'us-west-2': await api.al2023('us-west-2'), 'eu-west-1': await api.al2023('eu-west-1') };
    const startedAt = Date.now();
    const rest = Object.entries(LAUNCHES).flatMap(([region, n]) =>
      Array.from({ length: n - 1 }, () => region as Region),
    );
    const start = (region: Region, i: number) =>
      api.must('launch.start', { spec: spec({ region, imageId: images[region], name: `batch-${i}` }) });
    // The first launch of a region creates its artifact bucket; concurrent first launches race to create it
    // (BucketAlreadyOwnedByYou, an artifact-store issue outside this test), so one goes first in each region.
    const firsts = await Promise.all((Object.keys(LAUNCHES) as Region[]).map((region) => start(region, -1)));
    // Then the rest at once, as an operator clicking Launch many times would; each start() adds one instance to a
    // monitor.
    const launched = [...firsts, ...(await Promise.all(rest.map((region, i) => start(region, i))))];
    const ids = launched.map((r) => r.id);
    const instancesOf = (region: Region) =>
      launched
        .filter((r) => r.spec.region === region)
        .map((r) => r.instanceId!)
        .sort();

    const settled = await api.waitForAll(
      'all thirty to be running, with their status checks',
      ids,
      (r) => r.phase === 'waiting-for-agent' && r.statusChecks !== undefined,
      45_000,
    );
    for (const record of settled) {
      expect(record.instanceState).toBe('running');
      // moto reports both checks passed for a running instance.
      expect(record.statusChecks).toMatchObject({ system: 'ok', instance: 'ok' });
      expect(phasesOf(record)).toEqual(['requested', 'creating-resources', 'pending', 'running', 'waiting-for-agent']);
    }

    // A window of steady ticks: everything is running, so each region's monitor ticks every SLOW_MS.
    await sleep(SLOW_MS);
    const windowStart = Date.now();
    await sleep(5 * SLOW_MS);
    const windowEnd = Date.now();

    for (const region of Object.keys(LAUNCHES) as Region[]) {
      const inWindow = describesIn(region, windowStart, windowEnd);
      // At most one call per slow tick (+1 for where the window edges fall); fewer when a loaded machine stretches
      // the ticks (the next tick is timed from the end of a call). Polling each instance would be n per tick.
      expect(inWindow.length, `${region} calls in the window`).toBeGreaterThanOrEqual(2);
      expect(inWindow.length, `${region} calls in the window`).toBeLessThanOrEqual(6);
      for (const request of inWindow) {
        const { filtered, byParameter } = instanceIdsOf(request);
        expect(byParameter).toEqual([]);
        expect([...filtered].sort()).toEqual(instancesOf(region));
      }
      // Status checks ride along at the slow cadence: at most one read per slow tick, for every running instance of
      // the region in one request (DescribeInstanceStatus takes up to 100 ids, and has no instance-id filter).
      const statusReads = statusReadsIn(region, windowStart, windowEnd);
      expect(statusReads.length, `${region} status reads in the window`).toBeGreaterThanOrEqual(2);
      expect(statusReads.length, `${region} status reads in the window`).toBeLessThanOrEqual(inWindow.length + 1);
      for (const request of statusReads)
        expect([...instanceIdsOf(request).byParameter].sort()).toEqual(instancesOf(region));
    }

    // Terminate all thirty at once: each terminate pokes its monitor, and thirty pokes are still one call per tick.
    await Promise.all(ids.map((launchId) => api.must('launch.terminate', { launchId })));
    const ended = await api.waitForAll(
      'all thirty terminated and cleaned up',
      ids,
      (r) => r.phase === 'terminated' && r.securityGroupDeleted,
      45_000,
    );
    for (const record of ended) expect(record.instanceState).toBe('terminated');
    // Nothing is watched any more: the monitors go quiet.
    const quietFrom = Date.now() + FAST_MS * 2;
    await sleep(FAST_MS * 2 + 2 * SLOW_MS);
    expect(proxy.count('DescribeInstances', { since: quietFrom })).toBe(0);
    expect(proxy.count('DescribeInstanceStatus', { since: quietFrom })).toBe(0);

    // Over the whole run, launch and terminate bursts included: calls in a region are never closer than a fast tick,
    // i.e. thirty watch() and thirty poke() calls within seconds did not turn into extra calls.
    for (const region of Object.keys(LAUNCHES) as Region[]) {
      const all = describesIn(region, startedAt);
      const gaps = gapsOf(all);
      // Math.min of no gaps is Infinity, which would pass: the run must have made calls to compare.
      expect(gaps.length, `${region}: gaps between calls`).toBeGreaterThan(0);
      // Ticks start at least FAST_MS apart; half of it is left as slack for when a request leaves a busy process.
      expect(Math.min(...gaps), `${region}: shortest gap between calls (ms)`).toBeGreaterThanOrEqual(FAST_MS / 2);
      expect(all.length).toBeLessThanOrEqual((Date.now() - startedAt) / FAST_MS + 1);
      expect(all.every((r) => instanceIdsOf(r).byParameter.length === 0)).toBe(true);
      const statusReads = statusReadsIn(region, startedAt);
      const statusGaps = gapsOf(statusReads);
      expect(statusGaps.length, `${region}: gaps between status reads`).toBeGreaterThan(0);
      expect(Math.min(...statusGaps), `${region}: shortest gap between status reads (ms)`).toBeGreaterThanOrEqual(
        SLOW_MS / 2,
      );
      expect(statusReads.length).toBeLessThanOrEqual((Date.now() - startedAt) / SLOW_MS + 1);
    }
    // No DescribeInstances anywhere else (the instance host talks to moto directly, not through the proxy).
    expect(proxy.count('DescribeInstances', { since: startedAt, region: 'us-east-1' })).toBe(0);
    expect(proxy.requests.filter((r) => r.throttled)).toEqual([]);
  }, 90_000);
});
