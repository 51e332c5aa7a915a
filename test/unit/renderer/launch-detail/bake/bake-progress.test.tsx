// @vitest-environment happy-dom
// The progress of Save as AMI on the launch page, rendered from launch records as the backend keeps them.
import { act, cleanup, fireEvent, render, screen, within } from '@testing-library/react';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { BakesSection } from '../../../../../renderer/src/launch-detail/bake/bakes-section';
import '../../render-with-api';
import { availableBake, failedBake, pendingBake, succeededRecord } from './bake-fixtures';

afterEach(() => {
  cleanup();
  vi.useRealTimers();
});

const progressOf = (bakeId: string) =>
  screen.getAllByTestId('bake-progress').find((el) => el.getAttribute('data-bake-id') === bakeId)!;

describe('bake progress', () => {
  it('shows a pending bake: its steps, each snapshot with its percent, the image id and the seal report', () => {
    render(<BakesSection record={succeededRecord({ bakes: [pendingBake()] })} />);
    const item = progressOf('bake-1');
    expect(item.getAttribute('data-phase')).toBe('pending');
    const snapshots = within(item).getAllByTestId('snapshot-progress');
    expect(snapshots.map((s) => s.getAttribute('data-value'))).toEqual(['42', '10']);
    expect(snapshots[0].textContent).toContain('42%');
    expect(snapshots[0].textContent).toContain('snap-0b4e0000000000001');
    const steps = within(item).getAllByTestId('bake-step');
    const snapshotStep = steps.find((s) => s.getAttribute('data-step') === 'snapshots')!;
    expect(snapshotStep.getAttribute('data-type')).toBe('in-progress');
    expect(snapshotStep.textContent).toBe('Snapshots (26 %)');
    expect(within(item).getByTestId('bake-image-id').getAttribute('data-value')).toBe('ami-0b4e0000000000001');
    expect(within(item).getByTestId('bake-image').textContent).toContain('us-east-1');
    expect(within(item).getByTestId('bake-timing').textContent).toMatch(/elapsed/);
    const seal = within(item).getByTestId('bake-seal-report');
    expect(seal.getAttribute('data-sealed')).toBe('true');
    fireEvent.click(within(seal).getByText('Seal report: sealed'));
    expect(seal.textContent).toContain('/opt/kiln/journal');
    expect(screen.queryByTestId('bake-launch-from-image')).toBeNull();
  });

  it('shows a failed bake with AWS’s reason and why it was unsealed', () => {
    render(<BakesSection record={succeededRecord({ bakes: [failedBake()] })} />);
    const item = progressOf('bake-2');
    expect(item.getAttribute('data-phase')).toBe('failed');
    const error = within(item).getByTestId('bake-error');
    expect(error.getAttribute('data-code')).toBe('ImageFailed');
    expect(error.textContent).toContain('Client.InternalError: snapshot creation failed');
    expect(within(item).getByTestId('bake-image').getAttribute('data-state')).toBe('failed');
    expect(within(item).getByTestId('bake-image').textContent).toContain(
      'Client.InternalError: snapshot creation failed',
    );
    expect(within(item).queryByTestId('snapshot-progress')).toBeNull();
    expect(within(item).getByTestId('bake-seal-report').textContent).toContain(
      'unsealed: The instance is stopped, so its agent cannot seal it.',
    );
    expect(within(item).getByTestId('bake-timing').textContent).toBe('took 5 min 00 s');
  });

  it('shows what went wrong beside the image, with what to do', () => {
    const warning = {
      code: 'RestartFailed',
      message: 'Kiln could not start i-0123 again after imaging it: UnauthorizedOperation.',
      remedy: 'Start it in the EC2 console; the image is not affected.',
    };
    render(<BakesSection record={succeededRecord({ bakes: [{ ...availableBake(), warnings: [warning] }] })} />);
    const shown = screen.getByTestId('bake-warning');
    expect(shown.getAttribute('data-code')).toBe('RestartFailed');
    expect(shown.textContent).toContain(warning.message);
    expect(shown.textContent).toContain(warning.remedy);
  });

  it('lists the newest bake first, and nothing without bakes', () => {
    const older = { ...failedBake(), startedAt: '2026-11-19T10:00:00.000Z' };
    render(<BakesSection record={succeededRecord({ bakes: [older, pendingBake()] })} />);
    expect(screen.getAllByTestId('bake-progress').map((el) => el.getAttribute('data-bake-id'))).toEqual([
      'bake-1',
      'bake-2',
    ]);
    cleanup();
    render(<BakesSection record={succeededRecord()} />);
    expect(screen.queryByTestId('bakes-section')).toBeNull();
  });

  it('offers Launch from this image and the Images page once available', () => {
    const onLaunchFromImage = vi.fn();
    const onOpenImages = vi.fn();
    render(
      <BakesSection
        record={succeededRecord({ bakes: [availableBake()] })}
        onLaunchFromImage={onLaunchFromImage}
        onOpenImages={onOpenImages}
      />,
    );
    fireEvent.click(screen.getByTestId('bake-launch-from-image'));
    expect(onLaunchFromImage).toHaveBeenCalledWith({
      profileId: 'sandbox',
      region: 'us-east-1',
      imageId: 'ami-0b4e0000000000001',
      name: 'web-golden',
    });
    fireEvent.click(screen.getByTestId('bake-open-images'));
    expect(onOpenImages).toHaveBeenCalled();
    expect(screen.queryByTestId('snapshot-progress')).toBeNull();
  });

  it('ticks the elapsed time every second while the bake runs', () => {
    vi.useFakeTimers({ toFake: ['setInterval', 'clearInterval', 'Date'] });
    vi.setSystemTime(new Date('2026-11-20T10:02:05.000Z'));
    render(<BakesSection record={succeededRecord({ bakes: [pendingBake()] })} />);
    expect(screen.getByTestId('bake-timing').textContent).toBe('2 min 05 s elapsed, about 4 min left');
    act(() => {
      vi.advanceTimersByTime(3000);
    });
    expect(screen.getByTestId('bake-timing').textContent).toBe('2 min 08 s elapsed, about 4 min left');
  });
});
