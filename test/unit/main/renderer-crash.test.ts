import { describe, expect, it } from 'vitest';
import { createRendererCrashHandler } from '../../../electron/main/renderer-crash';

function setup() {
  let clock = 0;
  const events: string[] = [];
  const handler = createRendererCrashHandler({
    reload: () => void events.push('reload'),
    report: (message, detail) => void events.push(`report: ${message} ${detail}`),
    log: (message) => void events.push(`log: ${message}`),
    now: () => clock,
  });
  return { handler, events, advance: (ms: number) => void (clock += ms) };
}

describe('renderer crash', () => {
  it('logs why, reloads the window and tells the operator', () => {
    const { handler, events } = setup();
    handler({ reason: 'oom', exitCode: 133 });
    expect(events).toEqual([
      "log: the window's renderer process is gone: oom (exit code 133)",
      'reload',
      expect.stringMatching(
        /^report: Kiln's window stopped unexpectedly \(it ran out of memory\)\. The window was reloaded\. Running launches were not affected/,
      ),
    ]);
  });

  it('ignores a clean exit (the window closing)', () => {
    const { handler, events } = setup();
    handler({ reason: 'clean-exit', exitCode: 0 });
    expect(events).toEqual(["log: the window's renderer process is gone: clean-exit (exit code 0)"]);
  });

  it('stops reloading a window that keeps crashing, and reloads again after a quiet minute', () => {
    const { handler, events, advance } = setup();
    for (let i = 0; i < 4; i++) {
      handler({ reason: 'crashed', exitCode: 11 });
      advance(1_000);
    }
    expect(events.filter((e) => e === 'reload')).toHaveLength(3);
    expect(events.at(-1)).toMatch(/not reloaded again\. Quit Kiln and start it again/);
    expect(events).toContain('log: not reloading the window: it stopped 4 times within 60 s');
    advance(60_000);
    events.length = 0;
    handler({ reason: 'killed', exitCode: 9 });
    expect(events).toContain('reload');
  });
});
