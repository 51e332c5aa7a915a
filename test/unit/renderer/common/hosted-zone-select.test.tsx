// @vitest-environment happy-dom
// The hosted zone picker against the fake API: the account's zones with their kind and record count, filtering, the
// empty state's advice, an error with Retry, and the zone handed to onChange.
import { cleanup, waitFor } from '@testing-library/react';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { fail, ok } from '../../../../electron/common/result';
import { HostedZoneSelect, NO_HOSTED_ZONES } from '../../../../renderer/src/common/hosted-zone-select';
import { createFakeKilnApi, type FakeKilnApi } from '../../../support/fake-kiln-api';
import { cloudscape, renderWithApi } from '../render-with-api';

afterEach(cleanup);

const ZONES = [
  { id: 'Z1PUBLIC', name: 'example.test', private: false, recordCount: 3 },
  { id: 'Z2PRIVATE', name: 'internal.test', private: true, recordCount: 1 },
];

function renderSelect(hostedZones = ZONES, setup?: (api: FakeKilnApi) => void) {
  const api = createFakeKilnApi({ hostedZones });
  setup?.(api);
  const onChange = vi.fn();
  renderWithApi(<HostedZoneSelect profileId="sandbox" value="" onChange={onChange} testId="zone" />, api);
  const select = cloudscape().findSelect('[data-testid="zone"]')!;
  return { api, onChange, select };
}

describe('HostedZoneSelect', () => {
  it('lists the zones with public/private and their record count, and hands the chosen zone over', async () => {
    const { api, onChange, select } = renderSelect();
    select.openDropdown();
    await waitFor(() => expect(select.findDropdown().findOptionByValue('Z2PRIVATE')).toBeTruthy());
    const text = select.findDropdown().findOptionByValue('Z2PRIVATE')!.getElement().textContent;
    expect(text).toContain('internal.test');
    expect(text).toContain('Private');
    expect(text).toContain('1 record');
    expect(select.findDropdown().findOptionByValue('Z1PUBLIC')!.getElement().textContent).toContain('3 records');
    select.selectOptionByValue('Z2PRIVATE');
    expect(onChange).toHaveBeenCalledWith(ZONES[1]);
    expect(api.callsOf('network.hostedZones')[0]).toEqual({ profileId: 'sandbox' });
  });

  it('filters by name', async () => {
    const { select } = renderSelect();
    select.openDropdown();
    await waitFor(() => expect(select.findDropdown().findOptionByValue('Z1PUBLIC')).toBeTruthy());
    select.findFilteringInput()!.setInputValue('intern');
    await waitFor(() => expect(select.findDropdown().findOptionByValue('Z1PUBLIC')).toBeNull());
    expect(select.findDropdown().findOptionByValue('Z2PRIVATE')).toBeTruthy();
  });

  it('says to create a zone in Route 53 when the account has none', async () => {
    const { select } = renderSelect([]);
    select.openDropdown();
    await waitFor(() => expect(select.findDropdown().getElement().textContent).toContain(NO_HOSTED_ZONES));
  });

  it('shows an AccessDenied in the dropdown, and Retry asks again', async () => {
    let calls = 0;
    const { select } = renderSelect(ZONES, (api) =>
      api.respond('network.hostedZones', () => {
        calls++;
        return calls === 1
          ? fail({
              code: 'AccessDenied',
              message: 'This identity may not list Route 53 hosted zones (route53:ListHostedZones is missing).',
            })
          : ok(ZONES);
      }),
    );
    select.openDropdown();
    await waitFor(() =>
      expect(select.findDropdown().getElement().textContent).toContain('route53:ListHostedZones is missing'),
    );
    select.findErrorRecoveryButton()!.click();
    await waitFor(() => expect(select.findDropdown().findOptionByValue('Z1PUBLIC')).toBeTruthy());
  });
});
