import { fileURLToPath } from 'node:url';
import react from '@vitejs/plugin-react';
import { defineConfig } from 'vitest/config';

// The Electron binary cannot be downloaded on build machines: every import of 'electron' in a test gets a stub
// that throws, unless the test mocks it with vi.mock('electron', …). electron-store imports 'electron' too: it goes
// through Vite (not plain Node), so that import gets the stub or the test's mock, never the real package.
const electronStub = fileURLToPath(new URL('./test/support/electron-stub.ts', import.meta.url));

export default defineConfig({
  plugins: [react()],
  resolve: { alias: { electron: electronStub } },
  test: {
    include: ['test/**/*.test.ts', 'test/**/*.test.tsx'],
    environment: 'node',
    server: { deps: { inline: ['electron-store'] } },
    testTimeout: 30_000,
    hookTimeout: 60_000,
    pool: 'forks',
    fileParallelism: true,
    maxWorkers: 2,
  },
});
