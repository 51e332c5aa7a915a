/**
 * Downloads: the renderer saves files (connect scripts, logs, known_hosts) through `<a download>` with a `blob:` URL
 * of its own origin. Chromium starts those as downloads, not navigations (navigation stays denied); each one gets the
 * platform's save dialog, starting in the Downloads folder with the file's name. Any other download is refused.
 */
import path from 'node:path';
import type { SaveDialogOptions } from 'electron';
import { APP_ORIGIN } from './window-options';

/** A `blob:` URL made by Kiln's own page (`blob:kiln://app/<uuid>`). */
export function isOwnBlobUrl(url: string): boolean {
  return url.startsWith(`blob:${APP_ORIGIN}/`);
}

/** What the handler needs of a DownloadItem. */
export interface DownloadLike {
  getURL(): string;
  getFilename(): string;
  setSaveDialogOptions(options: SaveDialogOptions): void;
  once(event: 'done', listener: (event: unknown, state: 'completed' | 'cancelled' | 'interrupted') => void): unknown;
}

/** The listener for the session's `will-download` event. */
export function createDownloadHandler(options: {
  downloadsDir: () => string;
  log: (message: string) => void;
}): (event: { preventDefault(): void }, item: DownloadLike) => void {
  return (event, item) => {
    const url = item.getURL();
    if (!isOwnBlobUrl(url)) {
      event.preventDefault();
      options.log(`refused a download from ${url.slice(0, 200)}`);
      return;
    }
    // The name comes from our own page; basename keeps the dialog in the Downloads folder whatever it holds.
    const name = path.basename(item.getFilename()) || 'download';
    // No save path is set: Electron asks with the save dialog, configured here.
    item.setSaveDialogOptions({
      title: `Save ${name}`,
      defaultPath: path.join(options.downloadsDir(), name),
      filters: saveFilters(name),
    });
    item.once('done', (_event, state) => {
      if (state === 'interrupted') options.log(`the download of ${name} was interrupted`);
    });
  };
}

function saveFilters(name: string): SaveDialogOptions['filters'] {
  const extension = path.extname(name).slice(1);
  const all = { name: 'All files', extensions: ['*'] };
  return extension ? [{ name: `${extension.toUpperCase()} file`, extensions: [extension] }, all] : [all];
}
