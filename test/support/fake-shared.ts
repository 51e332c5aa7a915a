/** What the fake's per-concept handlers share: the refusal shape and the one way a fake launch changes. */
import { type EventName, type EventPayload } from '../../electron/common/contract';
import { type LaunchRecord } from '../../electron/common/models';
import { fail, ok, type Result } from '../../electron/common/result';
import type { FakeData } from './fake-data';

/** How handlers push events, as the backend does. */
export type Emit = <E extends EventName>(event: E, payload: EventPayload<E>) => void;

export function notFound(code: string, message: string, remedy: string, field?: string): Result<never> {
  return fail({ code, message, remedy, ...(field ? { field } : {}) });
}

export function changeLaunch(
  data: FakeData,
  launchId: string,
  change: (r: LaunchRecord) => LaunchRecord,
): Result<LaunchRecord> {
  const index = data.launches.findIndex((r) => r.id === launchId);
  if (index < 0) return notFound('LaunchNotFound', `There is no launch ${launchId}.`, 'Refresh the launches.');
  data.launches[index] = change(data.launches[index]);
  return ok(data.launches[index]);
}
