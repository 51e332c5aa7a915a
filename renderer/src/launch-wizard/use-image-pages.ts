/**
 * A paged AMI listing (My AMIs, Kiln-baked AMIs, search results): the first page loads when the input changes,
 * `loadMore` appends the next one. Pages answered for an older input (another region, another search) are dropped.
 */
import { useCallback, useEffect, useLayoutEffect, useRef, useState } from 'react';
import type { CommandInput } from '../../../electron/common/contract';
import type { ImagePage, ImageSummary } from '../../../electron/common/models';
import type { KilnError, Result } from '../../../electron/common/result';
import { useKilnApi } from '../common/api-context';
import { callCommand } from '../common/call-command';

/** Beyond this many images a listing stops offering more: the operator should narrow the search instead. */
export const MAX_LISTED_IMAGES = 500;

export type ImageListingInput =
  | { command: 'images.list'; input: Omit<CommandInput<'images.list'>, 'nextToken'> }
  | { command: 'images.search'; input: Omit<CommandInput<'images.search'>, 'nextToken'> };

export interface ImagePages {
  images: ImageSummary[];
  loading: boolean;
  error: KilnError | undefined;
  /** EC2 has more pages, and the cap is not reached. */
  hasMore: boolean;
  /** Only part of the matches is listed (the cap, or an endpoint that does not page): narrow the search. */
  truncated: boolean;
  loadMore: () => void;
  reload: () => void;
}

interface State {
  key: string | null;
  images: ImageSummary[];
  nextToken?: string;
  truncated: boolean;
  loading: boolean;
  error?: KilnError;
}

export function useImagePages(listing: ImageListingInput | null): ImagePages {
  const api = useKilnApi();
  const key = listing === null ? null : JSON.stringify(listing);
  const [nonce, setNonce] = useState(0);
  const [state, setState] = useState<State>({ key: null, images: [], truncated: false, loading: false });
  // The request whose answers count; set before the fetch effect below runs (layout effects run first).
  const currentKey = useRef<string | null>(null);
  useLayoutEffect(() => {
    currentKey.current = `${key}|${nonce}`;
  }, [key, nonce]);

  const fetchPage = useCallback(
    (requestKey: string, parsed: ImageListingInput, nextToken: string | undefined) => {
      const request: Promise<Result<ImagePage>> =
        parsed.command === 'images.list'
          ? callCommand(api, 'images.list', { ...parsed.input, nextToken })
          : callCommand(api, 'images.search', { ...parsed.input, nextToken });
      void request.then((result) => {
        if (currentKey.current !== requestKey) return;
        setState((current) => {
          if (!result.ok) return { ...current, loading: false, error: result.error };
          const images = [...current.images, ...result.value.images];
          const capped = images.length >= MAX_LISTED_IMAGES;
          return {
            key: current.key,
            images: images.slice(0, MAX_LISTED_IMAGES),
            nextToken: capped ? undefined : result.value.nextToken,
            truncated: Boolean(result.value.truncated) || (capped && Boolean(result.value.nextToken)),
            loading: false,
          };
        });
      });
    },
    [api],
  );

  useEffect(() => {
    if (key === null) return;
    const requestKey = `${key}|${nonce}`;
    // Every request starts from an empty listing: going back to an earlier search must not add its pages twice.
    // eslint-disable-next-line react-hooks/set-state-in-effect -- see above
    setState({ key: requestKey, images: [], truncated: false, loading: true });
    fetchPage(requestKey, JSON.parse(key) as ImageListingInput, undefined);
  }, [key, nonce, fetchPage]);

  const loadMore = useCallback(() => {
    if (key === null || state.loading || !state.nextToken) return;
    setState((current) => ({ ...current, loading: true, error: undefined }));
    fetchPage(`${key}|${nonce}`, JSON.parse(key) as ImageListingInput, state.nextToken);
  }, [key, nonce, state.loading, state.nextToken, fetchPage]);

  const reload = useCallback(() => setNonce((n) => n + 1), []);
  const fresh = state.key === `${key}|${nonce}`;
  return {
    images: fresh ? state.images : [],
    loading: key !== null && (!fresh || state.loading),
    error: fresh ? state.error : undefined,
    hasMore: fresh && Boolean(state.nextToken),
    truncated: fresh && state.truncated,
    loadMore,
    reload,
  };
}
