import { describe, expect, it } from 'vitest';
import {
  bakeBadge,
  bakePercent,
  bakeSteps,
  bakeTiming,
  latestBake,
} from '../../../../../renderer/src/launch-detail/bake/bake-steps';
import { availableBake, bakeRequest, failedBake, pendingBake, STARTED_AT } from './bake-fixtures';

const at = (iso: string) => Date.parse(iso);
const typesOf = (bake: Parameters<typeof bakeSteps>[0]) =>
  Object.fromEntries(bakeSteps(bake).map((s) => [s.id, s.type]));

describe('bake steps', () => {
  it('marks the steps before the current one done, the current one in progress, copying skipped without copies', () => {
    expect(typesOf(pendingBake())).toEqual({
      sealing: 'success',
      stopping: 'success',
      'creating-image': 'success',
      snapshots: 'in-progress',
      copying: 'stopped',
      available: 'pending',
    });
  });

  it('marks the step a bake failed in, and what it never reached', () => {
    const steps = bakeSteps(failedBake());
    expect(steps.find((s) => s.id === 'snapshots')).toMatchObject({ type: 'error', note: 'failed' });
    expect(steps.find((s) => s.id === 'available')).toMatchObject({ type: 'stopped', note: 'not reached' });
    expect(steps.find((s) => s.id === 'sealing')).toMatchObject({ type: 'warning', note: 'unsealed' });
  });

  it('says why stopping was skipped: a reboot, or an instance stopped already', () => {
    const reboot = pendingBake({
      request: bakeRequest({ mode: 'reboot' }),
      timeline: [
        { phase: 'creating-image', at: STARTED_AT },
        { phase: 'pending', at: STARTED_AT },
      ],
    });
    expect(bakeSteps(reboot).find((s) => s.id === 'stopping')).toMatchObject({
      type: 'stopped',
      note: 'imaged with a reboot',
    });
    const stopped = { ...reboot, request: bakeRequest() };
    expect(bakeSteps(stopped).find((s) => s.id === 'stopping')).toMatchObject({
      type: 'stopped',
      note: 'the instance was stopped already',
    });
  });

  it('ends with every step done once available', () => {
    expect(Object.values(typesOf(availableBake())).filter((t) => t !== 'success')).toEqual(['stopped']);
  });
});

describe('bake progress numbers', () => {
  it('averages the snapshots of the images still on their way', () => {
    expect(bakePercent(pendingBake())).toBe(26);
    expect(bakePercent({ images: [] })).toBeNull();
    const copying = availableBake();
    copying.images.push({
      ...pendingBake().images[0],
      imageId: 'ami-0b4e0000000000009',
      region: 'eu-west-1',
      snapshots: [{ snapshotId: 'snap-x', volumeSizeGiB: 8, progress: 20, state: 'pending' }],
    });
    expect(bakePercent(copying)).toBe(20);
  });

  it('gives the elapsed time and a rough remaining time from the volume size', () => {
    // 8 GiB: about 6 minutes.
    expect(bakeTiming(pendingBake(), at('2026-11-20T10:02:05.000Z'))).toEqual({
      elapsed: '2 min 05 s elapsed',
      remaining: 'about 4 min left',
    });
    expect(bakeTiming(pendingBake(), at('2026-11-20T10:05:30.000Z')).remaining).toBe(
      'less than a minute left, roughly',
    );
    expect(bakeTiming(pendingBake(), at('2026-11-20T10:09:00.000Z')).remaining).toBe(
      'taking longer than the usual 6 min for 8 GiB',
    );
    expect(bakeTiming(pendingBake({ volumeSizeGiB: null }), at('2026-11-20T10:00:30.000Z'))).toEqual({
      elapsed: '30 s elapsed',
      remaining: undefined,
    });
    expect(bakeTiming(availableBake(), at('2026-11-20T12:00:00.000Z'))).toEqual({
      elapsed: 'took 6 min 00 s',
      remaining: undefined,
    });
  });

  it('sums up the newest bake for the launches list', () => {
    expect(bakeBadge(pendingBake())).toEqual({ text: 'Baking 26 %', color: 'blue' });
    expect(bakeBadge(availableBake())).toEqual({ text: 'AMI ready', color: 'green' });
    expect(bakeBadge(failedBake())).toEqual({ text: 'AMI failed', color: 'red' });
    expect(bakeBadge(pendingBake({ phase: 'stopping', images: [] }))).toEqual({ text: 'Baking', color: 'blue' });
    const newer = { ...availableBake(), startedAt: '2026-11-21T00:00:00.000Z' };
    expect(latestBake([newer, pendingBake()])).toBe(newer);
    expect(latestBake(undefined)).toBeUndefined();
  });
});
