/** Pure rules for the Images page's copy of the baked images: live updates, new copies, deregistrations. */
import type { KilnImage } from '../../../electron/common/models';

/**
 * An images.updated event: replaces the row with the same image id. Events carry no profile, so an image that
 * is not in the list (another profile's, or one the list has not loaded yet) is left for the next refresh.
 */
export function applyImageUpdate(images: KilnImage[], image: KilnImage): KilnImage[] {
  return images.some((i) => i.imageId === image.imageId)
    ? images.map((i) => (i.imageId === image.imageId ? image : i))
    : images;
}

/** A new image (a copy just requested): added first, or replacing a row the events already brought. */
export function addImage(images: readonly KilnImage[], image: KilnImage): KilnImage[] {
  return [image, ...images.filter((i) => i.imageId !== image.imageId)];
}

export function removeImage(images: readonly KilnImage[], imageId: string): KilnImage[] {
  return images.filter((i) => i.imageId !== imageId);
}

/** What the listed images cost per month together; null when none has a known price. */
export function monthlyTotal(images: readonly KilnImage[]): number | null {
  const priced = images.filter((i) => i.usdPerMonth !== null);
  return priced.length === 0 ? null : priced.reduce((sum, i) => sum + i.usdPerMonth!, 0);
}
