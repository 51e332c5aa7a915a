/** The current time, re-read every `intervalMs` while `active`, for elapsed-time and countdown displays. */
import { useEffect, useState } from 'react';

export function useNow(intervalMs: number, active = true): number {
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => {
    if (!active) return;
    // The clock is an outside system: read it again the moment the display comes back, not a tick later.
    // eslint-disable-next-line react-hooks/set-state-in-effect -- see above
    setNow(Date.now());
    const timer = setInterval(() => setNow(Date.now()), intervalMs);
    return () => clearInterval(timer);
  }, [intervalMs, active]);
  return now;
}
