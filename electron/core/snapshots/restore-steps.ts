/**
 * The steps of one restore, shown on the launch record as they run, with an undo for each thing a step created:
 * when a step fails, what was created is undone in reverse order and the failure says what was rolled back.
 */
import type { LaunchRecord, LaunchRestore, RestoreStep } from '../../common/models';
import { KilnFailure, type KilnError } from '../../common/result';
import { toKilnError } from '../aws/errors';

export interface RestoreSteps {
  /** Runs one step, shown as running, then done or failed. */
  step<T>(title: string, run: () => Promise<T>, detail?: string): Promise<T>;
  /** What undoes something a step created, run (newest first) if a later step fails. */
  onRollback(title: string, undo: () => Promise<unknown>): void;
  /** After the last step: nothing is rolled back any more. */
  succeed(change?: (restore: LaunchRestore) => LaunchRestore): Promise<void>;
  /** Rolls back and throws a KilnFailure naming the failed step and what was undone. */
  fail(error: unknown): Promise<never>;
}

export interface RestoreStepsDeps {
  update: (change: (record: LaunchRecord) => LaunchRecord) => Promise<unknown>;
  now: () => Date;
}

export async function startRestoreSteps(
  deps: RestoreStepsDeps,
  restore: Pick<LaunchRestore, 'snapshotId' | 'method'>,
): Promise<RestoreSteps> {
  const undos: Array<{ title: string; undo: () => Promise<unknown> }> = [];
  let failedStep = '';
  const at = () => deps.now().toISOString();
  const change = (edit: (restore: LaunchRestore) => LaunchRestore) =>
    deps.update((record) => (record.restore ? { ...record, restore: edit(record.restore) } : record));
  const setLast = (state: RestoreStep['state'], detail?: string) =>
    change((r) => ({
      ...r,
      steps: r.steps.map((s, i) =>
        i === r.steps.length - 1 ? { ...s, state, at: at(), ...(detail ? { detail } : {}) } : s,
      ),
    }));
  await deps.update((record) => ({
    ...record,
    restore: { ...restore, state: 'running', startedAt: at(), steps: [] },
  }));

  return {
    async step(title, run, detail) {
      failedStep = title;
      await change((r) => ({ ...r, steps: [...r.steps, { title, state: 'running', at: at(), detail }] }));
      let value;
      try {
        value = await run();
      } catch (error) {
        await setLast('failed', toKilnError(error, { action: title }).message);
        throw error;
      }
      await setLast('done');
      return value;
    },

    onRollback(title, undo) {
      undos.push({ title, undo });
    },

    async succeed(edit) {
      undos.length = 0;
      await change((r) => ({ ...(edit ? edit(r) : r), state: 'succeeded' }));
    },

    async fail(error) {
      const cause: KilnError =
        error instanceof KilnFailure ? error.error : toKilnError(error, { action: failedStep || 'restore' });
      const undone: string[] = [];
      const notUndone: string[] = [];
      for (const { title, undo } of undos.reverse()) {
        try {
          await undo();
          undone.push(title);
          await change((r) => ({ ...r, steps: [...r.steps, { title, state: 'rolled-back', at: at() }] }));
        } catch (undoError) {
          notUndone.push(title);
          const detail = toKilnError(undoError, { action: title }).message;
          await change((r) => ({ ...r, steps: [...r.steps, { title, state: 'failed', at: at(), detail }] }));
        }
      }
      const rolledBack = undone.length > 0 ? ` Rolled back: ${undone.join('; ')}.` : ' Nothing had been created.';
      const left = notUndone.length > 0 ? ` Could not roll back: ${notUndone.join('; ')}.` : '';
      const failure: KilnError = {
        code: cause.code,
        message: `The restore failed at "${failedStep}": ${cause.message}${rolledBack}${left}`,
        remedy:
          notUndone.length > 0
            ? `Finish by hand in the EC2 console: ${notUndone.join('; ')}. ${cause.remedy ?? ''}`.trim()
            : (cause.remedy ?? 'Fix the cause and restore again.'),
      };
      await change((r) => ({ ...r, state: 'failed', error: failure }));
      throw new KilnFailure(failure);
    },
  };
}

/** Polls `check` every `pollMs` until it answers a value, or fails with `RestoreTimeout` after `timeoutMs`. */
export async function waitUntil<T>(
  what: string,
  check: () => Promise<T | undefined>,
  options: { pollMs: number; timeoutMs: number },
): Promise<T> {
  const deadline = Date.now() + options.timeoutMs;
  for (;;) {
    const value = await check();
    if (value !== undefined) return value;
    if (Date.now() > deadline) {
      throw new KilnFailure({
        code: 'RestoreTimeout',
        message: `Waited ${Math.round(options.timeoutMs / 1000)} s for ${what}.`,
        remedy: 'Check the resource in the EC2 console; restore again once it has settled.',
      });
    }
    await new Promise((resolve) => setTimeout(resolve, options.pollMs));
  }
}
