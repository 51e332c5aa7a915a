/**
 * The snapshot schedule of one launch: the form (started from the launch's current schedule, else hourly keeping 2)
 * checked as the operator types with the backend's own rules, the backend's preview of what Set creates for it, and
 * set / remove / create the DLM role, each with its own busy flag and error.
 */
import { useEffect, useRef, useState } from 'react';
import {
  snapshotScheduleProblem,
  type LaunchRecord,
  type SnapshotSchedule,
  type SnapshotSchedulePreview,
} from '../../../electron/common/models';
import { useCommand } from '../common/use-command';

export type ScheduleKind = SnapshotSchedule['rule']['kind'];

/** The form as typed: text fields stay text until they make a schedule. */
export interface ScheduleForm {
  kind: ScheduleKind;
  hours: string;
  time: string;
  keep: string;
}

export function formOf(schedule: SnapshotSchedule): ScheduleForm {
  const { rule } = schedule;
  return {
    kind: rule.kind,
    hours: rule.kind === 'every' ? String(rule.hours) : '6',
    time: rule.kind === 'daily' ? rule.time : '03:00',
    keep: String(schedule.keep),
  };
}

/** The schedule the form says; blank numbers become NaN, which the rules refuse with the field named. */
export function scheduleOf(form: ScheduleForm): SnapshotSchedule {
  const number = (text: string) => (text.trim() === '' ? Number.NaN : Number(text));
  const keep = number(form.keep);
  if (form.kind === 'every') return { rule: { kind: 'every', hours: number(form.hours) }, keep };
  if (form.kind === 'daily') return { rule: { kind: 'daily', time: form.time.trim() }, keep };
  return { rule: { kind: 'hourly' }, keep };
}

export function useSnapshotSchedule(record: LaunchRecord, onRecord: (record: LaunchRecord) => void) {
  const launchId = record.id;
  const [form, setForm] = useState<ScheduleForm>();
  const schedule = form && scheduleOf(form);
  const problem = schedule && snapshotScheduleProblem(schedule);
  // Until the first answer the launch's own schedule is not known: ask without one, then fill the form from it.
  // While the form is being corrected nothing is asked: the policy and role shown stay the last known.
  const wanted = !form ? JSON.stringify({ launchId }) : problem ? null : JSON.stringify({ launchId, schedule });
  const preview = useCommand('snapshots.schedule.preview');
  const [known, setKnown] = useState<SnapshotSchedulePreview>();
  const [nonce, setNonce] = useState(0);
  // Counts the reads: only the latest answer may show (a slow one for an older form is dropped).
  const request = useRef(0);
  const runPreview = preview.run;
  useEffect(() => {
    if (wanted === null) return;
    const id = ++request.current;
    void runPreview(JSON.parse(wanted) as { launchId: string; schedule?: SnapshotSchedule }).then((result) => {
      if (id !== request.current || !result.ok) return;
      setKnown(result.value);
      setForm((current) => current ?? formOf(result.value.schedule));
    });
  }, [wanted, runPreview, nonce]);
  const reload = () => setNonce((n) => n + 1);

  const set = useCommand('snapshots.schedule.set');
  const remove = useCommand('snapshots.schedule.remove');
  const createRole = useCommand('snapshots.dlmRole.create');

  async function setSchedule() {
    if (!schedule || problem) return;
    remove.clearError();
    const result = await set.run({ launchId, schedule });
    if (result.ok) setKnown(result.value);
    reload();
  }

  async function removeSchedule() {
    set.clearError();
    const result = await remove.run({ launchId });
    if (result.ok) onRecord(result.value);
    reload();
  }

  async function createDlmRole() {
    set.clearError();
    const result = await createRole.run({ profileId: record.spec.profileId, region: record.spec.region });
    if (result.ok) reload();
  }

  const policy = known?.policy;
  return {
    form,
    change: (patch: Partial<ScheduleForm>) => setForm((current) => current && { ...current, ...patch }),
    /** What is wrong with the form, with the field it is about; undefined when DLM allows it. */
    problem,
    preview: known,
    previewLoading: preview.loading,
    previewError: preview.error,
    /** The launch's policy, unless it was deleted outside Kiln. */
    activePolicy: policy && policy.state !== 'missing' ? policy : undefined,
    missingPolicy: policy?.state === 'missing' ? policy : undefined,
    set: () => void setSchedule(),
    setLoading: set.loading,
    setError: set.error,
    remove: () => void removeSchedule(),
    removeLoading: remove.loading,
    removeError: remove.error,
    createRole: () => void createDlmRole(),
    createRoleLoading: createRole.loading,
    createRoleError: createRole.error,
  };
}
