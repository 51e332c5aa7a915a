/** The profile's Kiln-baked images (images.baked), kept live by images.updated and by what the page itself did. */
import { useCallback, useState } from 'react';
import type { KilnImage } from '../../../electron/common/models';
import { useEvent, useQuery } from '../common/use-command';
import { addImage, applyImageUpdate, removeImage } from './images-store';

export function useBakedImages(profileId: string | undefined) {
  const query = useQuery('images.baked', profileId ? { profileId } : null);
  const [images, setImages] = useState<KilnImage[]>();
  // Another profile starts empty; a refresh keeps the rows until its answer replaces them (both adjusted while
  // rendering, from what the previous render saw).
  const [seen, setSeen] = useState({ profileId, answer: query.value });
  if (seen.profileId !== profileId || seen.answer !== query.value) {
    setSeen({ profileId, answer: query.value });
    if (query.value) setImages(query.value);
    else if (seen.profileId !== profileId) setImages(undefined);
  }
  useEvent('images.updated', (image) => setImages((current) => current && applyImageUpdate(current, image)));
  const add = useCallback((image: KilnImage) => setImages((current) => addImage(current ?? [], image)), []);
  const remove = useCallback((imageId: string) => setImages((current) => current && removeImage(current, imageId)), []);
  return {
    images: images ?? [],
    loaded: images !== undefined,
    loading: query.loading,
    error: query.error,
    reload: query.reload,
    add,
    remove,
  };
}

export type BakedImagesState = ReturnType<typeof useBakedImages>;
