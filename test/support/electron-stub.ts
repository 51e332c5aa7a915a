// Stands in for the 'electron' package in tests: the real one downloads a binary on first use, which fails here.
const fail = (): never => {
  throw new Error('electron is not available in tests: mock it with vi.mock("electron", …)');
};
export const app = new Proxy({}, { get: fail });
export const BrowserWindow = fail;
export const ipcMain = new Proxy({}, { get: fail });
export const ipcRenderer = new Proxy({}, { get: fail });
export const contextBridge = new Proxy({}, { get: fail });
export const session = new Proxy({}, { get: fail });
export const shell = new Proxy({}, { get: fail });
export const safeStorage = new Proxy({}, { get: fail });
export default {};
