/**
 * Reads an install log in pages (launch.logPage) instead of one answer: each page is parsed on its own, so a
 * million-line log never blocks the page in one long task. With `keep`, only the newest `keep` lines are fetched
 * (the console holds no more): the first page says where the log ends.
 */
import type { KilnApi } from '../../../../electron/common/contract';
import type { LogLine } from '../../../../electron/common/models';
import type { KilnError } from '../../../../electron/common/result';
import { callCommand } from '../../common/call-command';

/** Lines per page: about 1 MB of JSON, parsed in well under 50 ms even on a busy machine. */
export const LOG_PAGE_LINES = 10_000;

export interface ReadLogPagesOptions {
  launchId: string;
  /** Read the lines after this seq. */
  after: number;
  /** Read only the newest `keep` lines (the ones before are skipped, not fetched). */
  keep?: number;
  pageLines?: number;
}

/**
 * Calls `onPage` with each page in order, `skippedTo` being the seq the lines start after (more than `after` when
 * older lines were skipped). Resolves to the error that stopped it, or undefined once the log's end is read.
 */
export async function readLogPages(
  api: KilnApi,
  options: ReadLogPagesOptions,
  onPage: (lines: LogLine[], skippedTo: number) => void,
): Promise<KilnError | undefined> {
  const limit = options.pageLines ?? LOG_PAGE_LINES;
  let from = options.after;
  let first = true;
  for (;;) {
    const result = await callCommand(api, 'launch.logPage', { launchId: options.launchId, after: from, limit });
    if (!result.ok) return result.error;
    const { lines, lastSeq } = result.value;
    const start = options.keep === undefined ? from : Math.max(from, lastSeq - options.keep);
    if (first && start > from && lines.length === limit) {
      // More lines than are kept: start again from the first one kept. (This page was a small price for
      // learning where the log ends.)
      from = start;
      first = false;
      continue;
    }
    first = false;
    onPage(lines, from);
    const last = lines[lines.length - 1];
    if (lines.length < limit || !last) return undefined;
    from = last.seq;
  }
}
