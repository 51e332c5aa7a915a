/**
 * Monitor benchmark: DescribeInstances calls per minute for 1, 10 and 50 watched launches, Kiln's monitor (one
 * filtered call per tick per region, production intervals) side by side in the same run with a per-instance polling
 * baseline (one DescribeInstances per instance every 10 s). Kiln's status-check reads (one DescribeInstanceStatus
 * per region at most every slow tick) are counted beside its DescribeInstances, and in its total. Both watch the same moto instances; each of the six runs
 * talks to moto through its own counting proxy, so the figures are HTTP requests on the wire.
 * Writes bench-results/monitor.json. Run with `npx tsx bench/monitor.bench.ts`.
 */
import { mkdir, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import {
  DescribeInstancesCommand,
  EC2Client,
  RunInstancesCommand,
  TerminateInstancesCommand,
} from '@aws-sdk/client-ec2';
import { LaunchRecord } from '../electron/common/models';
import { createAwsClientPool, type AwsClientPool } from '../electron/core/aws/clients';
import { createMonitorHub, type MonitorHub } from '../electron/core/launch/monitor-hub';
import { createProfileRegistry } from '../electron/core/profiles/profile-registry';
import { createSandboxProfile, SANDBOX_PROFILE_ID } from '../electron/core/profiles/sandbox-profile';
import { SANDBOX_CREDENTIALS } from '../electron/core/sandbox/address';
import { startMotoProcess } from '../electron/core/sandbox/moto-process';
import { instanceIdsOf, startAwsFaultProxy, type AwsFaultProxy } from '../test/support/aws-fault-proxy';

const ROOT = path.resolve(__dirname, '..');
const REGION = 'us-east-1';
const AL2023 = 'ami-0ed094fb1304fd857';
const SIZES = [1, 10, 50] as const;
/** How long moto keeps a new instance `pending` (EC2 takes some 15–30 s). */
const PENDING_SECONDS = 20;
/** The first minute after launch (pending, then steady), then a steady window scaled to a minute. */
const FIRST_WINDOW_MS = 60_000;
const STEADY_WINDOW_MS = 30_000;
const BASELINE_INTERVAL_MS = 10_000;

interface Run {
  proxy: AwsFaultProxy;
  stop(): void;
}

/** Failures once a run is stopped are its own in-flight calls being cut off, not findings. */
let stopping = false;
const report = (error: unknown) => !stopping && console.error(error);

const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/** Kiln's way: the production monitor hub and client pool, with default (production) intervals. */
function watchWithMonitor(proxy: AwsFaultProxy, instanceIds: string[]): Run {
  const clients: AwsClientPool = createAwsClientPool();
  const hub: MonitorHub = createMonitorHub({
    clients,
    profiles: createProfileRegistry(async () => [createSandboxProfile(proxy.endpoint)]),
    onObservation: async () => undefined,
    log: (message, error) => report(`${message}: ${String(error)}`),
  });
  const at = new Date().toISOString();
  for (const instanceId of instanceIds) {
    hub.watch(
      LaunchRecord.parse({
        id: `bench-${instanceId}`,
        spec: {
          profileId: SANDBOX_PROFILE_ID,
          region: REGION,
          name: 'bench',
          imageId: AL2023,
          instanceType: 't3.micro',
          installScript: 'true',
        },
        createdAt: at,
        phase: 'pending',
        timeline: [{ phase: 'pending', at }],
        instanceId,
      }),
    );
  }
  return { proxy, stop: () => (hub.dispose(), clients.destroy()) };
}

/** The baseline: every instance polled on its own, first check at once, then every 10 s. */
function watchEachInstance(proxy: AwsFaultProxy, instanceIds: string[]): Run {
  const ec2 = new EC2Client({
    region: REGION,
    endpoint: proxy.endpoint,
    credentials: { ...SANDBOX_CREDENTIALS },
    maxAttempts: 1,
  });
  const poll = (instanceId: string) =>
    void ec2.send(new DescribeInstancesCommand({ InstanceIds: [instanceId] })).catch(report);
  const timers = instanceIds.map((instanceId) => {
    poll(instanceId);
    return setInterval(() => poll(instanceId), BASELINE_INTERVAL_MS);
  });
  return { proxy, stop: () => (timers.forEach(clearInterval), ec2.destroy()) };
}

const perMinute = (calls: number, windowMs: number) => Math.round(((calls * 60_000) / windowMs) * 10) / 10;

async function main(): Promise<void> {
  const moto = await startMotoProcess({ pendingSeconds: PENDING_SECONDS });
  const direct = new EC2Client({ region: REGION, endpoint: moto.endpoint, credentials: { ...SANDBOX_CREDENTIALS } });
  const runs: Array<{ size: number; monitor: Run; baseline: Run; instanceIds: string[] }> = [];
  try {
    const launched = await Promise.all(
      SIZES.map(async (size) => {
        const out = await direct.send(
          new RunInstancesCommand({ ImageId: AL2023, InstanceType: 't3.micro', MinCount: size, MaxCount: size }),
        );
        return { size, instanceIds: out.Instances!.map((i) => i.InstanceId!) };
      }),
    );
    const started = Date.now();
    for (const { size, instanceIds } of launched) {
      const [monitorProxy, baselineProxy] = await Promise.all([
        startAwsFaultProxy({ target: moto.endpoint }),
        startAwsFaultProxy({ target: moto.endpoint }),
      ]);
      runs.push({
        size,
        instanceIds,
        monitor: watchWithMonitor(monitorProxy, instanceIds),
        baseline: watchEachInstance(baselineProxy, instanceIds),
      });
    }
    console.log(
      `watching ${SIZES.join(', ')} instances (pending ${PENDING_SECONDS} s) for ${(FIRST_WINDOW_MS + STEADY_WINDOW_MS) / 1000} s…`,
    );
    await sleep(FIRST_WINDOW_MS + STEADY_WINDOW_MS);
    const steadyFrom = started + FIRST_WINDOW_MS;
    const count = (run: Run, since: number, until: number, action = 'DescribeInstances') =>
      run.proxy.count(action, { since, until });
    /** Instance ids per DescribeInstances request, read from the requests themselves. */
    const idsPerCall = (run: Run) => {
      const calls = run.proxy.requests.filter((r) => r.action === 'DescribeInstances');
      const ids = calls.map((r) => {
        const { filtered, byParameter } = instanceIdsOf(r);
        return filtered.length + byParameter.length;
      });
      return Math.round((ids.reduce((a, b) => a + b, 0) / Math.max(1, calls.length)) * 10) / 10;
    };

    const results = runs.map(({ size, monitor, baseline }) => ({
      launches: size,
      kiln: {
        firstMinute: count(monitor, started, steadyFrom),
        steadyPerMinute: perMinute(count(monitor, steadyFrom, steadyFrom + STEADY_WINDOW_MS), STEADY_WINDOW_MS),
        instancesPerCall: idsPerCall(monitor),
        statusChecks: {
          firstMinute: count(monitor, started, steadyFrom, 'DescribeInstanceStatus'),
          steadyPerMinute: perMinute(
            count(monitor, steadyFrom, steadyFrom + STEADY_WINDOW_MS, 'DescribeInstanceStatus'),
            STEADY_WINDOW_MS,
          ),
        },
        allCallsSteadyPerMinute: perMinute(
          count(monitor, steadyFrom, steadyFrom + STEADY_WINDOW_MS) +
            count(monitor, steadyFrom, steadyFrom + STEADY_WINDOW_MS, 'DescribeInstanceStatus'),
          STEADY_WINDOW_MS,
        ),
      },
      perInstanceBaseline: {
        firstMinute: count(baseline, started, steadyFrom),
        steadyPerMinute: perMinute(count(baseline, steadyFrom, steadyFrom + STEADY_WINDOW_MS), STEADY_WINDOW_MS),
        instancesPerCall: idsPerCall(baseline),
      },
    }));
    const summary = {
      machine: { cpus: os.cpus().length, node: process.version },
      setup:
        "moto through Kiln's sandbox launcher (instances pending for the first " +
        `${PENDING_SECONDS} s), one counting HTTP proxy per run; all six runs at once on the same instances`,
      kiln:
        'monitor hub with production intervals: 2 s ticks while anything is pending, 10 s when steady; one filtered DescribeInstances per tick, ' +
        'plus one DescribeInstanceStatus for the running instances at most every 10 s (kiln.statusChecks)',
      baseline: 'one DescribeInstances (InstanceIds=[id]) per instance every 10 s, first check at once',
      windows: {
        firstMinute: 'calls in the 60 s after RunInstances (pending, then running)',
        steadyPerMinute: `calls in the next ${STEADY_WINDOW_MS / 1000} s (all running), scaled to a minute`,
      },
      results,
    };
    await mkdir(path.join(ROOT, 'bench-results'), { recursive: true });
    await writeFile(path.join(ROOT, 'bench-results', 'monitor.json'), `${JSON.stringify(summary, null, 2)}\n`);
    const line = (pick: (r: (typeof results)[number]) => { firstMinute: number; steadyPerMinute: number }) =>
      results.map((r) => `${r.launches}→${pick(r).firstMinute}/${pick(r).steadyPerMinute}`).join(', ');
    console.log(
      `DescribeInstances per minute (first minute / steady), launches→calls: Kiln monitor ${line((r) => r.kiln)}; ` +
        `per-instance polling ${line((r) => r.perInstanceBaseline)}. ` +
        `Kiln's DescribeInstanceStatus on top: ${line((r) => r.kiln.statusChecks)}. Written to bench-results/monitor.json`,
    );
  } finally {
    stopping = true;
    for (const run of runs) {
      run.monitor.stop();
      run.baseline.stop();
    }
    await sleep(500);
    await Promise.all(runs.flatMap((run) => [run.monitor.proxy.close(), run.baseline.proxy.close()]));
    const all = runs.flatMap((r) => r.instanceIds);
    if (all.length) await direct.send(new TerminateInstancesCommand({ InstanceIds: all })).catch(() => undefined);
    direct.destroy();
    await moto.stop();
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
