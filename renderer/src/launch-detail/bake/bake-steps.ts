/** A bake's progress as the launch page and the launches list show it: steps, snapshot percent, time. Pure. */
import type { StatusIndicatorProps } from '@cloudscape-design/components/status-indicator';
import type { Bake, BakePhase } from '../../../../electron/common/models';
import { formatDuration } from '../../common/format';

export type BakeStepId = 'sealing' | 'stopping' | 'creating-image' | 'snapshots' | 'copying' | 'available';

export interface BakeStep {
  id: BakeStepId;
  label: string;
  type: StatusIndicatorProps.Type;
  /** Why a step was skipped or how it ended, when that says more than the label. */
  note?: string;
}

const STEPS: readonly { id: BakeStepId; label: string; phase: BakePhase }[] = [
  { id: 'sealing', label: 'Sealing', phase: 'sealing' },
  { id: 'stopping', label: 'Stopping', phase: 'stopping' },
  { id: 'creating-image', label: 'Creating image', phase: 'creating-image' },
  { id: 'snapshots', label: 'Snapshots', phase: 'pending' },
  { id: 'copying', label: 'Copying', phase: 'copying' },
  { id: 'available', label: 'Available', phase: 'available' },
];

export const FINAL_BAKE_PHASES: readonly BakePhase[] = ['available', 'failed'];

/** The step a bake is at: for a failed one, the step it failed in (the last phase it reached before failing). */
function currentStep(bake: Bake): number {
  const phase =
    bake.phase === 'failed'
      ? ([...bake.timeline].reverse().find((t) => t.phase !== 'failed')?.phase ?? 'sealing')
      : bake.phase;
  return STEPS.findIndex((step) => step.phase === phase);
}

export function bakeSteps(bake: Bake): BakeStep[] {
  const at = currentStep(bake);
  const failed = bake.phase === 'failed';
  const reached = new Set(bake.timeline.map((t) => t.phase));
  return STEPS.map((step, index): BakeStep => {
    const base = { id: step.id, label: step.label };
    if (step.id === 'sealing' && bake.seal && at > index) {
      return bake.seal.sealed
        ? { ...base, type: 'success', note: 'sealed' }
        : { ...base, type: 'warning', note: 'unsealed' };
    }
    const skip = skipReason(bake, step.id, index < at && !reached.has(step.phase));
    if (skip) return { ...base, type: 'stopped', note: skip };
    if (index < at) return { ...base, type: 'success' };
    if (index === at)
      return {
        ...base,
        type: failed ? 'error' : bake.phase === 'available' ? 'success' : 'in-progress',
        note: failed ? 'failed' : progressNote(bake, step.id),
      };
    return { ...base, type: failed ? 'stopped' : 'pending', note: failed ? 'not reached' : undefined };
  });
}

/** "42 %" beside the step that takes snapshots (of the image, then of its copies). */
function progressNote(bake: Bake, id: BakeStepId): string | undefined {
  const percent = id === 'snapshots' || id === 'copying' ? bakePercent(bake) : null;
  return percent === null ? undefined : `${percent} %`;
}

function skipReason(bake: Bake, id: BakeStepId, passedWithout: boolean): string | undefined {
  if (id === 'stopping' && bake.request.mode === 'reboot') return 'imaged with a reboot';
  if (id === 'stopping' && passedWithout) return 'the instance was stopped already';
  if (id === 'copying' && bake.request.copyToRegions.length === 0) return 'no copies asked for';
  return undefined;
}

/**
 * The average snapshot progress of the images still on their way (the copies, once the original is available),
 * 0–100; null before any snapshot exists.
 */
export function bakePercent(bake: Pick<Bake, 'images'>): number | null {
  const unfinished = bake.images.filter((image) => image.state !== 'available');
  const snapshots = (unfinished.length > 0 ? unfinished : bake.images).flatMap((image) => image.snapshots);
  if (snapshots.length === 0) return null;
  return Math.round(snapshots.reduce((sum, s) => sum + s.progress, 0) / snapshots.length);
}

/** Minutes a bake of this size usually takes (the backend's rule of thumb for the review), or null when unknown. */
export function estimatedMinutes(volumeSizeGiB: number | null): number | null {
  return volumeSizeGiB === null ? null : Math.max(3, Math.round(2 + volumeSizeGiB * 0.5));
}

/** "4 min 10 s elapsed, about 3 min left" while it runs; "took 6 min 02 s" once it ended. */
export function bakeTiming(bake: Bake, now: number): { elapsed: string; remaining: string | undefined } {
  const started = Date.parse(bake.startedAt);
  const ended = FINAL_BAKE_PHASES.includes(bake.phase)
    ? Date.parse(bake.timeline.at(-1)?.at ?? bake.startedAt)
    : undefined;
  const elapsedMs = Math.max(0, (ended ?? now) - started);
  if (ended !== undefined) return { elapsed: `took ${formatDuration(elapsedMs)}`, remaining: undefined };
  const minutes = estimatedMinutes(bake.volumeSizeGiB);
  if (minutes === null) return { elapsed: `${formatDuration(elapsedMs)} elapsed`, remaining: undefined };
  const leftMs = minutes * 60_000 - elapsedMs;
  const remaining =
    leftMs <= 0
      ? `taking longer than the usual ${minutes} min for ${bake.volumeSizeGiB} GiB`
      : leftMs < 60_000
        ? 'less than a minute left, roughly'
        : `about ${Math.ceil(leftMs / 60_000)} min left`;
  return { elapsed: `${formatDuration(elapsedMs)} elapsed`, remaining };
}

/** The bake the launches list sums up: the newest one. */
export function latestBake(bakes: readonly Bake[] | undefined): Bake | undefined {
  return bakes?.reduce<Bake | undefined>(
    (latest, bake) => (!latest || bake.startedAt >= latest.startedAt ? bake : latest),
    undefined,
  );
}

/** A short status for a list row: "Baking 42 %", "Copying 10 %", "AMI ready", "AMI failed". */
export function bakeBadge(bake: Bake): { text: string; color: 'blue' | 'green' | 'red' } {
  const percent = bakePercent(bake);
  switch (bake.phase) {
    case 'available':
      return { text: 'AMI ready', color: 'green' };
    case 'failed':
      return { text: 'AMI failed', color: 'red' };
    case 'copying':
      return { text: percent === null ? 'Copying AMI' : `Copying ${percent} %`, color: 'blue' };
    default:
      return { text: percent === null ? 'Baking' : `Baking ${percent} %`, color: 'blue' };
  }
}
