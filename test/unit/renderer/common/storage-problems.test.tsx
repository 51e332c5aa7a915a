// @vitest-environment happy-dom
import { act, cleanup, fireEvent, screen } from '@testing-library/react';
import { afterEach, describe, expect, it } from 'vitest';
import type { StorageProblem } from '../../../../electron/common/models';
import { ok } from '../../../../electron/common/result';
import { StorageProblemsAlert } from '../../../../renderer/src/common/storage-problems';
import { createFakeKilnApi } from '../../../support/fake-kiln-api';
import { waitFor } from '../../../support/wait';
import { renderWithApi } from '../render-with-api';

afterEach(cleanup);

const record: StorageProblem = {
  kind: 'launch-record',
  file: '/home/op/.config/Kiln/launches/l-1.json',
  backupPath: '/home/op/.config/Kiln/launches/l-1.json.unreadable-2026-05-01T09-30-00.000Z',
  detectedAt: '2026-05-01T09:30:00.000Z',
  message: 'The record of launch l-1 could not be read (not valid JSON); the launch is not shown.',
  remedy: 'Its instance may still run in AWS: Import from AWS adopts it again.',
  launchId: 'l-1',
};
const presets: StorageProblem = {
  kind: 'presets',
  file: '/home/op/.config/Kiln/presets.json',
  backupPath: '/home/op/.config/Kiln/presets.json.unreadable-2026-05-01T09-30-00.001Z',
  detectedAt: '2026-05-01T09:30:00.001Z',
  message: 'Kiln could not read presets.json (not valid JSON), so it starts without it.',
  remedy: 'The content is kept beside it; nothing was overwritten.',
};

function setup(initial: StorageProblem[]) {
  const api = createFakeKilnApi();
  api.respond('storage.problems', () => ok(initial));
  renderWithApi(<StorageProblemsAlert />, api);
  return api;
}

describe('StorageProblemsAlert', () => {
  it('shows nothing while every file could be read', async () => {
    const api = setup([]);
    await waitFor('the query', () => api.callsOf('storage.problems').length === 1);
    await act(async () => undefined);
    expect(screen.queryByTestId('storage-problems')).toBeNull();
  });

  it('names each unreadable file with the path of its backup, and the launch of a record', async () => {
    setup([record, presets]);
    const alert = await screen.findByTestId('storage-problems');
    expect(alert.textContent).toContain('Kiln could not read 2 of its files and kept them aside');
    expect(alert.textContent).toContain('Launch record of launch l-1');
    expect(alert.textContent).toContain('Import from AWS');
    expect(screen.getAllByTestId('storage-problem-backup').map((e) => e.textContent)).toEqual([
      record.backupPath,
      presets.backupPath,
    ]);
    expect(screen.getAllByTestId('storage-problem').map((e) => e.dataset.kind)).toEqual(['launch-record', 'presets']);
  });

  it('comes back after a dismiss when the backend reports another file', async () => {
    const api = setup([record]);
    await screen.findByTestId('storage-problems');
    fireEvent.click(screen.getByRole('button', { name: 'Dismiss' }));
    expect(screen.queryByTestId('storage-problems')).toBeNull();
    act(() => api.emit('storage.problems', [record, presets]));
    expect((await screen.findByTestId('storage-problems')).textContent).toContain('2 of its files');
  });
});
