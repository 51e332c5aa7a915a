/** Hands a file to the browser's download (Electron routes it through its save dialog). */

/** What a download needs: the name to save under, its MIME type and its text. */
export interface DownloadableFile {
  fileName: string;
  mimeType: string;
  content: string;
}

/** How long the object URL lives after the click: the download holds its own reference by then. */
const REVOKE_AFTER_MS = 10_000;

/** Saves `blob` as `fileName` through a temporary `<a download>`; the object URL is revoked shortly after. */
export function saveBlob(blob: Blob, fileName: string, doc: Document = document): void {
  const url = URL.createObjectURL(blob);
  const link = doc.createElement('a');
  link.href = url;
  link.download = fileName;
  link.rel = 'noopener';
  doc.body.append(link);
  try {
    link.click();
  } finally {
    link.remove();
    // Revoking at once cancels the download in some engines; keep the URL a moment.
    setTimeout(() => URL.revokeObjectURL(url), REVOKE_AFTER_MS);
  }
}

/** Saves a text file the backend built (a connect script, an ssh_config block, an .rdp file…). */
export function downloadFile(file: DownloadableFile, doc: Document = document): void {
  saveBlob(new Blob([file.content], { type: file.mimeType }), file.fileName, doc);
}
