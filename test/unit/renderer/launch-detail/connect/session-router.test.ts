import { describe, expect, it, vi } from 'vitest';
import { createSessionRouter } from '../../../../../renderer/src/launch-detail/connect/session-router';

const listener = () => ({ output: vi.fn(), closed: vi.fn() });

describe('session router', () => {
  it('delivers each event to its own session only', () => {
    const router = createSessionRouter();
    const one = listener();
    const two = listener();
    router.attach('session-1', one);
    router.attach('session-2', two);
    router.output({ sessionId: 'session-1', data: 'a' });
    router.output({ sessionId: 'session-2', data: 'b' });
    router.closed({ sessionId: 'session-2', error: { code: 'HostKeyMismatch', message: 'changed' } });
    expect(one.output.mock.calls).toEqual([['a']]);
    expect(one.closed).not.toHaveBeenCalled();
    expect(two.output.mock.calls).toEqual([['b']]);
    expect(two.closed).toHaveBeenCalledWith({ code: 'HostKeyMismatch', message: 'changed' });
  });

  it('holds what a session says before its open answers, and hands it over in order', () => {
    const router = createSessionRouter();
    const release = router.hold();
    router.output({ sessionId: 'session-7', data: 'Last login\r\n' });
    router.output({ sessionId: 'session-7', data: '$ ' });
    router.closed({ sessionId: 'session-7' });
    const seven = listener();
    router.attach('session-7', seven);
    release();
    expect(seven.output.mock.calls).toEqual([['Last login\r\n'], ['$ ']]);
    expect(seven.closed).toHaveBeenCalledWith(undefined);
  });

  it('holds nothing while no open is in flight, forgets unclaimed events on release, and bounds what it holds', () => {
    const router = createSessionRouter(10);
    router.output({ sessionId: 'session-1', data: 'early' });
    let release = router.hold();
    router.output({ sessionId: 'session-2', data: 'unclaimed' });
    release();
    release = router.hold();
    router.output({ sessionId: 'session-3', data: '0123456789' });
    router.output({ sessionId: 'session-4', data: 'abc' });
    const [one, two, three, four] = [listener(), listener(), listener(), listener()];
    router.attach('session-1', one);
    router.attach('session-2', two);
    router.attach('session-3', three);
    router.attach('session-4', four);
    release();
    expect(one.output).not.toHaveBeenCalled();
    expect(two.output).not.toHaveBeenCalled();
    // Over the bound, the oldest session's output went first.
    expect(three.output).not.toHaveBeenCalled();
    expect(four.output.mock.calls).toEqual([['abc']]);
  });

  it('drops the events of a detached session, even while an open is in flight', () => {
    const router = createSessionRouter();
    const one = listener();
    const detach = router.attach('session-1', one);
    detach();
    const release = router.hold();
    router.output({ sessionId: 'session-1', data: 'late' });
    const again = listener();
    router.attach('session-1', again);
    release();
    expect(one.output).not.toHaveBeenCalled();
    expect(again.output).not.toHaveBeenCalled();
  });
});
