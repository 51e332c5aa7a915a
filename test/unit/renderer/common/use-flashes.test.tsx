// @vitest-environment happy-dom
// Flashes belong to the page they were shown for; successes also go by themselves after a while.
import { act, cleanup, renderHook } from '@testing-library/react';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { SUCCESS_FLASH_MS, useFlashes } from '../../../../renderer/src/common/use-flashes';

beforeEach(() => {
  vi.useFakeTimers();
});
afterEach(() => {
  cleanup();
  vi.useRealTimers();
});

const ids = (items: { id?: string }[]) => items.map((item) => item.id);

describe('useFlashes', () => {
  it('lets a success go after a while, and keeps a warning until dismissed', () => {
    const hook = renderHook(() => useFlashes('launches'));
    act(() => {
      hook.result.current.show({ id: 'ok', page: 'launches', type: 'success', content: 'Started.' });
      hook.result.current.show({ id: 'warn', page: 'launches', type: 'warning', content: 'Some did not start.' });
    });
    expect(ids(hook.result.current.items)).toEqual(['warn', 'ok']);
    // The dismiss button is an icon: it needs a name of its own.
    expect(hook.result.current.items.map((item) => item.dismissLabel)).toEqual(['Dismiss message', 'Dismiss message']);
    act(() => {
      vi.advanceTimersByTime(SUCCESS_FLASH_MS - 1);
    });
    expect(ids(hook.result.current.items)).toEqual(['warn', 'ok']);
    act(() => {
      vi.advanceTimersByTime(1);
    });
    expect(ids(hook.result.current.items)).toEqual(['warn']);
    act(() => hook.result.current.items[0].onDismiss!(new CustomEvent('dismiss')));
    expect(hook.result.current.items).toEqual([]);
  });

  it('drops the flashes of a page once the operator leaves it, for good', () => {
    const hook = renderHook(({ page }) => useFlashes(page), { initialProps: { page: 'launch:a' } });
    act(() => hook.result.current.show({ id: 'warn', page: 'launch:a', type: 'warning', content: 'Careful.' }));
    expect(ids(hook.result.current.items)).toEqual(['warn']);
    hook.rerender({ page: 'launches' });
    expect(hook.result.current.items).toEqual([]);
    hook.rerender({ page: 'launch:a' });
    expect(hook.result.current.items).toEqual([]);
  });

  it('keeps a flash shown for the page the operator is being sent to', () => {
    const hook = renderHook(({ page }) => useFlashes(page), { initialProps: { page: 'new-launch' } });
    act(() => hook.result.current.show({ id: 'ok', page: 'launch:b', type: 'success', content: 'Started.' }));
    hook.rerender({ page: 'launch:b' });
    expect(ids(hook.result.current.items)).toEqual(['ok']);
  });
});
