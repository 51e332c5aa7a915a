/** Catches what `saveBlob` hands to the browser: the blobs given object URLs, the anchors clicked, the revokes. */
import { onTestFinished, vi } from 'vitest';

export interface CapturedDownloads {
  blobs: Blob[];
  clicked: { download: string; href: string | null }[];
  revokeObjectURL: ReturnType<typeof vi.fn>;
}

/** Replaces the object URL functions and the anchor click for the current test. */
export function captureDownloads(): CapturedDownloads {
  const blobs: Blob[] = [];
  const createObjectURL = vi.fn((blob: Blob) => {
    blobs.push(blob);
    return `blob:kiln/${blobs.length}`;
  });
  const revokeObjectURL = vi.fn();
  const clicked: CapturedDownloads['clicked'] = [];
  const original = { createObjectURL: URL.createObjectURL, revokeObjectURL: URL.revokeObjectURL };
  Object.assign(URL, { createObjectURL, revokeObjectURL });
  const click = vi.spyOn(HTMLAnchorElement.prototype, 'click').mockImplementation(function (this: HTMLAnchorElement) {
    clicked.push({ download: this.download, href: this.getAttribute('href') });
  });
  onTestFinished(() => {
    Object.assign(URL, original);
    click.mockRestore();
  });
  return { blobs, clicked, revokeObjectURL };
}
