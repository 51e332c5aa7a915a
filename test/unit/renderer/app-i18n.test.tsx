// @vitest-environment happy-dom
// Cloudscape's icon-only buttons get their names from the app's I18nProvider (or a label Kiln passes).
import { cleanup, fireEvent, render, screen, within } from '@testing-library/react';
import { afterEach, describe, expect, it } from 'vitest';
import { App } from '../../../renderer/src/app';
import { createFakeKilnApi, launchRecord } from '../../support/fake-kiln-api';
import { patient } from './launch-wizard/wizard-driver';
import './render-with-api';

afterEach(cleanup);

const running = launchRecord({
  id: 'launch-a',
  phase: 'installing',
  instanceId: 'i-0123456789abcdef0',
  instanceState: 'running',
  spec: { ...launchRecord().spec, name: 'web-1' },
});

describe('App: icon buttons have names', () => {
  it("names the modal's close button", async () => {
    window.history.replaceState(null, '', '/#/launches/launch-a');
    render(<App api={createFakeKilnApi({ launches: [running] })} />);
    fireEvent.click(await screen.findByTestId('terminate-button', {}, patient));
    const dialog = await screen.findByRole('dialog', {}, patient);
    expect(within(dialog).getByRole('button', { name: 'Close modal' })).toBeTruthy();
  });
});
