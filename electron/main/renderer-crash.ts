/**
 * What happens when the window's renderer process dies (a crash, out of memory, killed): the operator is told, the
 * log says why, and the window is loaded again. Launches are not affected: they live in the main process. A renderer
 * that keeps dying is not reloaded in a loop.
 */
export interface RendererGoneDetails {
  reason: string;
  exitCode: number;
}

export interface RendererCrashDeps {
  reload: () => void;
  /** Tells the operator (a dialog); must not block. */
  report: (message: string, detail: string) => void;
  log: (message: string) => void;
  now?: () => number;
  /** At most this many reloads within `windowMs`; default 3 in a minute. */
  maxReloads?: number;
  windowMs?: number;
}

export function createRendererCrashHandler(deps: RendererCrashDeps): (details: RendererGoneDetails) => void {
  const now = deps.now ?? Date.now;
  const maxReloads = deps.maxReloads ?? 3;
  const windowMs = deps.windowMs ?? 60_000;
  let reloads: number[] = [];
  return ({ reason, exitCode }) => {
    deps.log(`the window's renderer process is gone: ${reason} (exit code ${exitCode})`);
    // A clean exit is the window closing, not a failure.
    if (reason === 'clean-exit') return;
    const at = now();
    reloads = reloads.filter((time) => at - time < windowMs);
    const what = `Kiln's window stopped unexpectedly (${describe(reason)}).`;
    if (reloads.length >= maxReloads) {
      deps.log(`not reloading the window: it stopped ${reloads.length + 1} times within ${windowMs / 1000} s`);
      deps.report(
        what,
        'It stopped several times in a row and was not reloaded again. Quit Kiln and start it again; your launches keep running in AWS and are resumed on the next start.',
      );
      return;
    }
    reloads.push(at);
    deps.reload();
    deps.report(
      what,
      'The window was reloaded. Running launches were not affected: Kiln keeps watching them and their logs.',
    );
  };
}

function describe(reason: string): string {
  switch (reason) {
    case 'crashed':
      return 'it crashed';
    case 'oom':
      return 'it ran out of memory';
    case 'killed':
      return 'it was killed';
    case 'launch-failed':
      return 'it could not be started';
    case 'integrity-failure':
      return 'a code integrity check failed';
    case 'memory-eviction':
      return 'the system reclaimed its memory';
    default:
      return `${reason}`;
  }
}
