/**
 * Flash messages that belong to a page: they go when the operator leaves that page (they do not follow them around
 * or pile up), and successes also go by themselves after a while. Errors and warnings stay until dismissed.
 */
import { useCallback, useEffect, useRef, useState, type ReactNode } from 'react';
import type { FlashbarProps } from '@cloudscape-design/components/flashbar';

/** How long a success flash stays. */
export const SUCCESS_FLASH_MS = 10_000;

/** One flash, and the page (a key the shell chooses) it belongs to. */
export interface Flash {
  id: string;
  page: string;
  type: FlashbarProps.Type;
  header?: ReactNode;
  content: ReactNode;
}

export interface Flashes {
  /** The flashes of the current page, newest first, for a Flashbar. */
  items: FlashbarProps.MessageDefinition[];
  /** Shows a flash on its page; the page may be the one the operator is about to be sent to. */
  show(flash: Flash): void;
}

/** The flashes of the shell; `page` is the key of the page on screen now. */
export function useFlashes(page: string): Flashes {
  const [flashes, setFlashes] = useState<Flash[]>([]);
  const timers = useRef(new Set<ReturnType<typeof setTimeout>>());

  const dismiss = useCallback((id: string) => {
    setFlashes((current) => current.filter((flash) => flash.id !== id));
  }, []);

  const show = useCallback(
    (flash: Flash) => {
      setFlashes((current) => [flash, ...current.filter((other) => other.id !== flash.id)]);
      if (flash.type !== 'success') return;
      const timer = setTimeout(() => {
        timers.current.delete(timer);
        dismiss(flash.id);
      }, SUCCESS_FLASH_MS);
      timers.current.add(timer);
    },
    [dismiss],
  );

  // Leaving a page drops its flashes for good: coming back later does not bring them back. Adjusted while
  // rendering, from the page the previous render showed.
  const [shownPage, setShownPage] = useState(page);
  if (shownPage !== page) {
    setShownPage(page);
    setFlashes((current) => current.filter((flash) => flash.page === page));
  }

  useEffect(() => {
    const pending = timers.current;
    return () => {
      for (const timer of pending) clearTimeout(timer);
      pending.clear();
    };
  }, []);

  const items = flashes
    .filter((flash) => flash.page === page)
    .map(({ id, type, header, content }) => ({
      id,
      type,
      header,
      content,
      dismissible: true,
      dismissLabel: 'Dismiss message',
      onDismiss: () => dismiss(id),
    }));
  return { items, show };
}
