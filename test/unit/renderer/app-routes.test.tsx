// @vitest-environment happy-dom
import { cleanup, fireEvent, render, screen, waitFor } from '@testing-library/react';
import { afterEach, describe, expect, it } from 'vitest';
import { App } from '../../../renderer/src/app';
import { createFakeKilnApi, launchRecord } from '../../support/fake-kiln-api';
import { fleetRecord } from './fleets/fleet-fixtures';
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

describe('App: every page has its own URL', () => {
  it('opens a launch from a real link, puts it in the URL and focuses its heading', async () => {
    render(<App api={createFakeKilnApi({ launches: [running] })} />);
    const link = await screen.findByTestId('launch-link-launch-a');
    expect(link.getAttribute('href')).toBe('#/launches/launch-a');
    fireEvent.click(link);
    await screen.findByTestId('launch-detail');
    expect(window.location.hash).toBe('#/launches/launch-a');
    await waitFor(() => expect(document.activeElement?.tagName).toBe('H1'), patient);
    expect(document.activeElement?.textContent).toBe('web-1');
    expect(screen.getByTestId('back-to-launches').getAttribute('href')).toBe('#/launches');
  });

  it('opens the page a bookmarked or reloaded URL names', async () => {
    window.history.replaceState(null, '', '/#/launches/launch-a');
    render(<App api={createFakeKilnApi({ launches: [running] })} />);
    await waitFor(
      () => expect(screen.getByTestId('launch-detail').getAttribute('data-launch-id')).toBe('launch-a'),
      patient,
    );
    expect(screen.getByRole('heading', { level: 1 }).textContent).toBe('web-1');
  });

  it('gives the Cleanup, Inventory and Images pages and the wizard their URLs from the navigation', async () => {
    render(<App api={createFakeKilnApi()} />);
    await screen.findByTestId('launches-table');
    const nav = screen.getByRole('navigation', { name: 'Navigation' });
    for (const [name, hash] of [
      ['Cleanup', '#/cleanup'],
      ['Inventory', '#/inventory'],
      ['Images', '#/images'],
      ['Launch instance', '#/new-launch'],
    ] as const) {
      const link = [...nav.querySelectorAll('a')].find((a) => a.textContent === name)!;
      expect(link.getAttribute('href')).toBe(hash);
      fireEvent.click(link);
      await waitFor(() => expect(window.location.hash).toBe(hash));
    }
    expect(await screen.findByTestId('region-select', {}, patient)).toBeTruthy();
  });

  it('opens a bookmarked fleet page, under Fleets in the breadcrumbs', async () => {
    window.history.replaceState(null, '', '/#/fleets/fl-0000000a');
    render(<App api={createFakeKilnApi({ fleets: [fleetRecord()] })} />);
    await waitFor(
      () => expect(screen.getByTestId('fleet-detail-view').getAttribute('data-fleet-id')).toBe('fl-0000000a'),
      patient,
    );
    expect(screen.getByRole('heading', { level: 1 }).textContent).toBe('web');
    const crumbs = screen.getByRole('navigation', { name: 'Breadcrumbs' });
    expect(crumbs.querySelector('a[href="#/fleets"]')).toBeTruthy();
    await waitFor(() => expect(crumbs.textContent).toContain('web'), patient);
    expect(crumbs.textContent).not.toContain('fl-0000000a');
    // Fleets is a section of its own, not a page inside Launches.
    expect(crumbs.textContent).not.toContain('Launches');
  });

  it('spells out invisible characters of the launch name in the breadcrumb', async () => {
    const hostile = launchRecord({ ...running, spec: { ...running.spec, name: 'safe\u202Etxt.exe' } });
    window.history.replaceState(null, '', '/#/launches/launch-a');
    render(<App api={createFakeKilnApi({ launches: [hostile] })} />);
    const breadcrumbs = await screen.findByRole('navigation', { name: 'Breadcrumbs' });
    await waitFor(() => expect(breadcrumbs.textContent).toContain('safe<U+202E>txt.exe'), patient);
    expect(breadcrumbs.textContent).not.toContain('\u202E');
  });

  it('says so for a path it does not know', async () => {
    window.history.replaceState(null, '', '/#/nowhere');
    render(<App api={createFakeKilnApi()} />);
    expect(await screen.findByText('No such page')).toBeTruthy();
  });

  it('offers a skip link past the navigation that moves focus to the page heading', async () => {
    render(<App api={createFakeKilnApi({ launches: [running] })} />);
    await screen.findByTestId('launch-link-launch-a');
    const skip = screen.getByText('Skip to main content');
    expect(document.body.querySelector('a')).toBe(skip);
    fireEvent.click(skip);
    await waitFor(() => expect(document.activeElement?.textContent).toContain('Launches'));
    expect(document.activeElement?.tagName).toBe('H1');
  });
});
