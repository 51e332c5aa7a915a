/**
 * The last 24 hours of each probe's results, per launch, kept in memory and in `probe-history/<launchId>.json` in
 * the data directory (written atomically, at most every `flushMs`, and on dispose), so a restart keeps the chart.
 * Bounded: points older than 24 h go, and a probe keeps at most 8,640 points (24 h at the 10 s minimum interval).
 * On disk each probe is stored by columns (time steps in ms, up flags as one string, latencies, statuses): about
 * 15 bytes a point instead of an object per point.
 */
import { readFile, rm } from 'node:fs/promises';
import path from 'node:path';
import { PROBE_HISTORY_MS, type ProbeHistory, type ProbePoint } from '../../common/models';
import { moveAside, writeFileDurably } from '../store/durable-file';

export const MAX_POINTS_PER_PROBE = PROBE_HISTORY_MS / 10_000;

export interface ProbeHistoryStoreOptions {
  dataDir: string;
  now: () => number;
  /** Longest time a new point waits before it is written; default 60 s. */
  flushMs?: number;
  log: (message: string, error?: unknown) => void;
}

export interface ProbeHistoryStore {
  /** Reads the launch's history from disk once (later calls are no-ops). */
  load(launchId: string): Promise<void>;
  append(launchId: string, probeId: string, point: ProbePoint): void;
  /** The last 24 h of the launch's probes (only those in `probeIds` when given). */
  get(launchId: string, probeIds?: readonly string[]): ProbeHistory;
  /** Drops the history of probes the launch no longer has. */
  retain(launchId: string, probeIds: readonly string[]): void;
  /** Removes the launch's history, on disk too. */
  forget(launchId: string): Promise<void>;
  /** Writes every launch with new points now. */
  flush(): Promise<void>;
  dispose(): Promise<void>;
}

interface StoredColumns {
  /** Epoch ms of the first point. */
  t0: number;
  /** Milliseconds since the previous point (the first is 0). */
  dt: number[];
  /** '1' up, '0' down, one character a point. */
  up: string;
  /** Latency in ms, -1 without an answer. */
  ms: number[];
  /** HTTP status, 0 without one. */
  st: number[];
}

interface StoredFile {
  version: 1;
  probes: Record<string, StoredColumns>;
}

