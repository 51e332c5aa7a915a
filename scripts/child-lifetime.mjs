// Ties a child process's life to this script's, for the npm scripts that start one (`npm start`, `npm run sandbox`):
// SIGINT, SIGTERM and SIGHUP go to the child, which is waited for (it stops what it started and removes its temporary
// files), with a SIGKILL only if it hangs; this script then exits with the child's code. npm runs a script under
// `sh -c`, and a SIGTERM to npm ends npm and that shell without ever reaching the script: losing the parent counts
// as being told to stop too.

/** @param {import('node:child_process').ChildProcess} child */
export function superviseChild(child, { killAfterMs = 30_000 } = {}) {
  let stopping = false;
  const stop = (signal) => {
    if (stopping) return;
    stopping = true;
    child.kill(signal);
    setTimeout(() => child.kill('SIGKILL'), killAfterMs).unref();
  };
  for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP']) process.on(signal, () => stop(signal));
  const parent = process.ppid;
  setInterval(() => process.ppid !== parent && stop('SIGTERM'), 250).unref();
  child.on('close', (code, signal) =>
    process.exit(code ?? (signal === 'SIGINT' || signal === 'SIGTERM' || signal === 'SIGHUP' ? 0 : 1)),
  );
}
