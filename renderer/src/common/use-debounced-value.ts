/** A value that follows `value` once it has stayed the same for `delayMs` (typing settles before a query runs). */
import { useEffect, useState } from 'react';

/** Works on strings (serialize objects first) so a new object with the same content does not restart the wait. */
export function useDebouncedValue<T extends string | null>(value: T, delayMs: number): T {
  const [settled, setSettled] = useState(value);
  useEffect(() => {
    // Without a delay the value is returned as it is; the timer still brings `settled` up to date.
    const timer = setTimeout(() => setSettled(value), Math.max(delayMs, 0));
    return () => clearTimeout(timer);
  }, [value, delayMs]);
  return delayMs <= 0 ? value : settled;
}
