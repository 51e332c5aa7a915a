// The Snapshots list's rows: who made a snapshot (the DLM schedule, the operator, a Save as AMI), its progress as a
// number, and whether it is of a root volume.
import { describe, expect, it } from 'vitest';
import { toLaunchSnapshot } from '../../../../electron/core/snapshots/snapshot-list';

const base = {
  SnapshotId: 'snap-0123456789abcdef0',
  VolumeId: 'vol-0123456789abcdef0',
  StartTime: new Date('2025-01-15T12:00:00Z'),
  VolumeSize: 8,
  State: 'completed' as const,
  Progress: '100%',
  Description: '',
};
const roots = new Set(['vol-0123456789abcdef0']);

describe('toLaunchSnapshot', () => {
  it('reads time, size, state and progress', () => {
    expect(toLaunchSnapshot({ ...base, State: 'pending', Progress: '37%' }, roots)).toEqual({
      snapshotId: 'snap-0123456789abcdef0',
      volumeId: 'vol-0123456789abcdef0',
      startTime: '2025-01-15T12:00:00.000Z',
      sizeGiB: 8,
      state: 'pending',
      progress: 37,
      description: '',
      source: 'other',
      root: true,
    });
  });

  it('counts a completed snapshot without a progress figure as done, and a missing size as unknown', () => {
    const row = toLaunchSnapshot({ ...base, Progress: undefined, VolumeSize: undefined }, roots);
    expect(row).toMatchObject({ progress: 100, sizeGiB: null });
    expect(toLaunchSnapshot({ ...base, State: 'pending', Progress: '' }, roots).progress).toBe(0);
  });

  it("tells the schedule's snapshots, the operator's and a bake's apart", () => {
    const source = (tags: Record<string, string>, description = '') =>
      toLaunchSnapshot(
        { ...base, Description: description, Tags: Object.entries(tags).map(([Key, Value]) => ({ Key, Value })) },
        roots,
      ).source;
    expect(source({ 'dlm:managed': 'true' })).toBe('scheduled');
    expect(source({ 'aws:dlm:lifecycle-policy-id': 'policy-1' })).toBe('scheduled');
    expect(source({}, 'Created for policy: policy-0123 schedule: hourly')).toBe('scheduled');
    expect(source({ 'kiln:snapshot': 'manual' })).toBe('manual');
    expect(source({ 'kiln:baked-from': 'launch-1' })).toBe('bake');
    expect(source({}, 'Created by CreateImage(i-0123) for ami-0123')).toBe('bake');
    expect(source({ 'kiln:launch-id': 'launch-1' })).toBe('other');
  });

  it('marks snapshots of other volumes as data-volume snapshots', () => {
    expect(toLaunchSnapshot({ ...base, VolumeId: 'vol-0ffffffffffffffff' }, roots).root).toBe(false);
  });
});
