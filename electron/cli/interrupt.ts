/**
 * Ctrl-C for commands that must finish something first (say how to resume, clean up). The listener stays registered
 * rather than `once`: proper-lockfile's signal-exit re-raises a signal that no other listener holds, which would
 * kill the process in the middle of that work. Later Ctrl-Cs are ignored while it runs.
 */
export function onFirstInterrupt(handler: () => void): void {
  let seen = false;
  process.on('SIGINT', () => {
    if (seen) return;
    seen = true;
    handler();
  });
}
