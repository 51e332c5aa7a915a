/**
 * The sandboxed preload: exposes `window.kiln`, one function per contract command and one typed subscribe for
 * events. Never exposes ipcRenderer itself nor the IpcRendererEvent.
 */
import { contextBridge, ipcRenderer } from 'electron';
import { createPreloadBridge } from './bridge';

contextBridge.exposeInMainWorld('kiln', createPreloadBridge(ipcRenderer));
