import { mkdir, mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { PROBE_HISTORY_MS, type ProbePoint } from '../../../../electron/common/models';
import {
  createProbeHistoryStore,
  decode,
  encode,
  MAX_POINTS_PER_PROBE,
} from '../../../../electron/core/health/probe-history';

let dataDir: string;
beforeEach(async () => {
  dataDir = await mkdtemp(path.join(os.tmpdir(), 'kiln-probe-history-'));
});
afterEach(async () => {
  await rm(dataDir, { recursive: true, force: true });
});

const DAY = PROBE_HISTORY_MS;

describe('probe history', () => {
  it('keeps only the last 24 h, and at most 8,640 points per probe', () => {
    let now = 0;
    const history = createProbeHistoryStore({ dataDir, now: () => now, log: () => undefined });
    // Two days at the 10 s minimum interval: only the last day stays.
    for (now = 0; now < 2 * DAY; now += 10_000) history.append('l-1', 'web', [now, true, 5, 200]);
    now -= 10_000;
    const points = history.get('l-1').probes[0].points;
    expect(points).toHaveLength(MAX_POINTS_PER_PROBE);
    expect(MAX_POINTS_PER_PROBE).toBe(8_640);
    expect(points[0][0]).toBeGreaterThanOrEqual(now - DAY);
    // Faster than 10 s (tests' shortened clock): still bounded by the count.
    for (let i = 0; i < 20_000; i += 1) history.append('l-2', 'fast', [now + i, i % 2 === 0, null, null]);
    expect(history.get('l-2').probes[0].points).toHaveLength(MAX_POINTS_PER_PROBE);
  });

  it('survives a restart: written atomically in the data directory and read back the same', async () => {
    const now = 1_800_000_000_000;
    const first = createProbeHistoryStore({ dataDir, now: () => now, log: () => undefined });
    const written: ProbePoint[] = [
      [now - 20_000, true, 12.4, 200],
      [now - 10_000, false, null, null],
      [now, false, 30, 503],
    ];
    for (const point of written) first.append('l-1', 'web', point);
    first.append('l-1', 'api', [now, true, 7, 204]);
    await first.dispose();
    expect(await readdir(path.join(dataDir, 'probe-history'))).toEqual(['l-1.json']);

    const second = createProbeHistoryStore({ dataDir, now: () => now, log: () => undefined });
    await second.load('l-1');
    expect(second.get('l-1', ['web', 'api'])).toEqual({
      launchId: 'l-1',
      probes: [
        { probeId: 'web', points: [[now - 20_000, true, 12, 200], written[1], written[2]] },
        { probeId: 'api', points: [[now, true, 7, 204]] },
      ],
    });
  });

  it('stores compactly: a full day of one probe in well under 200 KB', () => {
    const points: ProbePoint[] = [];
    for (let i = 0; i < MAX_POINTS_PER_PROBE; i += 1)
      points.push([1_800_000_000_000 + i * 10_000, i % 50 !== 0, 100 + (i % 900), 200]);
    const text = encode(new Map([['web', points]]));
    expect(text.length).toBeLessThan(200_000);
    expect(decode(text).web).toEqual(points);
  });

  it('moves an unreadable file aside and starts empty', async () => {
    const dir = path.join(dataDir, 'probe-history');
    await mkdir(dir);
    await writeFile(
      path.join(dir, 'l-1.json'),
      '{"version":1,"probes":{"web":{"t0":0,"dt":[0],"up":"","ms":[],"st":[]}}}',
    );
    const logged: string[] = [];
    const history = createProbeHistoryStore({ dataDir, now: () => 0, log: (m) => logged.push(m) });
    await history.load('l-1');
    expect(history.get('l-1').probes).toEqual([]);
    const names = await readdir(dir);
    expect(names).toHaveLength(1);
    expect(names[0]).toMatch(/^l-1\.json\.unreadable-/);
    expect(await readFile(path.join(dir, names[0]), 'utf8')).toContain('"dt":[0]');
    expect(logged[0]).toMatch(/is unreadable; kept as/);
  });
});
