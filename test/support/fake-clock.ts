/** A fake clock for the probe runner: time moves only when a test advances it, running due timers in order. */
import type { ProbeClock } from '../../electron/core/health/probe-runner';

export function fakeClock(start = 0) {
  let now = start;
  let nextId = 0;
  const timers = new Map<number, { at: number; run: () => void }>();
  const clock: ProbeClock = {
    now: () => now,
    setTimeout(run, ms) {
      timers.set(++nextId, { at: now + ms, run });
      return nextId;
    },
    clearTimeout: (handle) => void timers.delete(handle as number),
  };
  async function advance(ms: number) {
    const end = now + ms;
    for (;;) {
      await new Promise((resolve) => setImmediate(resolve));
      const due = [...timers.entries()].filter(([, t]) => t.at <= end).sort((a, b) => a[1].at - b[1].at)[0];
      if (!due) break;
      timers.delete(due[0]);
      now = Math.max(now, due[1].at);
      due[1].run();
    }
    now = end;
    await new Promise((resolve) => setImmediate(resolve));
  }
  return { clock, advance, pending: () => timers.size };
}
