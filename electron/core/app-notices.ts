/**
 * What the operator should know about this run that is not a failure of a command (agent tokens kept in memory
 * only…), for the UI (`app.notices`): one notice per code, the whole list pushed to subscribers on each change.
 */
import type { AppNotice } from '../common/models';

export interface AppNotices {
  /** In the order they were first published. */
  list(): AppNotice[];
  /** Adds the notice, or replaces the one of the same code. */
  publish(notice: AppNotice): void;
  /** Removes the notice of that code, if there is one. */
  withdraw(code: string): void;
  /** Called with the whole list after each change; returns a disposer. */
  subscribe(listener: (notices: AppNotice[]) => void): () => void;
}

export function createAppNotices(initial: readonly AppNotice[] = []): AppNotices {
  const notices = new Map<string, AppNotice>(initial.map((notice) => [notice.code, notice]));
  const listeners = new Set<(notices: AppNotice[]) => void>();
  const list = () => [...notices.values()];
  const changed = () => {
    for (const listener of listeners) listener(list());
  };
  return {
    list,
    publish(notice) {
      notices.set(notice.code, notice);
      changed();
    },
    withdraw(code) {
      if (notices.delete(code)) changed();
    },
    subscribe(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
  };
}
