import { EventEmitter } from 'node:events';
import { mkdtemp, readFile, rename, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it, vi } from 'vitest';
import {
  DEFAULT_WINDOW_STATE,
  fitToDisplays,
  keepWindowState,
  loadWindowState,
  parseWindowState,
  type TrackedWindow,
  type WindowStateFiles,
} from '../../../electron/main/window-state';

const laptop = { x: 0, y: 0, width: 1440, height: 875 };
const external = { x: 1440, y: 0, width: 2560, height: 1415 };

const files: WindowStateFiles = {
  read: (file) => readFile(file, 'utf8'),
  write: async (file, text) => {
    await writeFile(`${file}.tmp`, text);
    await rename(`${file}.tmp`, file);
  },
};

function fakeWindow(bounds = { x: 100, y: 80, width: 1200, height: 800 }) {
  const emitter = new EventEmitter();
  const state = { bounds, maximized: false, minimized: false, fullScreen: false };
  const window: TrackedWindow = {
    on: (event, listener) => emitter.on(event, listener),
    getNormalBounds: () => state.bounds,
    isMaximized: () => state.maximized,
    isMinimized: () => state.minimized,
    isFullScreen: () => state.fullScreen,
  };
  return { window, state, emit: (event: string) => emitter.emit(event) };
}

describe('window state', () => {
  it('keeps a position that is on a display', () => {
    expect(fitToDisplays({ x: 1600, y: 100, width: 1300, height: 900, maximized: true }, [laptop, external])).toEqual({
      x: 1600,
      y: 100,
      width: 1300,
      height: 900,
      maximized: true,
    });
  });

  it('centres on the primary display a window left on a monitor that is gone', () => {
    const fitted = fitToDisplays({ x: 1600, y: 100, width: 1300, height: 800, maximized: false }, [laptop]);
    expect(fitted).toEqual({ x: 70, y: 38, width: 1300, height: 800, maximized: false });
  });

  it('treats a window whose title bar is off every screen as lost', () => {
    expect(fitToDisplays({ x: 100, y: -700, width: 1000, height: 720, maximized: false }, [laptop])).toMatchObject({
      x: 220,
      y: 78,
    });
    expect(fitToDisplays({ x: -990, y: 100, width: 1000, height: 700, maximized: false }, [laptop])).toMatchObject({
      x: 220,
      y: 88,
    });
  });

  it('shrinks a window larger than its display and pulls its edges inside', () => {
    expect(fitToDisplays({ x: 1000, y: 500, width: 3000, height: 2000, maximized: false }, [laptop])).toEqual({
      x: 0,
      y: 0,
      width: 1440,
      height: 875,
      maximized: false,
    });
    expect(fitToDisplays({ x: 1300, y: 300, width: 1000, height: 700, maximized: false }, [laptop, external])).toEqual({
      x: 1440,
      y: 300,
      width: 1000,
      height: 700,
      maximized: false,
    });
  });

  it('lets the platform place a window that was never placed', () => {
    expect(fitToDisplays(DEFAULT_WINDOW_STATE, [{ x: 0, y: 0, width: 1024, height: 700 }])).toEqual({
      width: 1024,
      height: 700,
      maximized: false,
    });
  });

  it('reads only well-formed state', () => {
    expect(parseWindowState('{"x":1,"y":2,"width":1000,"height":700,"maximized":true}')).toEqual({
      x: 1,
      y: 2,
      width: 1000,
      height: 700,
      maximized: true,
    });
    expect(parseWindowState('{"width":1000,"height":700}')).toEqual({ width: 1000, height: 700, maximized: false });
    expect(parseWindowState('{"x":"1","y":2,"width":1000,"height":700}')).toEqual({
      width: 1000,
      height: 700,
      maximized: false,
    });
    for (const bad of [
      '',
      '{"wid',
      'null',
      '[]',
      '{"width":-5,"height":700}',
      '{"width":1e400,"height":700}',
      '{"width":1.5,"height":2}',
    ]) {
      expect(parseWindowState(bad), bad).toBeUndefined();
    }
  });

  it('saves on move and resize (debounced) and on close, and the next start reads it back fitted', async () => {
    const file = path.join(await mkdtemp(path.join(os.tmpdir(), 'kiln-window-')), 'window-state.json');
    expect(await loadWindowState(file, files, [laptop])).toEqual({ width: 1360, height: 875, maximized: false });

    const { window, state, emit } = fakeWindow();
    const saveNow = keepWindowState({ window, file, files, log: () => undefined, debounceMs: 20 });
    emit('move');
    emit('resize');
    await vi.waitFor(
      async () =>
        expect(JSON.parse(await readFile(file, 'utf8'))).toEqual({
          x: 100,
          y: 80,
          width: 1200,
          height: 800,
          maximized: false,
        }),
      {
        timeout: 5_000,
      },
    );

    // Maximized: the normal bounds are kept, with the flag.
    state.bounds = { x: 1500, y: 40, width: 1100, height: 760 };
    state.maximized = true;
    emit('close');
    await saveNow();
    expect(JSON.parse(await readFile(file, 'utf8'))).toEqual({
      x: 1500,
      y: 40,
      width: 1100,
      height: 760,
      maximized: true,
    });
    expect(await loadWindowState(file, files, [laptop, external])).toEqual({
      x: 1500,
      y: 40,
      width: 1100,
      height: 760,
      maximized: true,
    });
    expect(await loadWindowState(file, files, [laptop])).toEqual({
      x: 170,
      y: 58,
      width: 1100,
      height: 760,
      maximized: true,
    });
  });

  it('does not save the bounds of a minimized window, and a damaged file gives the default', async () => {
    const file = path.join(await mkdtemp(path.join(os.tmpdir(), 'kiln-window-')), 'window-state.json');
    const { window, state, emit } = fakeWindow();
    const saveNow = keepWindowState({ window, file, files, log: () => undefined });
    state.minimized = true;
    emit('close');
    await saveNow();
    await expect(readFile(file, 'utf8')).rejects.toThrow(/ENOENT/);
    await writeFile(file, '{"x": 10, "y"');
    expect(await loadWindowState(file, files, [external])).toEqual({ width: 1360, height: 900, maximized: false });
  });

  it('after the window closes, waits for the last write without asking the destroyed window again', async () => {
    const file = path.join(await mkdtemp(path.join(os.tmpdir(), 'kiln-window-')), 'window-state.json');
    const { window, emit } = fakeWindow();
    const saveNow = keepWindowState({ window, file, files, log: () => undefined });
    emit('close');
    window.getNormalBounds = () => {
      throw new Error('Object has been destroyed');
    };
    await saveNow();
    expect(JSON.parse(await readFile(file, 'utf8'))).toEqual({
      x: 100,
      y: 80,
      width: 1200,
      height: 800,
      maximized: false,
    });
  });

  it('logs a failed write instead of failing the window', async () => {
    const logged: string[] = [];
    const { window } = fakeWindow();
    const saveNow = keepWindowState({
      window,
      file: '/x',
      files: { read: files.read, write: async () => Promise.reject(new Error('disk full')) },
      log: (m) => logged.push(m),
    });
    await saveNow();
    expect(logged).toEqual(["could not save the window's position to /x"]);
  });
});
