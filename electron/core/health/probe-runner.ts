/**
 * Runs each launch's probes on their intervals (the clock and timers are injected, so tests run it on a fake clock)
 * and keeps each probe's state: up → failing (first failure) → down (failures for at least the threshold) → up.
 * A check is never started while the previous one of the same probe is still under way.
 */
import type { ActiveProbe, ProbeResult, ProbeStatus } from '../../common/models';
import { nextProbeState, probeUrl, type ProbeMachine } from './probe-definitions';
import type { ProbeCheck } from './probe-check';

export interface ProbeClock {
  now(): number;
  setTimeout(run: () => void, ms: number): unknown;
  clearTimeout(handle: unknown): void;
}

export const systemClock: ProbeClock = {
  now: () => Date.now(),
  setTimeout: (run, ms) => setTimeout(run, ms),
  clearTimeout: (handle) => clearTimeout(handle as NodeJS.Timeout),
};

export interface ProbeOutcome {
  launchId: string;
  probe: ActiveProbe;
  url: string;
  result: ProbeResult;
  status: ProbeStatus;
  transition?: 'down' | 'up';
}

export interface ProbeRunnerOptions {
  clock: ProbeClock;
  check: ProbeCheck;
  onOutcome: (outcome: ProbeOutcome) => void;
}

export interface ProbeRunner {
  /**
   * Runs these probes for the launch (the first checks at once), replacing its earlier list; a probe whose id was
   * there before keeps its state. `host` answers where the instance is now (undefined: skip this round).
   */
  set(launchId: string, probes: readonly ActiveProbe[], host: () => string | undefined): void;
  /** Stops probing the launch and forgets its states. */
  remove(launchId: string): void;
  /** The launch's probes and their states, in the order they were set. */
  statuses(launchId: string): ProbeStatus[];
  launchIds(): string[];
  stop(): void;
}

interface Running {
  probe: ActiveProbe;
  machine: ProbeMachine;
  last?: ProbeResult;
  url?: string;
  timer?: unknown;
  busy: boolean;
}

export function createProbeRunner(options: ProbeRunnerOptions): ProbeRunner {
  const { clock } = options;
  const launches = new Map<string, { host: () => string | undefined; probes: Map<string, Running> }>();
  let stopped = false;

  function schedule(launchId: string, running: Running, delay: number): void {
    if (stopped) return;
    running.timer = clock.setTimeout(() => void round(launchId, running), delay);
  }

  async function round(launchId: string, running: Running): Promise<void> {
    const launch = launches.get(launchId);
    if (!launch || launch.probes.get(running.probe.id) !== running || running.busy) return;
    running.busy = true;
    try {
      const host = launch.host();
      if (host) {
        const url = probeUrl(running.probe, host);
        running.url = url;
        const result = await options.check(running.probe, url);
        // Removed or replaced while the check ran: its answer belongs to nobody.
        if (launches.get(launchId)?.probes.get(running.probe.id) !== running) return;
        const next = nextProbeState(running.machine, result.ok, running.probe.thresholdSeconds * 1_000, clock.now());
        const { transition, ...machine } = next;
        running.machine = machine;
        running.last = result;
        options.onOutcome({ launchId, probe: running.probe, url, result, status: toStatus(running), transition });
      }
    } finally {
      running.busy = false;
      if (launches.get(launchId)?.probes.get(running.probe.id) === running)
        schedule(launchId, running, running.probe.intervalSeconds * 1_000);
    }
  }

  function cancel(running: Running): void {
    if (running.timer !== undefined) clock.clearTimeout(running.timer);
    running.timer = undefined;
  }

  return {
    set(launchId, probes, host) {
      const before = launches.get(launchId)?.probes ?? new Map<string, Running>();
      const next = new Map<string, Running>();
      for (const probe of probes) {
        const old = before.get(probe.id);
        if (old) cancel(old);
        const running: Running = { probe, machine: old?.machine ?? { state: 'pending' }, busy: false };
        if (old && sameTarget(old.probe, probe)) {
          running.last = old.last;
          running.url = old.url;
        } else {
          running.machine = { state: 'pending' };
        }
        next.set(probe.id, running);
      }
      for (const [id, old] of before) if (!next.has(id)) cancel(old);
      if (next.size === 0) {
        launches.delete(launchId);
        return;
      }
      launches.set(launchId, { host, probes: next });
      for (const running of next.values()) schedule(launchId, running, 0);
    },
    remove(launchId) {
      for (const running of launches.get(launchId)?.probes.values() ?? []) cancel(running);
      launches.delete(launchId);
    },
    statuses(launchId) {
      return [...(launches.get(launchId)?.probes.values() ?? [])].map(toStatus);
    },
    launchIds: () => [...launches.keys()],
    stop() {
      stopped = true;
      for (const launchId of [...launches.keys()]) this.remove(launchId);
    },
  };
}

/** A probe that checks the same thing as before keeps its state; a changed URL or expectation starts again. */
function sameTarget(a: ActiveProbe, b: ActiveProbe): boolean {
  return (
    a.protocol === b.protocol &&
    a.port === b.port &&
    a.path === b.path &&
    a.expectedStatus === b.expectedStatus &&
    a.bodyContains === b.bodyContains &&
    a.requireValidCertificate === b.requireValidCertificate
  );
}

function toStatus(running: Running): ProbeStatus {
  const iso = (ms: number | undefined) => (ms === undefined ? undefined : new Date(ms).toISOString());
  return {
    probe: running.probe,
    url: running.url,
    state: running.machine.state,
    since: iso(running.machine.since),
    failingSince: running.machine.state === 'up' ? undefined : iso(running.machine.failingSince),
    last: running.last,
  };
}
