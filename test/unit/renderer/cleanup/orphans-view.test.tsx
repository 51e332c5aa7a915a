// @vitest-environment happy-dom
import { cleanup, fireEvent, screen, waitFor, within } from '@testing-library/react';
import { afterEach, describe, expect, it } from 'vitest';
import type { Orphan } from '../../../../electron/common/models';
import { fail } from '../../../../electron/common/result';
import { OrphansView } from '../../../../renderer/src/cleanup/orphans-view';
import { createFakeKilnApi } from '../../../support/fake-kiln-api';
import { cloudscape, renderWithApi } from '../render-with-api';

afterEach(cleanup);

const orphan = (id: string, kind: Orphan['kind'], cost: number | null): Orphan => ({
  kind,
  id,
  region: 'us-east-1',
  launchId: 'lost-1',
  name: 'old build',
  createdAt: '2025-01-10T00:00:00.000Z',
  estimatedCostPerDay: cost,
});

describe('OrphansView', () => {
  it('has the page heading first, then the table heading', async () => {
    renderWithApi(<OrphansView />, createFakeKilnApi());
    const headings = await screen.findAllByRole('heading');
    expect(headings.map((h) => `${h.tagName}:${h.textContent}`).slice(0, 2)).toEqual([
      'H1:Cleanup',
      expect.stringMatching(/^H2:Leftovers/),
    ]);
  });

  it('lists leftovers of the first usable profile with their cost per day', async () => {
    const api = createFakeKilnApi({
      orphans: [orphan('i-0aaa', 'instance', 0.2496), orphan('sg-0bbb', 'security-group', 0)],
    });
    renderWithApi(<OrphansView />, api);
    await screen.findByTestId('orphan-i-0aaa');
    expect(api.callsOf('orphans.list')).toEqual([{ profileId: 'sandbox' }]);
    const table = screen.getByTestId('orphans-table');
    expect(within(table).getByText('$0.25')).toBeTruthy();
    expect(within(table).getByText('Security group')).toBeTruthy();
  });

  it('says nothing Kiln-tagged is left over when the scan finds nothing, not that everything belongs to a live launch', async () => {
    const api = createFakeKilnApi({ orphans: [] });
    renderWithApi(<OrphansView />, api);
    expect(await screen.findByText("Nothing Kiln-tagged is left over in this profile's regions.")).toBeTruthy();
    expect(screen.queryByText(/every Kiln-tagged resource/)).toBeNull();
  });

  it('cleans up only the selected leftovers after confirmation, then scans again', async () => {
    const api = createFakeKilnApi({
      orphans: [orphan('i-0aaa', 'instance', 0.2496), orphan('vol-0ccc', 'volume', null)],
    });
    renderWithApi(<OrphansView />, api);
    await screen.findByTestId('orphan-i-0aaa');
    const cleanButton = screen.getByTestId('clean-up-button');
    expect(cleanButton.hasAttribute('disabled')).toBe(true);
    cloudscape().findTable('[data-testid="orphans-table"]')!.findRowSelectionArea(1)!.click();
    await waitFor(() => expect(cleanButton.hasAttribute('disabled')).toBe(false));
    fireEvent.click(cleanButton);
    fireEvent.click(await screen.findByTestId('confirm-clean-up-button'));
    await screen.findByTestId('cleanup-result');
    expect(api.callsOf('orphans.clean')).toEqual([
      { profileId: 'sandbox', items: [{ kind: 'instance', id: 'i-0aaa', region: 'us-east-1' }] },
    ]);
    await waitFor(() => expect(screen.queryByTestId('orphan-i-0aaa')).toBeNull());
    expect(screen.getByTestId('orphan-vol-0ccc')).toBeTruthy();
    expect(api.callsOf('orphans.list').length).toBe(2);
  });

  it('shows a failed scan with its remedy and a retry', async () => {
    const api = createFakeKilnApi();
    api.respond('orphans.list', () =>
      fail({ code: 'SandboxNotRunning', message: 'The local sandbox does not answer.', remedy: 'Restart npm start.' }),
    );
    renderWithApi(<OrphansView />, api);
    expect(await screen.findByText('The local sandbox does not answer.')).toBeTruthy();
    expect(screen.getByText('Restart npm start.')).toBeTruthy();
    expect(screen.getByRole('button', { name: 'Retry' })).toBeTruthy();
  });
});
