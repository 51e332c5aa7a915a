import type { MenuItemConstructorOptions } from 'electron';
import { describe, expect, it, vi } from 'vitest';
import { createMenuTemplate } from '../../../electron/main/app-menu';

const roles = (item: MenuItemConstructorOptions) =>
  (item.submenu as MenuItemConstructorOptions[]).map((i) => i.role ?? i.label ?? i.type);
const allRoles = (template: MenuItemConstructorOptions[]) => template.flatMap(roles);

describe('application menu', () => {
  it('has File, Edit, View, Window and Help with the standard roles on Windows and Linux', () => {
    for (const platform of ['linux', 'win32'] as const) {
      const template = createMenuTemplate({
        platform,
        appName: 'Kiln',
        developerTools: false,
        showDataFolder: () => undefined,
      });
      expect(template.map((m) => m.label)).toEqual(['File', 'Edit', 'View', 'Window', 'Help']);
      const [file, edit, view, window, help] = template;
      expect(roles(file)).toEqual(['quit']);
      expect(roles(edit)).toEqual([
        'undo',
        'redo',
        'separator',
        'cut',
        'copy',
        'paste',
        'delete',
        'separator',
        'selectAll',
      ]);
      expect(roles(view)).toEqual([
        'reload',
        'forceReload',
        'separator',
        'resetZoom',
        'zoomIn',
        'zoomOut',
        'separator',
        'togglefullscreen',
      ]);
      expect(roles(window)).toEqual(['minimize', 'close']);
      expect(roles(help)).toEqual(['Show Data Folder', 'separator', 'about']);
    }
  });

  it('adds the app menu on macOS and keeps quit there', () => {
    const template = createMenuTemplate({
      platform: 'darwin',
      appName: 'Kiln',
      developerTools: false,
      showDataFolder: () => undefined,
    });
    expect(template.map((m) => m.label)).toEqual(['Kiln', 'File', 'Edit', 'View', 'Window', 'Help']);
    expect(roles(template[0])).toEqual([
      'about',
      'separator',
      'services',
      'separator',
      'hide',
      'hideOthers',
      'unhide',
      'separator',
      'quit',
    ]);
    expect(roles(template[1])).toEqual(['close']);
    expect(roles(template[2])).toContain('pasteAndMatchStyle');
    expect(roles(template[4])).toEqual(['minimize', 'zoom', 'separator', 'front']);
  });

  it('offers developer tools only outside packaged builds', () => {
    for (const platform of ['linux', 'darwin', 'win32'] as const) {
      expect(
        allRoles(
          createMenuTemplate({ platform, appName: 'Kiln', developerTools: false, showDataFolder: () => undefined }),
        ),
      ).not.toContain('toggleDevTools');
      expect(
        allRoles(
          createMenuTemplate({ platform, appName: 'Kiln', developerTools: true, showDataFolder: () => undefined }),
        ),
      ).toContain('toggleDevTools');
    }
  });

  it('opens the data folder from Help', () => {
    const showDataFolder = vi.fn();
    const help = createMenuTemplate({ platform: 'linux', appName: 'Kiln', developerTools: false, showDataFolder }).at(
      -1,
    )!;
    const item = (help.submenu as MenuItemConstructorOptions[]).find((i) => i.label === 'Show Data Folder')!;
    (item.click as () => void)();
    expect(showDataFolder).toHaveBeenCalledOnce();
  });
});
