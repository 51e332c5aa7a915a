/**
 * Follows one launch to its end: prints its install log as it arrives (each line once, in sequence order) and its
 * phases, and resolves with the record once the install has a result or the launch is over. Events only wake it
 * up; each wake-up reads the log after the cursor and the record through the contract, and a slow poll covers a
 * dropped event stream, so nothing is missed and nothing is printed twice.
 */
import type { LaunchRecord, LogLine } from '../common/models';
import type { CliBackend } from './cli-backend';
import { CliExit, EXIT } from './cli-context';

export interface FollowSink {
  line(line: LogLine): void;
  /** The record changed phase or agent link state. */
  progress(record: LaunchRecord): void;
}

export interface FollowOptions {
  backend: CliBackend;
  launchId: string;
  /** Print lines after this sequence number. */
  after: number;
  sink: FollowSink;
  pollMs?: number;
}

export interface Follower {
  /** The record once it is done (succeeded, failed, or over). */
  done: Promise<LaunchRecord>;
  /** The last sequence number printed (to resume following with `--after`). */
  cursor(): number;
  stop(): void;
}

const OVER = new Set(['succeeded', 'failed', 'lost', 'terminating', 'terminated', 'error']);

/** Whether following ends here: the install has its result (succeeded, failed), or the launch will never give one. */
export function isFollowDone(record: LaunchRecord): boolean {
  return OVER.has(record.phase);
}

export function followLaunch(options: FollowOptions): Follower {
  const { backend, launchId, sink } = options;
  let cursor = options.after;
  let running = false;
  let again = false;
  let stopped = false;
  let lastProgress = '';
  let resolveDone!: (record: LaunchRecord) => void;
  let rejectDone!: (error: unknown) => void;
  const done = new Promise<LaunchRecord>((resolve, reject) => {
    resolveDone = resolve;
    rejectDone = reject;
  });

  async function must<T>(result: Promise<{ ok: true; value: T } | { ok: false; error: CliExit['error'] }>) {
    const answer = await result;
    if (!answer.ok) throw new CliExit(EXIT.failure, answer.error);
    return answer.value;
  }

  async function readLog(): Promise<void> {
    const lines = await must(backend.call('launch.log', { launchId, after: cursor }));
    for (const line of lines) {
      if (line.seq <= cursor) continue;
      sink.line(line);
      cursor = line.seq;
    }
  }

  async function sync(): Promise<void> {
    if (running) {
      again = true;
      return;
    }
    running = true;
    try {
      do {
        again = false;
        await readLog();
        const record = (await must(backend.call('launch.list', {}))).find((r) => r.id === launchId);
        if (!record)
          throw new CliExit(EXIT.failure, { code: 'LaunchNotFound', message: `Launch ${launchId} is gone.` });
        const progress = `${record.phase}/${record.agentLink?.state ?? ''}`;
        if (progress !== lastProgress) {
          lastProgress = progress;
          sink.progress(record);
        }
        if (isFollowDone(record)) {
          // The result came with (after) the last lines: read once more, then end.
          await readLog();
          stop();
          resolveDone(record);
          return;
        }
      } while (again && !stopped);
    } catch (error) {
      stop();
      rejectDone(error);
    } finally {
      running = false;
    }
  }

  const unsubscribe = backend.subscribe((event, payload) => {
    if (stopped) return;
    const id = (payload as { launchId?: string; id?: string }).launchId ?? (payload as { id?: string }).id;
    if ((event === 'launch.log' || event === 'launch.updated') && id === launchId) void sync();
  });
  const timer = setInterval(() => void sync(), options.pollMs ?? 2_000);
  function stop() {
    stopped = true;
    clearInterval(timer);
    unsubscribe();
  }
  void sync();
  return { done, cursor: () => cursor, stop };
}
