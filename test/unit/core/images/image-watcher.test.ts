// The image watcher's progress model against a scripted EC2: one DescribeImages and one DescribeSnapshots per tick
// for every watched image, progress parsed from EC2's "N%" strings, no give-up while AWS says pending, an image that
// disappeared reported as missing, and backoff (not an error report) when AWS throttles.
import type { EC2Client } from '@aws-sdk/client-ec2';
import { afterEach, describe, expect, it, vi } from 'vitest';
import {
  createImageWatcher,
  parseProgress,
  type ImageObservation,
} from '../../../../electron/core/images/image-watcher';

type Command = { constructor: { name: string }; input: Record<string, unknown> };

/** An EC2 stand-in whose images advance one step per DescribeImages call. */
function scriptedEc2(steps: Array<{ state: string; progress: string } | 'throttle'>) {
  const calls: string[] = [];
  let step = 0;
  const send = vi.fn(async (command: Command) => {
    const name = command.constructor.name;
    calls.push(name);
    const current = steps[Math.min(step, steps.length - 1)];
    if (name === 'DescribeImagesCommand') {
      step += 1;
      if (current === 'throttle')
        throw Object.assign(new Error('Rate exceeded'), { name: 'RequestLimitExceeded', Code: 'RequestLimitExceeded' });
      const ids = (command.input.ImageIds as string[] | undefined) ?? [];
      return {
        Images: ids
          .filter((id) => id !== 'ami-gone')
          .map((id) => ({
            ImageId: id,
            State: current.state,
            BlockDeviceMappings: [{ DeviceName: '/dev/xvda', Ebs: { SnapshotId: `snap-${id}`, VolumeSize: 8 } }],
          })),
      };
    }
    const previous = steps[Math.min(Math.max(0, step - 1), steps.length - 1)] as { state: string; progress: string };
    const ids = (command.input.Filters as Array<{ Values: string[] }>)[0].Values;
    return {
      Snapshots: ids.map((id) => ({
        SnapshotId: id,
        Progress: previous.progress,
        State: previous.state === 'available' ? 'completed' : 'pending',
        VolumeSize: 8,
      })),
    };
  });
  return { ec2: { send } as unknown as EC2Client, calls };
}

afterEach(() => vi.useRealTimers());

describe('image watcher', () => {
  it('batches every watched image into one call of each kind per tick and follows progress to available', async () => {
    vi.useFakeTimers();
    const { ec2, calls } = scriptedEc2([
      { state: 'pending', progress: '0%' },
      { state: 'pending', progress: '37%' },
      { state: 'pending', progress: '81%' },
      { state: 'available', progress: '100%' },
    ]);
    const seen: ImageObservation[] = [];
    const watcher = createImageWatcher({ ec2, intervalMs: 1_000, onObservation: (o) => seen.push(o) });
    watcher.watch('ami-1');
    watcher.watch('ami-2');
    await vi.advanceTimersByTimeAsync(3_500);
    const first = seen.filter((o) => o.imageId === 'ami-1');
    expect(first.map((o) => o.snapshots[0].progress)).toEqual([0, 37, 81, 100]);
    expect(first.at(-1)!.state).toBe('available');
    // Two images, four ticks: four calls of each kind, never one per image.
    expect(calls.filter((c) => c === 'DescribeImagesCommand')).toHaveLength(4);
    expect(calls.filter((c) => c === 'DescribeSnapshotsCommand')).toHaveLength(4);
    watcher.stop();
  });

  it('keeps watching a long pending image without a budget, and reports one that disappeared', async () => {
    vi.useFakeTimers();
    const { ec2 } = scriptedEc2([{ state: 'pending', progress: '5%' }]);
    const seen: ImageObservation[] = [];
    const watcher = createImageWatcher({ ec2, intervalMs: 1_000, onObservation: (o) => seen.push(o) });
    watcher.watch('ami-slow');
    watcher.watch('ami-gone');
    await vi.advanceTimersByTimeAsync(100_000);
    expect(seen.filter((o) => o.imageId === 'ami-slow').length).toBeGreaterThan(90);
    expect(seen.filter((o) => o.imageId === 'ami-slow').every((o) => o.state === 'pending')).toBe(true);
    expect(seen.find((o) => o.imageId === 'ami-gone')?.state).toBe('missing');
    watcher.stop();
  });

  it('backs off when throttled, without reporting an error', async () => {
    vi.useFakeTimers();
    const { ec2, calls } = scriptedEc2(['throttle', 'throttle', 'throttle', { state: 'available', progress: '100%' }]);
    const errors: unknown[] = [];
    const watcher = createImageWatcher({
      ec2,
      intervalMs: 1_000,
      random: () => 1,
      onObservation: () => undefined,
      onError: (e) => errors.push(e),
    });
    watcher.watch('ami-1');
    await vi.advanceTimersByTimeAsync(7_000);
    // Backoff doubles: calls at 0, 2 s and 6 s rather than every second.
    expect(calls.filter((c) => c === 'DescribeImagesCommand')).toHaveLength(3);
    expect(errors).toEqual([]);
    watcher.stop();
  });
});

describe('parseProgress', () => {
  it("reads EC2's percent strings and clamps them", () => {
    expect(parseProgress('42%', 'pending')).toBe(42);
    expect(parseProgress('100%', 'completed')).toBe(100);
    expect(parseProgress(undefined, 'completed')).toBe(100);
    expect(parseProgress('', 'pending')).toBe(0);
    expect(parseProgress('140%', 'pending')).toBe(100);
  });
});
