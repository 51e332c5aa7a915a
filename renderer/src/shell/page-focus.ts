/**
 * Moves keyboard and screen-reader focus to a page's heading after the page changes (a new route, a launch
 * started, a launch terminated), so focus does not fall to <body> and the new page is announced by its name.
 */
import { useEffect, useRef } from 'react';

/** How long to wait for a page (possibly loaded on demand) to show its heading. */
const HEADING_WAIT_MS = 5_000;
const HEADING_POLL_MS = 50;

/** The id of the main content landmark, the skip link's target. */
export const MAIN_CONTENT_ID = 'kiln-main-content';

function pageHeading(doc: Document): HTMLElement | null {
  return doc.querySelector<HTMLElement>(`#${MAIN_CONTENT_ID} h1`) ?? doc.querySelector<HTMLElement>('main h1');
}

/**
 * Focuses the page's h1 as soon as it is on screen; returns a function that stops waiting. The heading gets
 * tabindex=-1: focusable by script, not a Tab stop.
 */
export function focusPageHeading(doc: Document = document): () => void {
  const started = Date.now();
  let timer: ReturnType<typeof setTimeout> | undefined;
  const attempt = () => {
    const heading = pageHeading(doc);
    if (heading) {
      if (!heading.hasAttribute('tabindex')) heading.setAttribute('tabindex', '-1');
      heading.focus({ preventScroll: false });
      return;
    }
    if (Date.now() - started < HEADING_WAIT_MS) timer = setTimeout(attempt, HEADING_POLL_MS);
  };
  attempt();
  return () => clearTimeout(timer);
}

/** Focuses the heading whenever `pageKey` changes, but not on the first page the app opens on. */
export function useFocusHeadingOnChange(pageKey: string): void {
  const first = useRef(true);
  useEffect(() => {
    if (first.current) {
      first.current = false;
      return;
    }
    return focusPageHeading();
  }, [pageKey]);
}
