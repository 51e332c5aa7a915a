import { describe, expect, it } from 'vitest';
import { defaultDataDir } from '../../../../electron/core/store/data-dir';

describe('default data directory', () => {
  it('is the per-user config directory of each platform', () => {
    expect(defaultDataDir('linux', {}, '/home/op')).toBe('/home/op/.config/Kiln');
    expect(defaultDataDir('linux', { XDG_CONFIG_HOME: '/xdg' }, '/home/op')).toBe('/xdg/Kiln');
    expect(defaultDataDir('linux', { XDG_CONFIG_HOME: 'relative' }, '/home/op')).toBe('/home/op/.config/Kiln');
    expect(defaultDataDir('darwin', {}, '/Users/op')).toBe('/Users/op/Library/Application Support/Kiln');
    expect(defaultDataDir('win32', { APPDATA: 'C:\\Users\\op\\AppData\\Roaming' }, 'C:\\Users\\op')).toBe(
      'C:\\Users\\op\\AppData\\Roaming\\Kiln',
    );
    expect(defaultDataDir('win32', {}, 'C:\\Users\\op')).toBe('C:\\Users\\op\\AppData\\Roaming\\Kiln');
  });
});
