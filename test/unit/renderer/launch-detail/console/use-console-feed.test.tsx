// @vitest-environment happy-dom
import { act, cleanup, renderHook } from '@testing-library/react';
import { afterEach, describe, expect, it } from 'vitest';
import { createLogStore } from '../../../../../renderer/src/launch-detail/console/log-store';
import { useConsoleFeed } from '../../../../../renderer/src/launch-detail/console/use-console-feed';
import { logLine } from '../../../../support/fake-kiln-api';
import { createFakeTerminal, manualFrames } from './fake-terminal';

(globalThis as { IS_REACT_ACT_ENVIRONMENT?: boolean }).IS_REACT_ACT_ENVIRONMENT = true;
afterEach(cleanup);

function setup() {
  const store = createLogStore(1_000);
  const terminal = createFakeTerminal({ onScroll() {}, onSelectionChange() {}, onSearchResults() {} });
  const frames = manualFrames();
  const hook = renderHook(() => useConsoleFeed(store, terminal, frames));
  /** Frames and parsing until the writer is idle; past the 200 ms between counter reports. */
  const settle = () =>
    act(() => {
      for (let i = 0; i < 200 && (frames.waiting > 0 || terminal.unparsed > 0); i++) {
        terminal.parse();
        frames.tick(50);
      }
    });
  return { store, terminal, frames, hook, settle, feed: () => hook.result.current };
}

describe('useConsoleFeed', () => {
  it('writes lines in seq order without duplicates, whatever order they arrive in', () => {
    const { store, terminal, settle, feed } = setup();
    act(() => void store.add([logLine(2), logLine(1), logLine(3, 'oops', 'stderr')]));
    act(() => void store.add([logLine(3), logLine(5), logLine(4)]));
    settle();
    expect(terminal.rows().map((row) => row.trim())).toEqual(['line 1', 'line 2', '\u258c oops', 'line 4', 'line 5']);
    expect(feed().progress).toMatchObject({ received: 5, written: 5, pending: 0, state: 'live' });
  });

  it('keeps counting while paused and catches up on Follow', () => {
    const { store, terminal, settle, feed } = setup();
    act(() => void store.add([logLine(1), logLine(2)]));
    settle();
    act(() => feed().pause());
    expect(feed().controls).toMatchObject({ paused: true, pausedBy: 'user' });
    act(() => void store.add([logLine(3), logLine(4), logLine(5)]));
    settle();
    expect(feed().progress).toMatchObject({ received: 5, written: 2, pending: 3, state: 'paused' });
    expect(terminal.rows()).toHaveLength(2);

    act(() => feed().follow());
    settle();
    expect(feed().controls.paused).toBe(false);
    expect(feed().progress).toMatchObject({ written: 5, pending: 0, state: 'live' });
    expect(terminal.rows()).toHaveLength(5);
  });

  it('pauses when the user scrolls up and follows again back at the bottom', () => {
    const { feed } = setup();
    act(() => feed().handleScroll(true));
    expect(feed().controls.paused).toBe(false);
    act(() => feed().handleScroll(false));
    expect(feed().controls).toMatchObject({ paused: true, pausedBy: 'scroll' });
    act(() => feed().handleScroll(true));
    expect(feed().controls.paused).toBe(false);
  });

  it('stays paused at the bottom when the Pause button paused it', () => {
    const { feed } = setup();
    act(() => feed().pause());
    act(() => feed().handleScroll(true));
    expect(feed().controls).toMatchObject({ paused: true, pausedBy: 'user' });
  });

  it('redraws with timestamps when they are turned on', () => {
    const { store, terminal, settle, feed } = setup();
    act(() => void store.add([logLine(1), logLine(2)]));
    settle();
    act(() => feed().setTimestamps(true));
    settle();
    expect(terminal.resets).toBe(1);
    expect(terminal.rows()).toHaveLength(2);
    expect(terminal.rows()[0]).toMatch(/^\d\d:\d\d:\d\d.\d{3} +line 1$/);
    expect(feed().controls.timestamps).toBe(true);
  });

  it('replays from the start "as it happened" and skips to live', () => {
    const { store, terminal, frames, settle, feed } = setup();
    act(() => void store.add([logLine(1), logLine(2), logLine(3)])); // one second apart
    settle();
    act(() => feed().setPacing('as-it-happened'));
    act(() => {
      frames.tick(16);
      terminal.parse();
      frames.tick(16);
    });
    expect(terminal.rows()).toHaveLength(1);
    expect(feed().progress.state).toBe('replaying');
    act(() => feed().skipToLive());
    settle();
    expect(terminal.rows()).toHaveLength(3);
    expect(feed().progress.state).toBe('live');
  });

  it('stops writing to the terminal on unmount', () => {
    const { store, terminal, frames, hook } = setup();
    hook.unmount();
    store.add([logLine(1)]);
    frames.tick();
    expect(terminal.writes).toEqual([]);
  });
});
