// @vitest-environment happy-dom
import { describe, expect, it, vi } from 'vitest';
import { connectAvailability } from '../../../../../renderer/src/launch-detail/connect/connect-availability';
import { checkStatus } from '../../../../../renderer/src/launch-detail/connect/connect-checks';
import { describePasswordWait, formatDuration } from '../../../../../renderer/src/launch-detail/connect/password-wait';
import { clipboardKeyHandler } from '../../../../../renderer/src/launch-detail/connect/xterm-session-terminal';

describe('connect availability', () => {
  it('needs an instance that is not going away', () => {
    expect(connectAvailability({ phase: 'installing', instanceId: 'i-1', instanceState: 'running' })).toEqual({
      enabled: true,
    });
    expect(connectAvailability({ phase: 'failed', instanceId: 'i-1', instanceState: 'running' })).toEqual({
      enabled: true,
    });
    expect(connectAvailability({ phase: 'requested', instanceId: undefined, instanceState: undefined })).toMatchObject({
      enabled: false,
      reason: 'The instance has not been launched yet.',
    });
    expect(
      connectAvailability({ phase: 'terminating', instanceId: 'i-1', instanceState: 'shutting-down' }),
    ).toMatchObject({ enabled: false, reason: 'The instance is being terminated.' });
    expect(connectAvailability({ phase: 'succeeded', instanceId: 'i-1', instanceState: 'terminated' })).toMatchObject({
      enabled: false,
    });
    expect(connectAvailability({ phase: 'lost', instanceId: 'i-1', instanceState: undefined })).toMatchObject({
      enabled: false,
      reason: 'The instance is gone from AWS.',
    });
  });
});

describe('check status', () => {
  it('is success, error, or a warning for a password that is not there yet', () => {
    expect(checkStatus({ id: 'login-port', ok: true, title: '' })).toBe('success');
    expect(checkStatus({ id: 'login-port', ok: false, title: '' })).toBe('error');
    expect(checkStatus({ id: 'password', ok: false, title: '' })).toBe('warning');
  });
});

describe('password wait', () => {
  const launched = '2025-01-15T10:00:00.000Z';
  const after = (seconds: number) => Date.parse(launched) + seconds * 1000;

  it('formats durations the way the wait reads them', () => {
    expect(formatDuration(45_000)).toBe('45 s');
    expect(formatDuration(185_000)).toBe('3 min 05 s');
    expect(formatDuration(960_000)).toBe('16 min');
  });

  it('says how long it has been and what to expect, before, around and past the usual time', () => {
    expect(describePasswordWait(launched, after(70))).toEqual({
      elapsed: 'Launched 1 min 10 s ago',
      estimate: 'Expect it in about 2 min 50 s (up to 13 min).',
      late: false,
    });
    expect(describePasswordWait(launched, after(300))).toEqual({
      elapsed: 'Launched 5 min ago',
      estimate: 'Any moment now: it can take up to 10 min more.',
      late: false,
    });
    expect(describePasswordWait(launched, after(1000))).toMatchObject({ elapsed: 'Launched 16 min ago', late: true });
    expect(describePasswordWait(undefined, after(0))).toEqual({
      estimate: 'EC2 usually has the password about 4 minutes after launch, up to 15.',
      late: false,
    });
  });
});

describe('terminal clipboard keys', () => {
  const key = (init: KeyboardEventInit, type = 'keydown') => new KeyboardEvent(type, { cancelable: true, ...init });

  it('copies the selection on Ctrl+Shift+C instead of sending it, and leaves Ctrl+Shift+V to the browser’s paste', () => {
    const write = vi.fn();
    const handler = clipboardKeyHandler({ hasSelection: () => true, getSelection: () => 'uptime' }, write);
    const copy = key({ key: 'C', ctrlKey: true, shiftKey: true });
    expect(handler(copy)).toBe(false);
    expect(copy.defaultPrevented).toBe(true);
    expect(write).toHaveBeenCalledWith('uptime');
    const paste = key({ key: 'V', ctrlKey: true, shiftKey: true });
    expect(handler(paste)).toBe(false);
    expect(paste.defaultPrevented).toBe(false);
  });

  it('sends everything else to the shell, Ctrl+C included', () => {
    const write = vi.fn();
    const handler = clipboardKeyHandler({ hasSelection: () => true, getSelection: () => 'x' }, write);
    expect(handler(key({ key: 'c', ctrlKey: true }))).toBe(true);
    expect(handler(key({ key: 'a' }))).toBe(true);
    expect(write).not.toHaveBeenCalled();
  });
});
