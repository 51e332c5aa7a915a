// @vitest-environment happy-dom
import { cleanup, fireEvent, screen, waitFor } from '@testing-library/react';
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { LaunchRecord } from '../../../../electron/common/models';
import { ok } from '../../../../electron/common/result';
import { ConnectivityPanel, needsDoctor } from '../../../../renderer/src/launch-detail/connectivity-panel';
import {
  AutoTerminateBanner,
  CleanupProblem,
  KeepForSalvage,
} from '../../../../renderer/src/launch-detail/salvage-controls';
import { createFakeKilnApi, launchRecord } from '../../../support/fake-kiln-api';
import { cloudscape, renderWithApi } from '../render-with-api';

afterEach(cleanup);

describe('keep for salvage', () => {
  it('keeps a failed launch for the chosen window and hands the record back', async () => {
    const record = launchRecord({ id: 'launch-1', phase: 'failed' });
    const api = createFakeKilnApi({ launches: [record] });
    const onRecord = vi.fn<(record: LaunchRecord) => void>();
    renderWithApi(<KeepForSalvage record={record} onRecord={onRecord} />, api);
    fireEvent.click(screen.getByTestId('keep-for-salvage-button'));
    await waitFor(() => expect(onRecord).toHaveBeenCalled());
    expect(api.callsOf('launch.keepForSalvage')).toEqual([{ launchId: 'launch-1', hours: 24 }]);
    expect(onRecord.mock.calls[0][0].terminateAt).toBeTypeOf('string');
  });

  it('labels the duration select with a visible label', () => {
    const record = launchRecord({ id: 'launch-1', phase: 'failed' });
    renderWithApi(<KeepForSalvage record={record} onRecord={vi.fn()} />, createFakeKilnApi({ launches: [record] }));
    const trigger = cloudscape().findSelect('[data-testid="salvage-duration"]')!.findTrigger().getElement();
    const names = (trigger.getAttribute('aria-labelledby') ?? '')
      .split(' ')
      .map((id) => document.getElementById(id)?.textContent);
    expect(names).toContain('Keep the instance for');
    expect(screen.getByText('Keep the instance for')).toBeTruthy();
  });

  it('shows the banner with the time and cancels the timer', async () => {
    const record = launchRecord({ id: 'launch-1', phase: 'failed', terminateAt: '2030-01-01T00:00:00.000Z' });
    const api = createFakeKilnApi({ launches: [record] });
    const onRecord = vi.fn();
    renderWithApi(<AutoTerminateBanner record={record} onRecord={onRecord} />, api);
    expect(screen.getByTestId('auto-terminate-banner').textContent).toContain('2030');
    fireEvent.click(screen.getByTestId('cancel-auto-terminate-button'));
    await waitFor(() => expect(onRecord).toHaveBeenCalledWith(expect.objectContaining({ terminateAt: undefined })));
  });

  it('offers a retry when cleanup failed after terminate', async () => {
    const record = launchRecord({
      id: 'launch-1',
      phase: 'terminated',
      securityGroupDeleted: false,
      error: { code: 'DependencyViolation', message: 'Still in use.' },
    });
    const api = createFakeKilnApi({ launches: [record] });
    const onRecord = vi.fn();
    renderWithApi(<CleanupProblem record={record} onRecord={onRecord} />, api);
    expect(screen.getByTestId('cleanup-problem').textContent).toContain('Still in use.');
    fireEvent.click(screen.getByTestId('retry-cleanup-button'));
    await waitFor(() => expect(onRecord).toHaveBeenCalledWith(expect.objectContaining({ securityGroupDeleted: true })));
  });
});

describe('connectivity panel', () => {
  it('lists the checks, offers the rule fix, and re-checks after it', async () => {
    const record = launchRecord({
      id: 'launch-1',
      agentLink: { state: 'unreachable', since: '2025-01-15T10:00:00.000Z', detail: 'Agent not reachable yet (40 s)' },
    });
    expect(needsDoctor(record)).toBe(true);
    const api = createFakeKilnApi({ launches: [record] });
    api.respond('launch.diagnose', () =>
      ok({
        checkedAt: '2025-01-15T10:01:00.000Z',
        operatorCidr: '203.0.113.9/32',
        checks: [
          { id: 'public-ip', ok: true, title: 'The instance has a public IP address' },
          {
            id: 'security-group',
            ok: false,
            title: 'The agent port 8443 is not open to your current address',
            fix: 'update-agent-rule',
          },
        ],
        consoleOutput: 'cloud-init: ready',
      }),
    );
    const onRecord = vi.fn();
    renderWithApi(<ConnectivityPanel record={record} onRecord={onRecord} />, api);
    fireEvent.click(screen.getByTestId('diagnose-button'));
    expect((await screen.findByTestId('check-security-group')).getAttribute('data-ok')).toBe('false');
    expect(screen.getByTestId('check-public-ip').getAttribute('data-ok')).toBe('true');
    fireEvent.click(screen.getByTestId('update-rule-button'));
    await waitFor(() =>
      expect(onRecord).toHaveBeenCalledWith(expect.objectContaining({ operatorCidr: '203.0.113.9/32' })),
    );
    await waitFor(() => expect(api.callsOf('launch.diagnose').length).toBe(2));
  });
});
