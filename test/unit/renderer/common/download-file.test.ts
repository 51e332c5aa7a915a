// @vitest-environment happy-dom
import { afterEach, describe, expect, it, vi } from 'vitest';
import { downloadFile, saveBlob } from '../../../../renderer/src/common/download-file';
import { captureDownloads } from '../capture-downloads';

afterEach(() => {
  vi.restoreAllMocks();
  vi.useRealTimers();
});

describe('saveBlob', () => {
  it('downloads the blob under the given name and releases the URL later', () => {
    vi.useFakeTimers();
    const downloads = captureDownloads();
    saveBlob(new Blob(['x']), 'web-1-launch-1.log');
    expect(downloads.clicked).toEqual([{ download: 'web-1-launch-1.log', href: 'blob:kiln/1' }]);
    expect(document.querySelector('a[download]')).toBeNull();
    expect(downloads.revokeObjectURL).not.toHaveBeenCalled();
    vi.advanceTimersByTime(10_000);
    expect(downloads.revokeObjectURL).toHaveBeenCalledWith('blob:kiln/1');
  });
});

describe('downloadFile', () => {
  it('saves the text with its MIME type under its file name', async () => {
    vi.useFakeTimers();
    const downloads = captureDownloads();
    downloadFile({ fileName: 'web-1.sh', mimeType: 'text/x-shellscript', content: '#!/bin/sh\nexec ssh web-1\n' });
    expect(downloads.clicked).toEqual([{ download: 'web-1.sh', href: 'blob:kiln/1' }]);
    expect(downloads.blobs[0].type).toBe('text/x-shellscript');
    expect(await downloads.blobs[0].text()).toBe('#!/bin/sh\nexec ssh web-1\n');
    vi.advanceTimersByTime(10_000);
    expect(downloads.revokeObjectURL).toHaveBeenCalledWith('blob:kiln/1');
  });
});
