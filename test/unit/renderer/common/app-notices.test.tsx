// @vitest-environment happy-dom
import { act, cleanup, fireEvent, screen, within } from '@testing-library/react';
import { afterEach, describe, expect, it } from 'vitest';
import type { AppNotice } from '../../../../electron/common/models';
import { AppNoticesAlert } from '../../../../renderer/src/common/app-notices';
import { createFakeKilnApi } from '../../../support/fake-kiln-api';
import { waitFor } from '../../../support/wait';
import { renderWithApi } from '../render-with-api';

afterEach(() => {
  cleanup();
  window.sessionStorage.clear();
});

const inMemory: AppNotice = {
  code: 'SecretsInMemoryOnly',
  message: 'Kiln keeps agent tokens in memory only: no keyring was found.',
  remedy: 'Install and unlock a keyring (GNOME Keyring or KWallet).',
};
const other: AppNotice = { code: 'Other', message: 'Something the operator should know.' };

function setup(notices?: AppNotice[]) {
  return renderWithApi(<AppNoticesAlert />, createFakeKilnApi({ notices }));
}

describe('AppNoticesAlert', () => {
  it('shows nothing when the backend has no notice', async () => {
    const { api } = setup();
    await waitFor('the query', () => api.callsOf('app.notices').length === 1);
    await act(async () => undefined);
    expect(screen.queryByTestId('app-notice')).toBeNull();
  });

  it('shows each notice with its remedy', async () => {
    setup([inMemory, other]);
    await screen.findAllByTestId('app-notice');
    const shown = screen.getAllByTestId('app-notice');
    expect(shown.map((e) => e.dataset.code)).toEqual(['SecretsInMemoryOnly', 'Other']);
    expect(shown[0].textContent).toContain(inMemory.message);
    expect(shown[0].textContent).toContain('Install and unlock a keyring');
    expect(shown[1].textContent).toBe(other.message);
  });

  it('hides a dismissed notice for the rest of the session, after a reload too, and shows one pushed later', async () => {
    const { api, unmount } = setup([inMemory]);
    const alert = await screen.findByTestId('app-notice');
    fireEvent.click(within(alert).getByRole('button', { name: 'Dismiss' }));
    expect(screen.queryByTestId('app-notice')).toBeNull();

    act(() => api.emit('app.notices', [inMemory, other]));
    expect(screen.getAllByTestId('app-notice').map((e) => e.dataset.code)).toEqual(['Other']);

    unmount();
    const reloaded = createFakeKilnApi({ notices: [inMemory, other] });
    renderWithApi(<AppNoticesAlert />, reloaded);
    await waitFor('the query', () => reloaded.callsOf('app.notices').length === 1);
    expect((await screen.findAllByTestId('app-notice')).map((e) => e.dataset.code)).toEqual(['Other']);
  });
});
