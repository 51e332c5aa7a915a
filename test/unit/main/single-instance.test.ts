import { EventEmitter } from 'node:events';
import { describe, expect, it } from 'vitest';
import { claimSingleInstance, type FocusableWindow } from '../../../electron/main/single-instance';

function fakeApp(gotLock: boolean) {
  const emitter = new EventEmitter();
  const calls: string[] = [];
  const app = {
    requestSingleInstanceLock: () => (calls.push('lock'), gotLock),
    on: (event: 'second-instance', listener: () => void) => emitter.on(event, listener),
    quit: () => void calls.push('quit'),
  };
  return { app, calls, secondStart: () => emitter.emit('second-instance') };
}

function fakeWindow(minimized: boolean) {
  const calls: string[] = [];
  const window: FocusableWindow = {
    isDestroyed: () => false,
    isMinimized: () => minimized,
    restore: () => void calls.push('restore'),
    show: () => void calls.push('show'),
    focus: () => void calls.push('focus'),
  };
  return { window, calls };
}

describe('single-instance lock', () => {
  it('quits a second instance before it starts anything', () => {
    const { app, calls } = fakeApp(false);
    expect(claimSingleInstance(app, () => undefined)).toBe(false);
    expect(calls).toEqual(['lock', 'quit']);
  });

  it('brings the first instance to the front when another start is attempted', () => {
    const { app, calls, secondStart } = fakeApp(true);
    const { window, calls: windowCalls } = fakeWindow(true);
    expect(claimSingleInstance(app, () => window)).toBe(true);
    expect(calls).toEqual(['lock']);
    secondStart();
    expect(windowCalls).toEqual(['restore', 'show', 'focus']);
  });

  it('does nothing on a second start while the first is still starting (no window yet)', () => {
    const { app, secondStart } = fakeApp(true);
    claimSingleInstance(app, () => undefined);
    expect(() => secondStart()).not.toThrow();
  });
});
