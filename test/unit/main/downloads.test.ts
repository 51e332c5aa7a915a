import { describe, expect, it } from 'vitest';
import type { SaveDialogOptions } from 'electron';
import { createDownloadHandler, isOwnBlobUrl, type DownloadLike } from '../../../electron/main/downloads';

function fakeDownload(url: string, filename: string) {
  const seen: {
    dialog?: SaveDialogOptions;
    done?: (event: unknown, state: 'completed' | 'cancelled' | 'interrupted') => void;
  } = {};
  const item: DownloadLike = {
    getURL: () => url,
    getFilename: () => filename,
    setSaveDialogOptions: (options) => void (seen.dialog = options),
    once: (_event, listener) => void (seen.done = listener),
  };
  return { item, seen };
}

function run(url: string, filename: string) {
  const logged: string[] = [];
  let prevented = false;
  const { item, seen } = fakeDownload(url, filename);
  createDownloadHandler({ downloadsDir: () => '/home/op/Downloads', log: (m) => logged.push(m) })(
    { preventDefault: () => void (prevented = true) },
    item,
  );
  return { prevented, logged, seen };
}

describe('downloads', () => {
  it("shows the save dialog for the page's own blob downloads, in the Downloads folder with the file's name", () => {
    const { prevented, seen } = run('blob:kiln://app/6f1c2a4e-0000-4000-8000-000000000000', 'web-1.sh');
    expect(prevented).toBe(false);
    expect(seen.dialog).toEqual({
      title: 'Save web-1.sh',
      defaultPath: '/home/op/Downloads/web-1.sh',
      filters: [
        { name: 'SH file', extensions: ['sh'] },
        { name: 'All files', extensions: ['*'] },
      ],
    });
  });

  it('keeps the dialog in the Downloads folder whatever the name says, and logs an interrupted download', () => {
    const { seen, logged } = run('blob:kiln://app/x', '../../.bashrc');
    expect(seen.dialog?.defaultPath).toBe('/home/op/Downloads/.bashrc');
    expect(seen.dialog?.filters).toEqual([{ name: 'All files', extensions: ['*'] }]);
    seen.done!({}, 'interrupted');
    expect(logged).toEqual(['the download of .bashrc was interrupted']);
  });

  it('refuses downloads from anywhere else', () => {
    for (const url of [
      'https://evil.example/x.exe',
      'blob:https://evil.example/uuid',
      'blob:kiln://app.evil/uuid',
      'data:text/plain,hi',
      'file:///etc/passwd',
      'kiln://app/index.html',
    ]) {
      const { prevented, seen, logged } = run(url, 'x');
      expect(prevented, url).toBe(true);
      expect(seen.dialog, url).toBeUndefined();
      expect(logged[0]).toMatch(/^refused a download from /);
    }
    expect(isOwnBlobUrl('blob:kiln://app/uuid')).toBe(true);
    expect(isOwnBlobUrl('blob:kiln://appx/uuid')).toBe(false);
  });
});
