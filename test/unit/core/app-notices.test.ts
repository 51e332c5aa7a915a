// Notices of the run: the list, its changes pushed to the UI, and the `app.notices` command of the backend.
import { mkdtemp } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import type { EventName } from '../../../electron/common/contract';
import type { AppNotice } from '../../../electron/common/models';
import { createAppNotices } from '../../../electron/core/app-notices';
import { createCommandHandlers } from '../../../electron/core/backend';
import { createKilnBackend } from '../../../electron/core/kiln-backend';
import { createMemorySecretStore } from '../../../electron/core/store/secret-store';
import { backendCommands } from '../../support/backend-commands';

const REPO_ROOT = path.resolve(__dirname, '..', '..', '..');
const inMemory: AppNotice = {
  code: 'SecretsInMemoryOnly',
  message: 'Kiln keeps agent tokens in memory only: no keyring.',
  remedy: 'Install a keyring.',
};
const other: AppNotice = { code: 'Other', message: 'Something else.' };

describe('app notices', () => {
  it('keeps one notice per code and pushes the whole list on each change', () => {
    const notices = createAppNotices([inMemory]);
    const pushed: AppNotice[][] = [];
    const unsubscribe = notices.subscribe((list) => pushed.push(list));
    notices.publish(other);
    notices.publish({ ...inMemory, message: 'Changed.' });
    notices.withdraw('Other');
    notices.withdraw('Other');
    expect(pushed).toEqual([
      [inMemory, other],
      [{ ...inMemory, message: 'Changed.' }, other],
      [{ ...inMemory, message: 'Changed.' }],
    ]);
    unsubscribe();
    notices.withdraw('SecretsInMemoryOnly');
    expect(pushed).toHaveLength(3);
    expect(notices.list()).toEqual([]);
  });

  it('answers app.notices from the backend handlers', async () => {
    // Only app.notices is called here.
    const deps = { notices: createAppNotices([inMemory]) } as unknown as Parameters<typeof createCommandHandlers>[0];
    const { must } = backendCommands(() => createCommandHandlers(deps));
    expect(await must('app.notices', {})).toEqual([inMemory]);
  });

  it('takes its notices from the composition root, none by default, and emits app.notices when they change', async () => {
    const create = async (notices?: AppNotice[]) =>
      createKilnBackend({
        dataDir: await mkdtemp(path.join(os.tmpdir(), 'kiln-notices-')),
        assetsDir: path.join(REPO_ROOT, 'assets'),
        agentBundlePath: path.join(REPO_ROOT, 'dist', 'agent', 'kiln-agent.cjs'),
        secrets: createMemorySecretStore(),
        notices,
        log: () => undefined,
        loadProfiles: async () => [],
      });
    const web = await create();
    try {
      expect(await backendCommands(() => web.handlers).must('app.notices', {})).toEqual([]);
    } finally {
      web.dispose();
    }
    const desktop = await create([inMemory]);
    try {
      expect(await backendCommands(() => desktop.handlers).must('app.notices', {})).toEqual([inMemory]);
      const events: Array<[EventName, unknown]> = [];
      desktop.events.subscribe((event, payload) => events.push([event, payload]));
      desktop.notices.withdraw('SecretsInMemoryOnly');
      expect(events).toEqual([['app.notices', []]]);
    } finally {
      desktop.dispose();
    }
  });
});