export function createProbeHistoryStore(options: ProbeHistoryStoreOptions): ProbeHistoryStore {
  const dir = path.join(options.dataDir, 'probe-history');
  const launches = new Map<string, Map<string, ProbePoint[]>>();
  const loaded = new Map<string, Promise<void>>();
  const dirty = new Set<string>();
  let timer: NodeJS.Timeout | undefined;
  let writing = Promise.resolve();
  const file = (launchId: string) => path.join(dir, `${encodeURIComponent(launchId)}.json`);

  function probesOf(launchId: string): Map<string, ProbePoint[]> {
    let probes = launches.get(launchId);
    if (!probes) launches.set(launchId, (probes = new Map<string, ProbePoint[]>()));
    return probes;
  }

  function prune(points: ProbePoint[]): ProbePoint[] {
    const oldest = options.now() - PROBE_HISTORY_MS;
    let start = 0;
    while (start < points.length && points[start]![0] < oldest) start += 1;
    start = Math.max(start, points.length - MAX_POINTS_PER_PROBE);
    return start > 0 ? points.slice(start) : points;
  }

  function markDirty(launchId: string): void {
    dirty.add(launchId);
    timer ??= setTimeout(() => {
      timer = undefined;
      void flush();
    }, options.flushMs ?? 60_000);
    timer.unref?.();
  }

  async function read(launchId: string): Promise<void> {
    let text: string;
    try {
      text = await readFile(file(launchId), 'utf8');
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'ENOENT') options.log(`could not read ${file(launchId)}`, error);
      return;
    }
    const probes = probesOf(launchId);
    try {
      for (const [probeId, columns] of Object.entries(decode(text))) {
        // Points appended before the load finished are newer than what was on disk.
        probes.set(probeId, prune([...columns, ...(probes.get(probeId) ?? [])]));
      }
    } catch (error) {
      const backup = await moveAside(file(launchId), new Date(options.now())).catch(() => undefined);
      options.log(`the probe history ${file(launchId)} is unreadable${backup ? `; kept as ${backup}` : ''}`, error);
    }
  }

  async function flush(): Promise<void> {
    const launchIds = [...dirty];
    dirty.clear();
    const run = writing.then(async () => {
      for (const launchId of launchIds) {
        const probes = launches.get(launchId);
        if (!probes) continue;
        await writeFileDurably(file(launchId), encode(probes, prune)).catch((error: unknown) =>
          options.log(`could not write the probe history of ${launchId}`, error),
        );
      }
    });
    writing = run;
    await run;
  }

  return {
    load(launchId) {
      let done = loaded.get(launchId);
      if (!done) loaded.set(launchId, (done = read(launchId)));
      return done;
    },
    append(launchId, probeId, point) {
      const probes = probesOf(launchId);
      const points = probes.get(probeId) ?? [];
      points.push(point);
      probes.set(probeId, points.length > MAX_POINTS_PER_PROBE + 100 ? prune(points) : points);
      markDirty(launchId);
    },
    get(launchId, probeIds) {
      const probes = launches.get(launchId) ?? new Map<string, ProbePoint[]>();
      const ids = probeIds ?? [...probes.keys()];
      return { launchId, probes: ids.map((probeId) => ({ probeId, points: prune(probes.get(probeId) ?? []) })) };
    },
    retain(launchId, probeIds) {
      const probes = launches.get(launchId);
      if (!probes) return;
      for (const id of [...probes.keys()]) if (!probeIds.includes(id)) probes.delete(id);
      markDirty(launchId);
    },
    async forget(launchId) {
      launches.delete(launchId);
      dirty.delete(launchId);
      await writing;
      await rm(file(launchId), { force: true });
    },
    flush,
    async dispose() {
      clearTimeout(timer);
      timer = undefined;
      await flush();
    },
  };
}

/** The file's text for a launch's probes: columns per probe, pruned to the last 24 h. */
export function encode(probes: Map<string, ProbePoint[]>, prune: (p: ProbePoint[]) => ProbePoint[] = (p) => p): string {
  const stored: StoredFile = { version: 1, probes: {} };
  for (const [probeId, all] of probes) {
    const points = prune(all);
    if (points.length === 0) continue;
    stored.probes[probeId] = {
      t0: points[0]![0],
      dt: points.map((p, i) => (i === 0 ? 0 : p[0] - points[i - 1]![0])),
      up: points.map((p) => (p[1] ? '1' : '0')).join(''),
      ms: points.map((p) => (p[2] === null ? -1 : Math.round(p[2]))),
      st: points.map((p) => p[3] ?? 0),
    };
  }
  return JSON.stringify(stored);
}

/** The points of each probe in a file's text; throws when the text is not a history file. */
export function decode(text: string): Record<string, ProbePoint[]> {
  const stored = JSON.parse(text) as StoredFile;
  if (stored?.version !== 1 || typeof stored.probes !== 'object' || stored.probes === null)
    throw new Error('not a probe history file');
  const result: Record<string, ProbePoint[]> = {};
  for (const [probeId, c] of Object.entries(stored.probes)) {
    const n = c.dt.length;
    if (c.up.length !== n || c.ms.length !== n || c.st.length !== n || typeof c.t0 !== 'number')
      throw new Error(`the columns of probe ${probeId} differ in length`);
    let t = c.t0;
    result[probeId] = c.dt.map((dt, i): ProbePoint => {
      t += dt;
      const ms = c.ms[i] ?? -1;
      const st = c.st[i] ?? 0;
      return [t, c.up[i] === '1', ms < 0 ? null : ms, st === 0 ? null : st];
    });
  }
  return result;
}
