/**
 * Every file of the data directory a store could not read during this run, with where its content was kept, so the
 * UI can name them (`storage.problems`) instead of a line on stderr that nobody reads.
 */
import type { StorageProblem } from '../../common/models';

export interface StorageProblems {
  report(problem: StorageProblem): void;
  /** Oldest first. */
  list(): StorageProblem[];
  /** Called with the whole list after each report; returns a disposer. */
  subscribe(listener: (problems: StorageProblem[]) => void): () => void;
}

export function createStorageProblems(log?: (message: string) => void): StorageProblems {
  const problems: StorageProblem[] = [];
  const listeners = new Set<(problems: StorageProblem[]) => void>();
  return {
    report(problem) {
      problems.push(problem);
      log?.(`${problem.message} The unreadable content is kept in ${problem.backupPath}.`);
      for (const listener of listeners) listener([...problems]);
    },
    list: () => [...problems],
    subscribe(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
  };
}
