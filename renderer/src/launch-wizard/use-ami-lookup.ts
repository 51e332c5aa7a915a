/**
 * Looks up typed AMI ids with images.describe, once per profile, region and id, and remembers the answers; an
 * image picked from a list is remembered as it is, without asking again.
 */
import { useCallback, useRef, useState } from 'react';
import type { ImageSummary } from '../../../electron/common/models';
import type { Result } from '../../../electron/common/result';
import { useKilnApi } from '../common/api-context';
import { callCommand } from '../common/call-command';

export type AmiLookupEntry = { status: 'loading' } | { status: 'done'; result: Result<ImageSummary> };

export interface AmiLookup {
  /** Looks the id up unless an answer or a request for it already exists; failures are retried on the next call. */
  ensure: (imageId: string) => Promise<Result<ImageSummary>>;
  /** What is known about this id in the current profile and region, if it was looked up. */
  entryFor(imageId: string): AmiLookupEntry | undefined;
  /** Records an image the catalog already described (picked from My AMIs or a search). */
  remember(image: ImageSummary): void;
}

export function useAmiLookup(profileId: string, region: string): AmiLookup {
  const api = useKilnApi();
  const [entries, setEntries] = useState<Record<string, AmiLookupEntry>>({});
  const requests = useRef(new Map<string, Promise<Result<ImageSummary>>>());
  const keyOf = useCallback((imageId: string) => `${profileId}|${region}|${imageId.trim()}`, [profileId, region]);

  const ensure = useCallback(
    (imageId: string) => {
      const key = keyOf(imageId);
      const known = requests.current.get(key);
      if (known) return known;
      const request = callCommand(api, 'images.describe', { profileId, region, imageId: imageId.trim() });
      requests.current.set(key, request);
      setEntries((current) => ({ ...current, [key]: { status: 'loading' } }));
      void request.then((result) => {
        if (!result.ok) requests.current.delete(key);
        setEntries((current) => ({ ...current, [key]: { status: 'done', result } }));
      });
      return request;
    },
    [api, keyOf, profileId, region],
  );

  const remember = useCallback(
    (image: ImageSummary) => {
      const key = keyOf(image.imageId);
      const result: Result<ImageSummary> = { ok: true, value: image };
      requests.current.set(key, Promise.resolve(result));
      setEntries((current) => ({ ...current, [key]: { status: 'done', result } }));
    },
    [keyOf],
  );

  const entryFor = useCallback((imageId: string) => entries[keyOf(imageId)], [entries, keyOf]);
  return { ensure, entryFor, remember };
}
